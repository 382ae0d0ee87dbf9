/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import dev.slabcache.core.SlabException;
import dev.slabcache.master.LeakSite;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Debug mode finding two bugs a program can have: a write through a handle kept after its slot was freed, caught
 * by the poison the free wrote when the slot is next handed out, and slots never freed, listed by where they were
 * allocated. Turn it on per cache with {@code debug(true)}, or for every cache of a JVM with
 * {@code -Dslabcache.debug=true}. Run it with:
 * <pre>
 *   java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp slab-examples/target/slab-examples.jar \
 *       dev.slabcache.examples.DebugModeExample
 * </pre>
 */
public final class DebugModeExample
{
    static final int LEAKED = 3;
    private static final int SLOT_SIZE = 64;
    private static final int STRAY_WRITE_OFFSET = 16;

    private DebugModeExample()
    {
    }

    /**
     * Runs the example and prints what debug mode reports.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        try (SlabCache cache = SlabCache.builder()
            .name("debugged")
            .slotSize(SLOT_SIZE)
            .threadSafety(ThreadSafety.SINGLE_OWNER)
            .debug(true)
            .build())
        {
            showWriteAfterFree(cache);
            showLeaks(cache);
        }
    }

    private static void showWriteAfterFree(final SlabCache cache)
    {
        final long handle = cache.allocate();
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        cache.free(handle);
        System.out.println("Freed a slot; its first bytes hold the free list's link, the rest is poison 0x5A.");

        // The bug: a buffer and offset kept past the free, written through.
        buffer.putLong(offset + STRAY_WRITE_OFFSET, 42L);

        try
        {
            cache.allocate();
            System.out.println("The write after free went unseen.");
        }
        catch (final SlabException ex)
        {
            System.out.println("The next allocation of that slot throws " + ex.getClass().getSimpleName() + ":");
            System.out.println("  " + ex.getMessage().lines().findFirst().orElse(""));
            System.out.println("The slot is quarantined, never handed out again: quarantinedSlots() = " +
                cache.quarantinedSlots() + "; the allocation after it takes another slot: " +
                (SlabCache.NULL_HANDLE != cache.allocate()));
        }
    }

    private static void showLeaks(final SlabCache cache)
    {
        for (int i = 0; i < LEAKED; i++)
        {
            allocateAndForget(cache);
        }

        System.out.println("leakReport(): live sampled slots, grouped by where they were allocated:");
        for (final LeakSite site : cache.leakReport())
        {
            System.out.println("  live " + site.slots().size() + ", allocated at " + site.allocationSite().get(0));
        }
    }

    private static void allocateAndForget(final SlabCache cache)
    {
        cache.allocate();
    }
}
