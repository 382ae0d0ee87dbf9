/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.ThreadSafety;

/**
 * A small single-owner slot cache and items written into it by hand, for the unit tests of the index and LRUs.
 */
final class SlotsFixture implements AutoCloseable
{
    final SizeClassCache cache = SizeClassCache.builder()
        .name("test-items")
        .minSlotSize(128)
        .maxSlotSize(1024)
        .pageSize(1 << 16)
        .memoryLimit(16L << 20)
        .threadSafety(ThreadSafety.SINGLE_OWNER)
        .build();
    private final List<Long> handles = new ArrayList<>();

    /**
     * @return the handle of a new item with that key and value, linked nowhere.
     */
    long item(final String key, final String value)
    {
        final byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        final byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        final int total = (int)ItemLayout.totalLength(true, k.length, v.length);
        final long handle = cache.allocate(total);
        ItemLayout.writeHeader(cache.buffer(handle), cache.offset(handle), true, cache.classFor(total),
            hash(key), k, k.length, 0, v.length, 0, 0);
        cache.buffer(handle).putBytes(ItemLayout.valueOffset(cache.buffer(handle), cache.offset(handle)), v);
        handles.add(handle);
        return handle;
    }

    /**
     * @return an index over this cache with one item lock, which these single-threaded tests never contend.
     */
    ItemIndex index(final int initialHashPower)
    {
        return new ItemIndex(cache, initialHashPower, new StoreLock(1, new ItemLru(cache, cache.classes().size())));
    }

    static int hash(final String key)
    {
        final byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        return (int)KeyHash.hash(k, k.length);
    }

    static byte[] bytes(final String key)
    {
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close()
    {
        handles.forEach(cache::free);
        cache.close();
    }
}
