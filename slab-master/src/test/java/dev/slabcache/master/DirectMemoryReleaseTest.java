/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.Map;

import dev.slabcache.core.DirectSlabProvider;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.testing.DirectMemory;
import dev.slabcache.core.testing.ForkedJvm;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM's direct buffer pool drops at once when a cache over the default provider gives slabs back, and a cache
 * that meets {@code -XX:MaxDirectMemorySize} fails one allocation and changes nothing else. Each case runs in a JVM
 * of its own, so that no other test's buffers move the figures.
 */
class DirectMemoryReleaseTest
{
    private static final int SLOT_SIZE = 64;
    private static final int SLAB_SIZE = 64 * 1024;
    private static final int SLOTS_PER_SLAB = SLAB_SIZE / SLOT_SIZE;
    private static final int SLABS = 4;
    // Each slab's ByteBuffer holds the slab and its alignment padding (8 bytes for 64-byte slots aligned to 8).
    private static final long SLAB_BYTES = SLAB_SIZE + Long.BYTES;

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldShowTrimDetachAndCloseInTheDirectPoolAtOnce(final ThreadSafety mode)
    {
        final Map<String, String> values =
            ForkedJvm.values(ForkedJvm.runWithAgrona(ReleaseProbe.class, "-Dprobe.mode=" + mode));

        final long count = ForkedJvm.longValue(values, "before.count");
        final long used = ForkedJvm.longValue(values, "before.used");
        assertEquals(count + SLABS, ForkedJvm.longValue(values, "grown.count"), values::toString);
        assertEquals(used + SLABS * SLAB_BYTES, ForkedJvm.longValue(values, "grown.used"), values::toString);
        assertEquals(count + SLABS, ForkedJvm.longValue(values, "freed.count"), "retained until trim: " + values);

        assertEquals(SLABS, ForkedJvm.longValue(values, "trimmed"), values::toString);
        assertEquals(count, ForkedJvm.longValue(values, "trim.count"), values::toString);
        assertEquals(used, ForkedJvm.longValue(values, "trim.used"), values::toString);

        assertEquals(count + 2, ForkedJvm.longValue(values, "regrown.count"), values::toString);
        assertEquals(count + 1, ForkedJvm.longValue(values, "detach.count"), values::toString);
        assertEquals(used + SLAB_BYTES, ForkedJvm.longValue(values, "detach.used"), values::toString);
        assertEquals(0, ForkedJvm.longValue(values, "detached.capacity"), "a released slab's buffer reaches nothing");

        assertEquals(count + 2, ForkedJvm.longValue(values, "beforeClose.count"), values::toString);
        assertEquals(count + 1, ForkedJvm.longValue(values, "close.count"), "only the slab with a live slot stays");
        assertEquals(used + SLAB_BYTES, ForkedJvm.longValue(values, "close.used"), values::toString);
        assertEquals(0x5EED, ForkedJvm.longValue(values, "live.read"), "a live slot's memory outlives close");
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFailOneAllocationAtTheDirectMemoryLimitChangingNothingElse(final ThreadSafety mode)
    {
        final Map<String, String> values = ForkedJvm.values(ForkedJvm.runWithAgrona(
            LimitProbe.class, "-Dprobe.mode=" + mode, "-XX:MaxDirectMemorySize=" + (3 * SLAB_BYTES + SLAB_SIZE / 2)));

        assertEquals(SlabExhaustedException.class.getName(), values.get("failure"), values::toString);
        final String message = values.get("failure.message");
        assertTrue(message.contains("cache 'limited' is exhausted"), message);
        assertTrue(message.contains(DirectSlabProvider.DIRECT_MEMORY_LIMIT_OPTION), message);
        assertTrue(message.contains("limit: " + (3 * SLAB_BYTES + SLAB_SIZE / 2)), message);
        assertEquals(values.get("full.stats"), values.get("failed.stats"), "only failedAllocations moves");
        assertEquals(ForkedJvm.longValue(values, "full.failed") + 1, ForkedJvm.longValue(values, "failed.failed"));
        assertEquals(3, ForkedJvm.longValue(values, "failed.slabs"), values::toString);
        assertEquals(1, ForkedJvm.longValue(values, "givenBack"), values::toString);
        assertEquals(3, ForkedJvm.longValue(values, "again.slabs"), "grew again into the memory trim gave back");
    }

    private static SlabCacheBuilder builder(final String name, final int retainEmptySlabs)
    {
        return SlabCache.builder()
            .name(name)
            .slotSize(SLOT_SIZE)
            .slabSize(SLAB_SIZE)
            .retainEmptySlabs(retainEmptySlabs)
            .threadSafety(ThreadSafety.valueOf(System.getProperty("probe.mode")));
    }

    /**
     * Grows a cache over the default provider, then gives its slabs back by trim, detach and close, printing the
     * direct pool's figures after each step.
     */
    static final class ReleaseProbe
    {
        public static void main(final String[] args)
        {
            DirectMemory.print("before");
            final SlabCache cache = builder("released", SLABS).build();
            final long[] handles = new long[SLABS * SLOTS_PER_SLAB];
            for (int i = 0; i < handles.length; i++)
            {
                handles[i] = cache.allocate();
            }
            DirectMemory.print("grown");
            for (final long handle : handles)
            {
                cache.free(handle);
            }
            DirectMemory.print("freed");
            System.out.println("trimmed=" + cache.trim());
            DirectMemory.print("trim");

            final long kept = cache.allocate();
            cache.buffer(kept).putLong(cache.offset(kept), 0x5EED);
            final long[] second = new long[SLOTS_PER_SLAB];
            for (int i = 0; i < second.length; i++)
            {
                second[i] = cache.allocate();
            }
            DirectMemory.print("regrown");
            final Slab other = cache.slabOf(second[second.length - 1]);
            for (final long handle : second)
            {
                cache.free(handle);
            }
            cache.detach(other);
            DirectMemory.print("detach");
            System.out.println("detached.capacity=" + other.buffer().capacity());

            final long[] third = new long[SLOTS_PER_SLAB];
            for (int i = 0; i < third.length; i++)
            {
                third[i] = cache.allocate(); // fills the kept slab, then grows a second, emptied again below
            }
            for (final long handle : third)
            {
                cache.free(handle);
            }
            DirectMemory.print("beforeClose");
            final AtomicBuffer liveBuffer = cache.buffer(kept);
            final int liveOffset = cache.offset(kept);
            cache.close();
            DirectMemory.print("close");
            System.out.println("live.read=" + liveBuffer.getLong(liveOffset));
        }
    }

    /**
     * Run with a direct memory limit of three and a half slabs: the fourth slab does not fit until one is trimmed.
     */
    static final class LimitProbe
    {
        public static void main(final String[] args)
        {
            final SlabCache cache = builder("limited", 0).build();
            final long[] handles = new long[3 * SLOTS_PER_SLAB];
            for (int i = 0; i < handles.length; i++)
            {
                handles[i] = cache.allocate();
            }
            print("full", cache.stats());
            try
            {
                cache.allocate();
                System.out.println("failure=none");
            }
            catch (final RuntimeException ex)
            {
                System.out.println("failure=" + ex.getClass().getName());
                System.out.println("failure.message=" + ex.getMessage().replace('\n', ' '));
            }
            print("failed", cache.stats());

            for (int i = 0; i < SLOTS_PER_SLAB; i++)
            {
                cache.free(handles[i]);
            }
            System.out.println("givenBack=" + (cache.stats().releases() + cache.trim()));
            cache.allocate();
            System.out.println("again.slabs=" + cache.stats().slabs());
            cache.close();
        }

        private static void print(final String prefix, final SlabCacheStats stats)
        {
            System.out.println(prefix + ".stats=" + stats.slabs() + " slabs, " + stats.slotsInUse() + " in use, " +
                stats.allocations() + " allocations, " + stats.grows() + " grows, " + stats.releases() + " releases");
            System.out.println(prefix + ".failed=" + stats.failedAllocations());
            System.out.println(prefix + ".slabs=" + stats.slabs());
        }
    }
}
