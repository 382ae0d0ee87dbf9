/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import dev.slabcache.master.PagePool;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.ThreadSafety;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The memory the items live in: a {@link PagePool} of direct pages, or of the pages of a mapped memory file, and
 * the {@link SizeClassCache} of the item classes over it. The cache is {@link ThreadSafety#LOCKED}, memcached's
 * slabs_lock (one lock a class here), taken last in the store's lock order: item lock, LRU lock, slot cache.
 * Not {@link ThreadSafety#MAGAZINES}: a slot is taken only on a write that makes or resizes an item, and an item is
 * freed by whichever thread evicts, reclaims or replaces it, so per-thread magazines would seldom hit; and slots
 * parked in a thread's magazines are counted used yet are found by no allocation of another thread, so a class
 * would evict, and the page mover judge its pages, while free slots sit idle.
 * <p>
 * A memory file is created or extended to memoryLimit rounded down to whole pages and mapped; its old content is
 * never read, so items do not survive a restart: the file is overwritten as pages are used.
 */
final class StoreMemory implements AutoCloseable
{
    final SizeClassCache cache;
    private final MappedByteBuffer mapped;

    StoreMemory(final StoreSettings settings)
    {
        final int pageSize = settings.pageSize();
        final PagePool pool;
        if (null == settings.memoryFile())
        {
            mapped = null;
            pool = PagePool.direct(pageSize, settings.memoryLimit());
        }
        else
        {
            mapped = map(settings, settings.memoryLimit() / pageSize * pageSize);
            pool = PagePool.of(new UnsafeBuffer(mapped), pageSize);
        }
        try
        {
            cache = SizeClassCache.builder()
                .name("slab-memcached")
                .minSlotSize(settings.minSlotSize())
                .maxSlotSize(pageSize)
                .growthFactor(settings.growthFactor())
                .pagePool(pool)
                .threadSafety(ThreadSafety.LOCKED)
                .build();
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

    /**
     * Closes the cache and unmaps the memory file, if any. Direct pages go back to the JVM when the pool is no
     * longer reachable, as any direct buffer's memory does: a pool never frees its pages.
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
