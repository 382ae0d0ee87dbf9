/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.ArrayList;
import java.util.List;

import dev.slabcache.master.SizeClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Items per MiB as memcached 1.6 packs them: its class sizes at every -n and -f, and every page of -m holding
 * items.
 */
class ItemMemoryTest
{
    /** memcached's largest class by default (slab_chunk_max, half a page); larger items are chained from such. */
    private static final int MEMCACHED_CHUNK_MAX = 512 * 1024;
    /** memcached's slabclass array holds 64 entries and uses 1 to 63, the last for the largest. */
    private static final int MEMCACHED_MAX_CLASSES = 63;

    @ParameterizedTest
    @CsvSource({"48, 1.25", "48, 1.1", "48, 1.3", "48, 1.5", "48, 2.0", "16, 1.25", "100, 1.07", "5, 1.19",
        "1, 1.05", "2000, 1.25"})
    void shouldMakeMemcachedsClassSizesBelowItsLargest(final int minDataSize, final double factor)
    {
        final List<Integer> memcached = memcachedChunkSizes(minDataSize, factor);
        try (StoreMemory memory = new StoreMemory(new StoreSettings(2L << 20, factor, minDataSize, 1 << 20, true,
            null)))
        {
            final List<Integer> ours = new ArrayList<>();
            for (final SizeClass sizeClass : memory.cache.classes())
            {
                ours.add(sizeClass.slotSize());
            }
            final List<Integer> belowLargest = memcached.subList(0, memcached.size() - 1);
            assertEquals(belowLargest, ours.subList(0, belowLargest.size()), "-n " + minDataSize + " -f " + factor);
            assertEquals(1 << 20, ours.get(ours.size() - 1), "items are not chunked: the largest class is a page");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldHoldAtLeastMemcachedsItemsOfAHundredBytesInEveryPage(final boolean withCas)
    {
        final int pages = 8;
        try (StoreDriver items = new StoreDriver(
            new StoreSettings((long)pages << 20, 1.25, 48, 1 << 20, true, null, 16, withCas)))
        {
            final String value = "v".repeat(100);
            int stored = 0;
            while (0 == items.stat("evictions"))
            {
                assertEquals(StoreResult.STORED, items.set("key:" + stored, value));
                stored++;
            }
            // memcached's item of a 5 to 9-byte key: 48 + 8 (cas) + key + 1 + 100 + 2 = 164 to 168 bytes, a
            // 192-byte chunk, 5461 a page; without cas 156 to 160 bytes, in the same chunk.
            final int memcachedItems = pages * ((1 << 20) / 192);
            assertTrue(stored - 1 >= memcachedItems, "items before the first eviction: " + (stored - 1) +
                ", memcached's count " + memcachedItems);
            assertEquals(stored - 1, items.stat("curr_items"));
            assertEquals((long)pages << 20, items.stat("limit_maxbytes"));
        }
    }

    /**
     * The chunk sizes memcached 1.6's slabs_init makes: sizeof(item) (48) + -n, then each the last times -f cut to a
     * whole number, each rounded up to 8, while below slab_chunk_max / -f and at most 62 of them, then
     * slab_chunk_max.
     */
    private static List<Integer> memcachedChunkSizes(final int minDataSize, final double factor)
    {
        final List<Integer> sizes = new ArrayList<>();
        long size = 48 + minDataSize;
        while (sizes.size() < MEMCACHED_MAX_CLASSES - 1 && size < MEMCACHED_CHUNK_MAX / factor)
        {
            size = (size + 7) / 8 * 8;
            sizes.add((int)size);
            size = (long)(size * factor);
        }
        sizes.add(MEMCACHED_CHUNK_MAX);
        return sizes;
    }
}
