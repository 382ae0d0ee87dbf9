/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import dev.slabcache.master.SizeClassCache;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One LRU list per size class, doubly linked through the items' headers ({@link ItemLayout#LRU_PREV} towards the
 * head, the most recently used; {@link ItemLayout#LRU_NEXT} towards the tail, the next to evict), as memcached's
 * per-class LRUs. Also keeps each class's crawler cursor, the next item a crawl visits walking from tail to head,
 * and steps it on when that item leaves the list, as memcached's crawler item does; a metadump's cursor likewise.
 * Not thread-safe: the store's lock guards it.
 */
final class ItemLru
{
    private final SizeClassCache cache;
    private final long[] heads;
    private final long[] tails;
    private final long[] sizes;
    private final long[] cursors;
    private final long[] dumpCursors;

    ItemLru(final SizeClassCache cache, final int classes)
    {
        this.cache = cache;
        this.heads = new long[classes];
        this.tails = new long[classes];
        this.sizes = new long[classes];
        this.cursors = new long[classes];
        this.dumpCursors = new long[classes];
    }

    /**
     * Puts an item that is on no list at the head of its class's list.
     */
    void pushHead(final int sizeClass, final long handle, final AtomicBuffer buffer, final int offset)
    {
        final long head = heads[sizeClass];
        ItemLayout.lruPrev(buffer, offset, 0);
        ItemLayout.lruNext(buffer, offset, head);
        if (0 == head)
        {
            tails[sizeClass] = handle;
        }
        else
        {
            ItemLayout.lruPrev(cache.buffer(head), cache.offset(head), handle);
        }
        heads[sizeClass] = handle;
        sizes[sizeClass]++;
    }

    /**
     * Takes an item off its class's list. The item is read at {@code buffer} and {@code offset}, never through its
     * handle, which a page move has already made stale; its neighbours are live items.
     */
    void remove(final int sizeClass, final long handle, final AtomicBuffer buffer, final int offset)
    {
        final long prev = ItemLayout.lruPrev(buffer, offset);
        final long next = ItemLayout.lruNext(buffer, offset);
        if (0 == prev)
        {
            heads[sizeClass] = next;
        }
        else
        {
            ItemLayout.lruNext(cache.buffer(prev), cache.offset(prev), next);
        }
        if (0 == next)
        {
            tails[sizeClass] = prev;
        }
        else
        {
            ItemLayout.lruPrev(cache.buffer(next), cache.offset(next), prev);
        }
        if (cursors[sizeClass] == handle)
        {
            cursors[sizeClass] = prev;
        }
        if (dumpCursors[sizeClass] == handle)
        {
            dumpCursors[sizeClass] = prev;
        }
        ItemLayout.lruPrev(buffer, offset, 0);
        ItemLayout.lruNext(buffer, offset, 0);
        sizes[sizeClass]--;
    }

    /**
     * Puts an item that is on no list where a listed one of the same class is, in the list and under the class's
     * cursors, and takes the listed one off. The listed one is read at {@code oldBuffer} and {@code oldOffset},
     * never through its handle, which a page move has already made stale.
     */
    void replace(
        final int sizeClass, final long old, final AtomicBuffer oldBuffer, final int oldOffset,
        final long handle, final AtomicBuffer buffer, final int offset)
    {
        final long prev = ItemLayout.lruPrev(oldBuffer, oldOffset);
        final long next = ItemLayout.lruNext(oldBuffer, oldOffset);
        ItemLayout.lruPrev(buffer, offset, prev);
        ItemLayout.lruNext(buffer, offset, next);
        if (0 == prev)
        {
            heads[sizeClass] = handle;
        }
        else
        {
            ItemLayout.lruNext(cache.buffer(prev), cache.offset(prev), handle);
        }
        if (0 == next)
        {
            tails[sizeClass] = handle;
        }
        else
        {
            ItemLayout.lruPrev(cache.buffer(next), cache.offset(next), handle);
        }
        if (cursors[sizeClass] == old)
        {
            cursors[sizeClass] = handle;
        }
        if (dumpCursors[sizeClass] == old)
        {
            dumpCursors[sizeClass] = handle;
        }
        ItemLayout.lruPrev(oldBuffer, oldOffset, 0);
        ItemLayout.lruNext(oldBuffer, oldOffset, 0);
    }

    /**
     * Moves a listed item to the head of its class's list.
     */
    void moveToHead(final int sizeClass, final long handle, final AtomicBuffer buffer, final int offset)
    {
        if (heads[sizeClass] != handle)
        {
            remove(sizeClass, handle, buffer, offset);
            pushHead(sizeClass, handle, buffer, offset);
        }
    }

    /**
     * @return the least recently used item of the class, or 0.
     */
    long tail(final int sizeClass)
    {
        return tails[sizeClass];
    }

    /**
     * @return the most recently used item of the class, or 0.
     */
    long head(final int sizeClass)
    {
        return heads[sizeClass];
    }

    /**
     * @return the item after {@code handle} towards the head, or 0.
     */
    long newer(final long handle)
    {
        return ItemLayout.lruPrev(cache.buffer(handle), cache.offset(handle));
    }

    /**
     * @return items on the class's list.
     */
    long size(final int sizeClass)
    {
        return sizes[sizeClass];
    }

    /**
     * @return the next item the class's crawl visits, or 0 when its pass is over.
     */
    long cursor(final int sizeClass)
    {
        return cursors[sizeClass];
    }

    void cursor(final int sizeClass, final long handle)
    {
        cursors[sizeClass] = handle;
    }

    /**
     * @return the next item a metadump visits in the class, or 0; stepped on as {@link #cursor} is.
     */
    long dumpCursor(final int sizeClass)
    {
        return dumpCursors[sizeClass];
    }

    void dumpCursor(final int sizeClass, final long handle)
    {
        dumpCursors[sizeClass] = handle;
    }

    int classes()
    {
        return heads.length;
    }
}
