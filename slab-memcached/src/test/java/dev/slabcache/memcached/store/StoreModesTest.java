/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreModesTest
{
    private final StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true));

    @AfterEach
    void close()
    {
        items.close();
    }

    @Test
    void shouldSetAndGetWithFlagsAndCas()
    {
        assertEquals(StoreResult.STORED, items.store(StoreMode.SET, "k", "hello", 0xFFFF_FFFF, 0, 0, false));
        final long cas = items.view.cas;
        assertEquals("hello", items.get("k"));
        assertEquals(0xFFFF_FFFF, items.view.flags);
        assertEquals(cas, items.view.cas);
        assertEquals(5, items.view.valueLength);
        assertEquals(0, items.view.expiresAt);
        assertEquals(StoreDriver.NOW, items.view.lastAccess);
        assertFalse(items.view.fetched);
        assertFalse(items.view.stale);
        items.get("k");
        assertTrue(items.view.fetched);
    }

    @Test
    void shouldGiveEachStoreANewCas()
    {
        items.set("a", "1");
        final long first = items.view.cas;
        items.set("a", "2");
        assertTrue(items.view.cas > first);
        items.set("b", "3");
        assertTrue(items.view.cas > first + 1);
    }

    @Test
    void shouldStoreAnEmptyValue()
    {
        assertEquals(StoreResult.STORED, items.set("k", ""));
        assertEquals("", items.get("k"));
    }

    @Test
    void shouldReplaceAValueOfAnotherClassAndKeepOneItem()
    {
        items.set("k", "a");
        items.set("k", "b".repeat(5000));
        assertEquals("b".repeat(5000), items.get("k"));
        items.set("k", "c");
        assertEquals("c", items.get("k"));
        assertEquals(1, items.stat("curr_items"));
        assertEquals(3, items.stat("total_items"));
    }

    @Test
    void shouldAddOnlyAMissingKey()
    {
        assertEquals(StoreResult.STORED, items.store(StoreMode.ADD, "k", "1"));
        assertEquals(StoreResult.NOT_STORED, items.store(StoreMode.ADD, "k", "2"));
        assertEquals("1", items.get("k"));
    }

    @Test
    void shouldAddOverAnExpiredItem()
    {
        items.set("k", "old", 10);
        items.clock.advance(10);
        assertEquals(StoreResult.STORED, items.store(StoreMode.ADD, "k", "new"));
        assertEquals("new", items.get("k"));
    }

    @Test
    void shouldReplaceOnlyALiveKey()
    {
        assertEquals(StoreResult.NOT_STORED, items.store(StoreMode.REPLACE, "k", "1"));
        assertNull(items.get("k"));
        items.set("k", "1");
        assertEquals(StoreResult.STORED, items.store(StoreMode.REPLACE, "k", "2"));
        assertEquals("2", items.get("k"));
    }

    @Test
    void shouldAppendAndPrependKeepingFlagsAndExpiry()
    {
        items.store(StoreMode.SET, "k", "mid", 3, 100, 0, false);
        final long expiresAt = StoreDriver.NOW + 100;
        assertEquals(StoreResult.STORED, items.store(StoreMode.APPEND, "k", "end", 9, 0, 0, false));
        assertEquals(StoreResult.STORED, items.store(StoreMode.PREPEND, "k", "start", 9, 0, 0, false));
        assertEquals("startmidend", items.get("k"));
        assertEquals(3, items.view.flags);
        assertEquals(expiresAt, items.view.expiresAt);
        assertEquals(StoreResult.NOT_STORED, items.store(StoreMode.APPEND, "none", "x"));
        assertEquals(StoreResult.NOT_STORED, items.store(StoreMode.PREPEND, "none", "x"));
    }

    @Test
    void shouldAppendAcrossClasses()
    {
        items.set("k", "x".repeat(100));
        for (int i = 0; i < 50; i++)
        {
            assertEquals(StoreResult.STORED, items.store(StoreMode.APPEND, "k", "y".repeat(1000)));
        }
        assertEquals("x".repeat(100) + "y".repeat(50_000), items.get("k"));
        assertEquals(1, items.stat("curr_items"));
    }

    @Test
    void shouldCasOnlyWithTheItemsCas()
    {
        assertEquals(StoreResult.NOT_FOUND, items.store(StoreMode.CAS, "k", "1", 0, 0, 5, false));
        items.set("k", "1");
        final long cas = items.view.cas;
        assertEquals(StoreResult.EXISTS, items.store(StoreMode.CAS, "k", "2", 0, 0, cas + 1, false));
        assertEquals(StoreResult.EXISTS, items.store(StoreMode.CAS, "k", "2", 0, 0, 0, false));
        assertEquals(StoreResult.STORED, items.store(StoreMode.CAS, "k", "3", 0, 0, cas, false));
        assertEquals("3", items.get("k"));
        assertEquals(StoreResult.EXISTS, items.store(StoreMode.CAS, "k", "4", 0, 0, cas, false));
        assertEquals(1, items.stat("cas_misses"));
        assertEquals(1, items.stat("cas_hits"));
        assertEquals(3, items.stat("cas_badval"));
    }

    @Test
    void shouldCompareCasInAnyMode()
    {
        items.set("k", "1");
        final long cas = items.view.cas;
        assertEquals(StoreResult.EXISTS, items.store(StoreMode.SET, "k", "2", 0, 0, cas + 7, false));
        assertEquals(StoreResult.EXISTS, items.store(StoreMode.APPEND, "k", "2", 0, 0, cas + 7, false));
        assertEquals(StoreResult.NOT_FOUND, items.store(StoreMode.SET, "other", "2", 0, 0, cas, false));
        assertEquals(StoreResult.STORED, items.store(StoreMode.APPEND, "k", "2", 0, 0, cas, false));
        assertEquals("12", items.get("k"));
    }

    @Test
    void shouldStoreStaleWithALowerCasWhenInvalidating()
    {
        items.set("k", "1", 100);
        final long cas = items.view.cas;
        items.set("k", "2", 500);
        final long newer = items.view.cas;
        assertEquals(StoreResult.EXISTS, items.store(StoreMode.SET, "k", "3", 0, 50, cas, false));
        assertEquals(StoreResult.STORED, items.store(StoreMode.SET, "k", "3", 0, 50, cas, true));
        assertNotEquals(newer, items.view.cas);
        assertEquals("3", items.get("k"));
        assertTrue(items.view.stale);
        assertTrue(items.view.win);
        assertEquals(StoreDriver.NOW + 500, items.view.expiresAt, "a stale store keeps the item's expiry");
        items.get("k");
        assertTrue(items.view.stale);
        assertFalse(items.view.win);
    }

    @Test
    void shouldInvalidateOnDeleteAndRestoreOnSet()
    {
        items.set("k", "1");
        final long cas = items.view.cas;
        assertEquals(DeleteResult.DELETED, items.delete("k", 0, true, 30));
        assertEquals("1", items.get("k"));
        assertTrue(items.view.stale);
        assertTrue(items.view.win, "the first reader of a stale item wins");
        assertTrue(items.view.cas > cas, "invalidation gives a new cas");
        assertEquals(StoreDriver.NOW + 30, items.view.expiresAt);
        items.get("k");
        assertFalse(items.view.win, "later readers do not");
        items.set("k", "2");
        items.get("k");
        assertFalse(items.view.stale);
        assertFalse(items.view.win);
    }

    @Test
    void shouldDeleteWithCasCheck()
    {
        assertEquals(DeleteResult.NOT_FOUND, items.delete("k"));
        items.set("k", "1");
        final long cas = items.view.cas;
        assertEquals(DeleteResult.EXISTS, items.delete("k", cas + 1, false, ItemStore.NO_TOUCH));
        assertEquals(DeleteResult.DELETED, items.delete("k", cas, false, ItemStore.NO_TOUCH));
        assertNull(items.get("k"));
        assertEquals(1, items.stat("delete_hits"));
        assertEquals(1, items.stat("delete_misses"));
        assertEquals(0, items.stat("curr_items"));
    }

    @Test
    void shouldRefuseATooLargeItemAndDropTheOldValueOnSet()
    {
        final int max = items.store.maxValueLength(1, 0);
        assertEquals((1 << 20) - 59 - 1, max, "memcached 1.6.18 at -I 1m: 48 + key + 1 + value + 2 + 8 bytes");
        assertEquals(StoreResult.STORED, items.set("k", "v".repeat(max)));
        assertEquals(max, items.get("k").length());
        assertEquals(StoreResult.TOO_LARGE, items.set("k", "v".repeat(max + 1)));
        assertNull(items.get("k"), "a failed set leaves no stale value, as memcached");
        items.set("a", "v".repeat(max - 1));
        assertEquals(StoreResult.NOT_STORED, items.store(StoreMode.APPEND, "a", "xx"), "as memcached 1.6.18");
        assertEquals(StoreResult.NOT_STORED, items.store(StoreMode.PREPEND, "a", "xx"));
        assertEquals(max - 1, items.get("a").length());
        assertEquals(StoreResult.STORED, items.store(StoreMode.APPEND, "a", "x"));
        assertEquals(max, items.get("a").length());
    }

    @Test
    void shouldReadTheValueFromAnyByteBuf()
    {
        final ByteBuf direct = Unpooled.directBuffer(16).writeBytes(StoreDriver.bytes("xxdirect"));
        final ByteBuf composite = Unpooled.wrappedBuffer(
            Unpooled.wrappedBuffer(StoreDriver.bytes("comp")), Unpooled.wrappedBuffer(StoreDriver.bytes("osite")));
        final byte[] key = StoreDriver.bytes("d");
        items.store.store(StoreMode.SET, key, 1, 0, 0, 0, false, direct, 2, 6, items.view);
        assertEquals(0, direct.readerIndex());
        assertEquals("direct", items.get("d"));
        items.store.store(StoreMode.SET, key, 1, 0, 0, 0, false, composite, 0, 9, items.view);
        assertEquals("composite", items.get("d"));
        final ByteBuf out = Unpooled.directBuffer(1);
        assertTrue(items.store.get(key, 1, ItemStore.NO_TOUCH, items.view, out));
        assertEquals("composite", out.toString(java.nio.charset.StandardCharsets.US_ASCII));
        direct.release();
        out.release();
    }

    @Test
    void shouldUseOnlyTheGivenKeyLength()
    {
        final byte[] key = StoreDriver.bytes("abcdef");
        final ByteBuf v = Unpooled.wrappedBuffer(StoreDriver.bytes("v"));
        items.store.store(StoreMode.SET, key, 3, 0, 0, 0, false, v, 0, 1, items.view);
        assertEquals("v", items.get("abc"));
        assertNull(items.get("abcdef"));
    }

    @Test
    void shouldRejectBadArgumentsChangingNothing()
    {
        final ByteBuf v = Unpooled.wrappedBuffer(StoreDriver.bytes("v"));
        assertThrows(IllegalArgumentException.class,
            () -> items.store.store(StoreMode.SET, new byte[251], 251, 0, 0, 0, false, v, 0, 1, items.view));
        assertThrows(IllegalArgumentException.class,
            () -> items.store.store(StoreMode.SET, new byte[1], 1, 0, 0, 0, false, v, 0, -1, items.view));
        assertThrows(IllegalArgumentException.class,
            () -> items.store.store(null, new byte[1], 1, 0, 0, 0, false, v, 0, 1, items.view));
        assertEquals(0, items.stat("curr_items"));
    }

    @Test
    void shouldRefuseUseAfterClose()
    {
        items.close();
        assertThrows(IllegalStateException.class, () -> items.get("k"));
        items.close();
    }
}
