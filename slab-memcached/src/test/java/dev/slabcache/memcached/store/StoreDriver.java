/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Drives an {@link ItemStore} with string keys and values, for tests; keeps the last {@link ItemView}.
 */
public final class StoreDriver implements AutoCloseable
{
    public static final long NOW = 1_700_000_000L;

    public final FakeClock clock;
    public final ItemStore store;
    public final ItemView view = new ItemView();

    public StoreDriver(final StoreSettings settings)
    {
        this(settings, new FakeClock(NOW));
    }

    public StoreDriver(final StoreSettings settings, final FakeClock clock)
    {
        this(settings, LruSettings.defaults(), clock);
    }

    public StoreDriver(final StoreSettings settings, final LruSettings lru, final FakeClock clock)
    {
        this.clock = clock;
        this.store = new ItemStore(settings, lru, clock, false);
    }

    /**
     * @param lockStripes the store's item locks.
     */
    StoreDriver(final StoreSettings settings, final LruSettings lru, final FakeClock clock, final int lockStripes)
    {
        this.clock = clock;
        this.store = new ItemStore(settings, lru, clock, false, lockStripes);
    }

    public static StoreSettings settings(final long memoryLimit, final boolean evictions)
    {
        return new StoreSettings(memoryLimit, 1.25, 48, 1 << 20, evictions, null);
    }

    public StoreResult set(final String key, final String value)
    {
        return store(StoreMode.SET, key, value, 0, 0, 0, false);
    }

    public StoreResult set(final String key, final String value, final long exptime)
    {
        return store(StoreMode.SET, key, value, 0, exptime, 0, false);
    }

    public StoreResult store(final StoreMode mode, final String key, final String value)
    {
        return store(mode, key, value, 0, 0, 0, false);
    }

    public StoreResult store(
        final StoreMode mode, final String key, final String value, final int flags, final long exptime,
        final long compareCas, final boolean invalidate)
    {
        final byte[] k = bytes(key);
        final ByteBuf v = Unpooled.wrappedBuffer(bytes(value));
        return store.store(mode, k, k.length, flags, exptime, compareCas, invalidate, v, 0, v.readableBytes(), view);
    }

    public String get(final String key)
    {
        return getAndTouch(key, ItemStore.NO_TOUCH);
    }

    public String getAndTouch(final String key, final long exptime)
    {
        final byte[] k = bytes(key);
        final ByteBuf out = Unpooled.buffer();
        return store.get(k, k.length, exptime, view, out) ? out.toString(StandardCharsets.ISO_8859_1) : null;
    }

    public boolean touch(final String key, final long exptime)
    {
        final byte[] k = bytes(key);
        return store.touch(k, k.length, exptime);
    }

    public DeleteResult delete(final String key)
    {
        return delete(key, 0, false, ItemStore.NO_TOUCH);
    }

    public DeleteResult delete(final String key, final long compareCas, final boolean invalidate, final long exptime)
    {
        final byte[] k = bytes(key);
        return store.delete(k, k.length, compareCas, invalidate, exptime);
    }

    public ArithResult incr(final String key, final long delta)
    {
        return arith(key, true, delta, 0);
    }

    public ArithResult decr(final String key, final long delta)
    {
        return arith(key, false, delta, 0);
    }

    public ArithResult arith(final String key, final boolean increment, final long delta, final long compareCas)
    {
        final byte[] k = bytes(key);
        return store.arith(
            k, k.length, increment, delta, compareCas, ItemStore.NO_VIVIFY, 0, ItemStore.NO_TOUCH, view);
    }

    public Map<String, String> stats()
    {
        final Map<String, String> map = new HashMap<>();
        store.admin().stats(map::put);
        return map;
    }

    public long stat(final String name)
    {
        final String value = stats().get(name);
        if (null == value)
        {
            throw new AssertionError("no stat " + name);
        }
        return Long.parseLong(value);
    }

    public Map<String, String> slabStats()
    {
        final Map<String, String> map = new HashMap<>();
        store.admin().statsSlabs(map::put);
        return map;
    }

    public Map<String, String> itemStats()
    {
        final Map<String, String> map = new HashMap<>();
        store.admin().statsItems(map::put);
        return map;
    }

    public static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close()
    {
        store.close();
    }
}
