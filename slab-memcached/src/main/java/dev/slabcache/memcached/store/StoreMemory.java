/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.slabcache.master.PageMove;
import dev.slabcache.master.PagePool;
import dev.slabcache.master.SizeClass;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SizeClassCacheBuilder;
import dev.slabcache.master.SizeClassLayout;
import dev.slabcache.master.SizeClassStats;
import dev.slabcache.master.SlotVisitor;
import dev.slabcache.master.ThreadSafety;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The memory the items live in: a {@link PagePool} of direct pages, or of the pages of a mapped memory file, and
 * the {@link SizeClassCache} of the item classes over it. As memcached's slabs.h is to its items.c, this is the
 * store's one door to the cache: slots are taken and freed here, and an {@link Item} is aimed at one through
 * {@link Item#wrap(StoreMemory, long)}; no other class of the store reaches the cache. The cache is
 * {@link ThreadSafety#LOCKED}, memcached's
 * slabs_lock (one lock a class here), taken last in the store's lock order: item lock, LRU lock, slot cache.
 * Not {@link ThreadSafety#MAGAZINES}: a slot is taken only on a write that makes or resizes an item, and an item is
 * freed by whichever thread evicts, reclaims or replaces it, so per-thread magazines would seldom hit; and slots
 * parked in a thread's magazines are counted used yet are found by no allocation of another thread, so a class
 * would evict, and the page mover judge its pages, while free slots sit idle.
 * <p>
 * A memory file is created or extended to memoryLimit rounded down to whole pages and mapped, and the cache gets a
 * layout in the {@link RestartMeta} file beside it: the cache is reopened over the file's pages when the
 * {@link WarmRestart} allows it (the last stop was clean and the settings are the same), else built empty.
 */
final class StoreMemory implements AutoCloseable
{
    /** Only {@link Item} reads it, to aim itself at a slot. */
    final SizeClassCache cache;
    private final MappedByteBuffer mapped;
    private final long memoryBytes;
    private final WarmRestart restart;

    /**
     * @param settings memory, classes and the memory file, whose old content is overwritten.
     */
    StoreMemory(final StoreSettings settings)
    {
        this(settings, null);
    }

    /**
     * @param settings memory, classes and the memory file.
     * @param restart  reopens the memory file's items when it may, or null to begin empty.
     */
    StoreMemory(final StoreSettings settings, final WarmRestart restart)
    {
        this.restart = restart;
        final int pageSize = settings.pageSize();
        final PagePool pool;
        if (null == settings.memoryFile())
        {
            mapped = null;
            memoryBytes = settings.memoryLimit();
            pool = PagePool.direct(pageSize, settings.memoryLimit());
        }
        else
        {
            memoryBytes = settings.memoryLimit() / pageSize * pageSize;
            mapped = map(settings, memoryBytes);
            pool = PagePool.of(new UnsafeBuffer(mapped), pageSize);
        }
        try
        {
            cache = null == restart ? builder(settings, pool).build() : open(settings, pool, restart);
        }
        catch (final RuntimeException ex)
        {
            if (null != mapped)
            {
                IoUtil.unmap(mapped);
            }
            throw ex;
        }
    }

    private SizeClassCache open(final StoreSettings settings, final PagePool pool, final WarmRestart restart)
    {
        final AtomicBuffer layout = restart.open(memoryBytes, SizeClassLayout.lengthFor(pool));
        try
        {
            if (restart.mayReopen())
            {
                try
                {
                    return builder(settings, pool).layout(layout).reopen(restart);
                }
                catch (final IllegalArgumentException ex)
                {
                    restart.refused("the memory file's layout is refused: " + ex.getMessage());
                }
            }
            return builder(settings, pool).layout(layout).build();
        }
        catch (final RuntimeException ex)
        {
            restart.abandon();
            throw ex;
        }
    }

    private static SizeClassCacheBuilder builder(final StoreSettings settings, final PagePool pool)
    {
        return SizeClassCache.builder()
            .name("slab-memcached")
            .minSlotSize(settings.minSlotSize())
            .maxSlotSize(settings.pageSize())
            .growthFactor(settings.growthFactor())
            .pagePool(pool)
            .threadSafety(ThreadSafety.LOCKED);
    }

    /**
     * @param size bytes of header, key and value, at most the largest class's slot.
     * @return the handle of a slot of the smallest class that holds {@code size} bytes, or 0 when that class has
     * no free slot and no page to grow into.
     */
    long tryAllocate(final int size)
    {
        return cache.tryAllocate(size);
    }

    /**
     * @param handle a live slot's handle, which is rejected from now on.
     */
    void free(final long handle)
    {
        cache.free(handle);
    }

    /**
     * @param handle a live slot's handle.
     * @return bytes of the slot.
     */
    int slotSize(final long handle)
    {
        return cache.slotSize(handle);
    }

    /**
     * @return the warm restart of the memory file, or null.
     */
    WarmRestart warmRestart()
    {
        return restart;
    }

    /**
     * Links the items a warm restart kept, if any, see {@link WarmRestart#rebuild}; once, before the store is used.
     *
     * @param table  the empty index and LRU lists.
     * @param lookup the cas counter.
     * @param rules  the flush rule.
     * @param now    the time, in Unix seconds.
     */
    void reopened(final ItemTable table, final ItemLookup lookup, final ExpiryRules rules, final long now)
    {
        if (null != restart)
        {
            restart.rebuild(this, table, lookup, rules, now);
        }
    }

    /**
     * @param size bytes of header, key and value.
     * @return the index of the smallest class whose slots hold {@code size} bytes.
     */
    int classFor(final int size)
    {
        return cache.classFor(size);
    }

    /**
     * @return the classes, smallest slots first.
     */
    List<SizeClass> classes()
    {
        return cache.classes();
    }

    /**
     * @return the pages and slots of each class, now.
     */
    SizeClassStats stats()
    {
        return cache.stats();
    }

    /**
     * Moves a page from one class to another, as {@link SizeClassCache#movePage}.
     *
     * @param fromClass the class that gives a page.
     * @param toClass   the class that takes it.
     * @param visitor   shown each live item of the page, to rescue or unlink it.
     * @return what was moved, or {@link PageMove#NO_PAGE}.
     */
    PageMove movePage(final int fromClass, final int toClass, final SlotVisitor visitor)
    {
        return cache.movePage(fromClass, toClass, visitor);
    }

    /**
     * Closes the cache, which writes its layout when it has one, and unmaps the memory file, if any. Direct pages go
     * back to the JVM when the pool is no longer reachable, as any direct buffer's memory does: a pool never frees its
     * pages.
     */
    @Override
    public void close()
    {
        cache.close();
        if (null != mapped)
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * Closes as {@link #close()} and, with a warm restart, then writes its metadata, the items left in the file.
     *
     * @param nextCas the next cas unique.
     * @param rules   the flush rule.
     * @param now     the time of the stop, in Unix seconds.
     */
    void close(final long nextCas, final ExpiryRules rules, final long now)
    {
        close();
        if (null != restart)
        {
            restart.stopped(memoryBytes, nextCas, rules, now);
        }
    }

    private static MappedByteBuffer map(final StoreSettings settings, final long length)
    {
        try (FileChannel channel = FileChannel.open(settings.memoryFile(),
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map memoryFile=" + settings.memoryFile() + " of " + length +
                " bytes", ex);
        }
    }
}
