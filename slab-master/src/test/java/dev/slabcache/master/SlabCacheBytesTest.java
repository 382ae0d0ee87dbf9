/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import org.junit.jupiter.api.Test;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOT_SIZE;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.free;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The byte figures of {@link SlabCacheStats} and {@link SizeClassStats}: held, in use, idle.
 */
class SlabCacheBytesTest
{
    // 6 slots of 16 bytes and a 4-byte tail no slot covers.
    private static final int ATTACHED_BYTES = 100;
    private static final int PAGE = 64 * 1024;

    @Test
    void shouldCountEveryByteOfProviderAndCallerSlabsAsHeld()
    {
        try (SlabCache cache = builder(ThreadSafety.SINGLE_OWNER, new RecordingProvider()).name("bytes").build())
        {
            cache.attach(heapBuffer(ATTACHED_BYTES));
            final long[] handles = allocate(cache, 10);

            final SlabCacheStats stats = cache.stats();
            assertEquals(1, stats.providerSlabs());
            assertEquals(ATTACHED_BYTES + SLAB_SIZE, stats.bytesHeld());
            assertEquals(10L * SLOT_SIZE, stats.bytesInUse());
            assertEquals(ATTACHED_BYTES + SLAB_SIZE - 10L * SLOT_SIZE, stats.bytesIdle());
            assertEquals(0, stats.bytesInMagazines());

            free(cache, handles, 0, 4);
            final SlabCacheStats after = cache.stats();
            assertEquals(ATTACHED_BYTES + SLAB_SIZE, after.bytesHeld());
            assertEquals(6L * SLOT_SIZE, after.bytesInUse());
            assertEquals(ATTACHED_BYTES + SLAB_SIZE - 6L * SLOT_SIZE, after.bytesIdle());
            free(cache, handles, 4, 10);
        }
    }

    @Test
    void shouldCountSlotsInMagazinesAsIdleNotInUse()
    {
        try (SlabCache cache = builder(ThreadSafety.MAGAZINES, new RecordingProvider()).name("bytes-mag")
            .magazineSize(4).build())
        {
            final long handle = cache.allocate();

            final SlabCacheStats stats = cache.stats();
            assertEquals(SLAB_SIZE, stats.bytesHeld());
            assertEquals(SLOT_SIZE, stats.bytesInUse());
            assertEquals(stats.slotsInMagazines() * SLOT_SIZE, stats.bytesInMagazines());
            assertEquals(4L * SLOT_SIZE - SLOT_SIZE, stats.bytesInMagazines(), "a magazine of 4 filled, 1 taken");
            assertEquals(SLAB_SIZE - SLOT_SIZE, stats.bytesIdle());
            cache.free(handle);
        }
    }

    @Test
    void shouldGiveHeldBytesBackToZeroWhenTrimmed()
    {
        try (SlabCache cache = builder(ThreadSafety.LOCKED, new RecordingProvider()).name("bytes-trim")
            .retainEmptySlabs(4).build())
        {
            final long[] handles = allocate(cache, 40);
            free(cache, handles, 0, 40);
            assertEquals(3L * SLAB_SIZE, cache.stats().bytesHeld());
            assertEquals(3L * SLAB_SIZE, cache.stats().bytesIdle());

            cache.trim();

            assertEquals(0, cache.stats().bytesHeld());
            assertEquals(0, cache.stats().bytesIdle());
        }
    }

    @Test
    void shouldCountSizeClassBytesPerClassAndInTotal()
    {
        try (SizeClassCache cache = SizeClassCache.builder().name("bytes-classes").minSlotSize(64).maxSlotSize(1024)
            .growthFactor(2).pageSize(PAGE).memoryLimit(4L * PAGE).threadSafety(ThreadSafety.LOCKED).build())
        {
            final long small = cache.allocate(50);
            final long large1 = cache.allocate(1000);
            final long large2 = cache.allocate(600);

            final SizeClassStats stats = cache.stats();
            final SizeClassStats.ClassStats classOf64 = stats.classes().get(cache.classFor(50));
            final SizeClassStats.ClassStats classOf1024 = stats.classes().get(cache.classFor(1000));
            assertEquals(PAGE, classOf64.bytesHeld());
            assertEquals(64, classOf64.bytesInUse());
            assertEquals(PAGE - 64, classOf64.bytesIdle());
            assertEquals(2 * 1024, classOf1024.bytesInUse());
            assertEquals(2L * PAGE, stats.bytesHeld());
            assertEquals(64 + 2 * 1024, stats.bytesInUse());
            assertEquals(2L * PAGE - 64 - 2 * 1024, stats.bytesIdle());

            cache.free(small);
            cache.free(large1);
            cache.free(large2);
        }
    }
}
