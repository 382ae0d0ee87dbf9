/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.BitSet;

import dev.slabcache.core.SlotSegment;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Reopens a {@link SizeClassCache} over the pages an earlier one held, for
 * {@link SizeClassCacheBuilder#reopen(LiveSlots)}: reads and checks the {@link SizeClassLayout}, takes the pages it
 * names out of the pool, asks the caller about their slots, gives back to the pool the pages with no live slot, and
 * only then builds the cache and gives each class its pages, restored by {@link SlabReopen}. Until the cache is
 * built, a failure gives every page taken back and writes nothing.
 */
final class SizeClassReopen
{
    private SizeClassReopen()
    {
    }

    /**
     * @param settings the builder's settings, with the layout to read.
     * @return the reopened cache.
     * @throws IllegalArgumentException when the layout is refused or a page it names is out of the pool; nothing
     *                                  changes.
     */
    static SizeClassCache reopen(
        final CacheSettings settings, final PagePool pool, final SizeClasses sizes, final LiveSlots liveSlots)
    {
        final SizeClassLayout layout = settings.layout;
        final int[] owners = layout.read();
        int held = 0;
        for (final int owner : owners)
        {
            held += owner >= 0 ? 1 : 0;
        }
        if (held > SlabTable.MAX_SLABS)
        {
            throw new IllegalArgumentException("the layout names " + held + " pages held, more than the " +
                SlabTable.MAX_SLABS + " slabs a cache holds; nothing attached");
        }
        final int[] pages = new int[held];
        for (int page = 0, i = 0; page < owners.length; page++)
        {
            if (owners[page] >= 0)
            {
                pages[i++] = page;
            }
        }

        final AtomicBuffer[] buffers = pool.claim(pages);
        final BitSet[] live = new BitSet[pages.length];
        try
        {
            for (int i = 0; i < pages.length; i++)
            {
                final SlotSegment segment = new SlotSegment(buffers[i], 0, buffers[i].capacity(),
                    sizes.size(owners[pages[i]]), SizeClassCache.CLASS_ALIGNMENT);
                live[i] = SlabReopen.liveSlotsOf(segment, liveSlots);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            for (final AtomicBuffer buffer : buffers)
            {
                pool.giveBack(buffer);
            }
            throw ex;
        }
        for (int i = 0; i < pages.length; i++)
        {
            if (live[i].isEmpty())
            {
                pool.giveBack(buffers[i]);
            }
        }

        final SizeClassCache cache = new SizeClassCache(settings, pool, sizes);
        try
        {
            final SlabRecord[] slabs = new SlabRecord[pages.length];
            for (int i = 0; i < pages.length; i++)
            {
                if (!live[i].isEmpty())
                {
                    final CacheCore core = cache.classes[owners[pages[i]]];
                    slabs[i] = attachPage(core, buffers[i]);
                    SlabReopen.restore(core, slabs[i], live[i]);
                }
            }
            layout.invalidate();
            for (int i = 0; i < pages.length; i++)
            {
                if (null != slabs[i])
                {
                    SlabReopen.announce(slabs[i], live[i], liveSlots);
                }
            }
            return cache;
        }
        catch (final RuntimeException | Error ex)
        {
            cache.close();
            throw ex;
        }
    }

    /**
     * Attaches a page taken out of the pool to a class, empty, as a slab of the pool's, which goes back to the pool
     * once empty as any grown page does.
     */
    private static SlabRecord attachPage(final CacheCore core, final AtomicBuffer page)
    {
        core.lock.lock();
        try
        {
            return core.arena.attach(page, 0, page.capacity(), false);
        }
        finally
        {
            core.lock.unlockAndCompleteDrains();
        }
    }
}
