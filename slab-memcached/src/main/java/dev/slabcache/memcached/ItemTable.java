/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.concurrent.locks.ReentrantLock;

import dev.slabcache.master.SizeClassCache;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The linked items: each is in the {@link ItemIndex} and on one of its class's {@link ItemLru} lists at once, and
 * this class keeps the two in step, with the bytes the items use. Call holding the item lock of the items' key
 * ({@link StoreLock}); each method takes the LRU lock of the class it changes, one at a time, and the bytes of a
 * class are guarded by its LRU lock.
 */
final class ItemTable
{
    final SizeClassCache cache;
    final StoreLock lock;
    final ItemIndex index;
    final ItemLru lru;
    private final StoreTuning tuning;
    private final long[] classBytes;

    /**
     * @param lockStripes the item locks, see {@link StoreLock}.
     */
    ItemTable(final SizeClassCache cache, final int initialHashPower, final StoreTuning tuning, final int lockStripes)
    {
        this.cache = cache;
        this.tuning = tuning;
        this.lru = new ItemLru(cache, cache.classes().size());
        this.lock = new StoreLock(lockStripes, lru);
        this.index = new ItemIndex(cache, initialHashPower, lock);
        this.classBytes = new long[cache.classes().size()];
    }

    /**
     * @return the LRU segment a new item goes on, read from its header: the temporary list when temp_lru is on and
     * it expires within temporary_ttl of its time, else the hot list (the cold one when the LRU is flat), as
     * memcached's do_item_alloc chooses.
     */
    int newSegment(final AtomicBuffer buffer, final int offset)
    {
        final long expiresAt = ItemLayout.expiresAt(buffer, offset);
        if (tuning.tempLru && 0 != expiresAt && expiresAt - ItemLayout.time(buffer, offset) <= tuning.temporaryTtl)
        {
            return ItemLru.TEMP;
        }
        return tuning.lruSegmented ? ItemLru.HOT : ItemLru.COLD;
    }

    /**
     * Links a new item, whose header and key are written, into the index and at the head of its
     * {@link #newSegment} list.
     */
    void link(final long handle, final AtomicBuffer buffer, final int offset)
    {
        index.insert(handle, buffer, offset);
        final int sizeClass = ItemLayout.sizeClass(buffer, offset);
        final ReentrantLock classLock = lru.lock(sizeClass);
        classLock.lock();
        try
        {
            lru.pushHead(newSegment(buffer, offset), handle, buffer, offset);
            classBytes[sizeClass] += ItemLayout.itemLength(buffer, offset);
        }
        finally
        {
            classLock.unlock();
        }
    }

    /**
     * Takes an item out of the index and its LRU; its slot stays the caller's. Reads the item at {@code buffer}
     * and {@code offset} only, so a page move's visitor may call it.
     */
    void unlink(final long handle, final AtomicBuffer buffer, final int offset)
    {
        if (!index.remove(handle, buffer, offset))
        {
            throw new IllegalStateException("item " + handle + " is not in the index");
        }
        takeOffList(handle, buffer, offset);
    }

    /**
     * Unlinks an item and frees its slot.
     */
    void remove(final long handle, final AtomicBuffer buffer, final int offset)
    {
        unlink(handle, buffer, offset);
        cache.free(handle);
    }

    /**
     * Puts a new item where an old one of the same key is, at the head of its {@link #newSegment} list, and frees
     * the old.
     */
    void replace(
        final long old, final AtomicBuffer oldBuffer, final int oldOffset,
        final long handle, final AtomicBuffer buffer, final int offset)
    {
        index.replace(old, oldBuffer, oldOffset, handle, buffer, offset);
        takeOffList(old, oldBuffer, oldOffset);
        final int sizeClass = ItemLayout.sizeClass(buffer, offset);
        final ReentrantLock classLock = lru.lock(sizeClass);
        classLock.lock();
        try
        {
            lru.pushHead(newSegment(buffer, offset), handle, buffer, offset);
            classBytes[sizeClass] += ItemLayout.itemLength(buffer, offset);
        }
        finally
        {
            classLock.unlock();
        }
        cache.free(old);
    }

    /**
     * Accounts for an item rewritten in its own slot with a value of another length; call holding its class's LRU
     * lock.
     */
    void resized(final int sizeClass, final int oldLength, final int newLength)
    {
        classBytes[sizeClass] += newLength - oldLength;
    }

    private void takeOffList(final long handle, final AtomicBuffer buffer, final int offset)
    {
        final int sizeClass = ItemLayout.sizeClass(buffer, offset);
        final ReentrantLock classLock = lru.lock(sizeClass);
        classLock.lock();
        try
        {
            lru.remove(handle, buffer, offset);
            classBytes[sizeClass] -= ItemLayout.itemLength(buffer, offset);
        }
        finally
        {
            classLock.unlock();
        }
    }

    /**
     * Puts a copy of an item, made by a page move, where the item is in its index chain and its LRU, keeping its
     * place in both. The item is read at {@code oldBuffer} and {@code oldOffset} only: its handle is stale.
     */
    void relocate(
        final long old, final AtomicBuffer oldBuffer, final int oldOffset,
        final long handle, final AtomicBuffer buffer, final int offset)
    {
        index.replace(old, oldBuffer, oldOffset, handle, buffer, offset);
        final ReentrantLock classLock = lru.lock(ItemLayout.sizeClass(oldBuffer, oldOffset));
        classLock.lock();
        try
        {
            lru.replace(old, oldBuffer, oldOffset, handle, buffer, offset);
        }
        finally
        {
            classLock.unlock();
        }
    }

    /**
     * @return bytes of header, key and value of the class's linked items: memcached's "items:N:mem_requested"; exact
     * when the store is paused.
     */
    long bytes(final int sizeClass)
    {
        return classBytes[sizeClass];
    }

    /**
     * @return bytes of header, key and value of the linked items: memcached's "bytes".
     */
    long bytes()
    {
        return StoreStats.sum(classBytes);
    }

    /**
     * @return items linked: memcached's curr_items.
     */
    long count()
    {
        return index.count();
    }
}
