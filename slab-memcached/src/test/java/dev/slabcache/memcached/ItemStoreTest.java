/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemStoreTest
{
    private final FakeClock clock = new FakeClock(1_700_000_000L);
    private final ItemStore store = new ItemStore(
        new StoreSettings(8L << 20, 1.25, 48, 1 << 20, true, null), clock, false);
    private final ItemView view = new ItemView();

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void shouldStoreAndGetAValue()
    {
        assertEquals(StoreResult.STORED, set("k", "hello", 7, 0));
        final long cas = view.cas;
        assertEquals("hello", get("k"));
        assertEquals(7, view.flags);
        assertEquals(cas, view.cas);
        assertEquals(5, view.valueLength);
        assertFalse(view.fetched);
        get("k");
        assertTrue(view.fetched);
    }

    @Test
    void shouldMissAnUnknownKey()
    {
        assertEquals(null, get("nope"));
        final Map<String, String> stats = stats();
        assertEquals("1", stats.get("get_misses"));
        assertEquals("1", stats.get("cmd_get"));
    }

    @Test
    void shouldReplaceAValueOfAnotherClass()
    {
        set("k", "a", 0, 0);
        set("k", "b".repeat(5000), 0, 0);
        assertEquals("b".repeat(5000), get("k"));
        set("k", "c", 0, 0);
        assertEquals("c", get("k"));
        assertEquals("1", stats().get("curr_items"));
    }

    @Test
    void shouldAppendAndPrepend()
    {
        set("k", "mid", 3, 0);
        assertEquals(StoreResult.STORED, store(StoreMode.APPEND, "k", "end", 0));
        assertEquals(StoreResult.STORED, store(StoreMode.PREPEND, "k", "start", 0));
        assertEquals("startmidend", get("k"));
        assertEquals(3, view.flags);
        assertEquals(StoreResult.NOT_STORED, store(StoreMode.APPEND, "none", "x", 0));
    }

    @Test
    void shouldIncrementAndDecrement()
    {
        set("n", "10", 0, 0);
        assertEquals(ArithResult.OK, arith("n", true, 5));
        assertEquals(15, view.number);
        assertEquals(ArithResult.OK, arith("n", false, 6));
        assertEquals(9, view.number);
        assertEquals("9 ", get("n"));
        assertEquals(ArithResult.OK, arith("n", true, 991));
        assertEquals("1000", get("n"));
    }

    private ArithResult arith(final String key, final boolean increment, final long delta)
    {
        final byte[] k = bytes(key);
        return store.arith(k, k.length, increment, delta, 0, ItemStore.NO_VIVIFY, 0, ItemStore.NO_TOUCH, view);
    }

    private StoreResult set(final String key, final String value, final int flags, final long exptime)
    {
        final byte[] k = bytes(key);
        final ByteBuf v = Unpooled.wrappedBuffer(bytes(value));
        return store.store(StoreMode.SET, k, k.length, flags, exptime, 0, false, v, 0, v.readableBytes(), view);
    }

    private StoreResult store(final StoreMode mode, final String key, final String value, final long cas)
    {
        final byte[] k = bytes(key);
        final ByteBuf v = Unpooled.wrappedBuffer(bytes(value));
        return store.store(mode, k, k.length, 0, 0, cas, false, v, 0, v.readableBytes(), view);
    }

    private String get(final String key)
    {
        final byte[] k = bytes(key);
        final ByteBuf out = Unpooled.buffer();
        return store.get(k, k.length, ItemStore.NO_TOUCH, view, out) ? out.toString(StandardCharsets.UTF_8) : null;
    }

    private Map<String, String> stats()
    {
        final Map<String, String> map = new HashMap<>();
        store.stats(map::put);
        return map;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
