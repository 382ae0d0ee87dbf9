/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The linked items: each is in the {@link ItemIndex} and on one of its class's {@link ItemLru} lists at once, and
 * this class keeps the two in step, with the bytes the items use. Call holding the item lock of the items' key
 * ({@link StoreLock}); each method takes the LRU lock of the class it changes, one at a time, and the bytes of a
 * class are guarded by its LRU lock.
 */
final class ItemTable
{
    final StoreMemory memory;
    final StoreLock lock;
    final ItemIndex index;
    final ItemLru lru;
    private final StoreTuning tuning;
    private final long[] classBytes;

    /**
     * @param lockStripes the item locks, see {@link StoreLock}.
     */
    ItemTable(final StoreMemory memory, final int initialHashPower, final StoreTuning tuning, final int lockStripes)
    {
        this.memory = memory;
        this.tuning = tuning;
        this.lru = new ItemLru(memory, memory.classes().size());
        this.lock = new StoreLock(lockStripes, lru);
        this.index = new ItemIndex(memory, initialHashPower, lock);
        this.classBytes = new long[memory.classes().size()];
    }

    /**
     * @return the LRU segment a new item goes on, read from its header: the temporary list when temp_lru is on and
     * it expires within temporary_ttl of its time, else the hot list (the cold one when the LRU is flat), as
     * memcached's do_item_alloc chooses.
     */
    int newSegment(final Item item)
    {
        final long expiresAt = item.expiresAt();
        if (tuning.tempLru && 0 != expiresAt && expiresAt - item.time() <= tuning.temporaryTtl)
        {
            return ItemLru.TEMP;
        }
        return tuning.lruSegmented ? ItemLru.HOT : ItemLru.COLD;
    }

    /**
     * @return the LRU segment a warm restart puts an item back on: the one it was on when the LRU settings still
     * have it (the temporary list only with temp_lru, the others only when segmented), else the cold one.
     */
    int keptSegment(final Item item)
    {
        final int segment = item.segment();
        return (ItemLru.TEMP == segment ? tuning.tempLru : tuning.lruSegmented) ? segment : ItemLru.COLD;
    }

    /**
     * Links a new item, whose header and key are written, into the index and at the head of its
     * {@link #newSegment} list.
     */
    void link(final Item item)
    {
        linkAt(newSegment(item), item);
    }

    /**
     * Links an item into the index and at the head of the given LRU list, as a warm restart puts back each item it
     * keeps, oldest first, on the list it was on.
     */
    void linkAt(final int segment, final Item item)
    {
        index.insert(item);
        putOnList(segment, item);
    }

    /**
     * Takes an item out of the index and its LRU; its slot stays the caller's. Reads the item where {@code item} is
     * aimed only, so a page move's visitor may call it.
     */
    void unlink(final Item item)
    {
        if (!index.remove(item))
        {
            throw new IllegalStateException("item " + item.handle() + " is not in the index");
        }
        takeOffList(item);
    }

    /**
     * Unlinks an item and frees its slot.
     */
    void remove(final Item item)
    {
        unlink(item);
        memory.free(item.handle());
    }

    /**
     * Puts a new item where an old one of the same key is, at the head of its {@link #newSegment} list, and frees
     * the old.
     */
    void replace(final Item old, final Item item)
    {
        index.replace(old, item);
        takeOffList(old);
        putOnList(newSegment(item), item);
        memory.free(old.handle());
    }

    private void putOnList(final int segment, final Item item)
    {
        final int sizeClass = item.sizeClass();
        final ReentrantLock classLock = lru.lock(sizeClass);
        classLock.lock();
        try
        {
            lru.pushHead(segment, item);
            classBytes[sizeClass] += item.itemLength();
            item.linked(true);
        }
        finally
        {
            classLock.unlock();
        }
    }

    private void takeOffList(final Item item)
    {
        final int sizeClass = item.sizeClass();
        final ReentrantLock classLock = lru.lock(sizeClass);
        classLock.lock();
        try
        {
            lru.remove(item);
            classBytes[sizeClass] -= item.itemLength();
            item.linked(false);
        }
        finally
        {
            classLock.unlock();
        }
    }

    /**
     * Puts a copy of an item, made by a page move, where the item is in its index chain and its LRU, keeping its
     * place in both. The item is read where {@code old} is aimed only: its handle is stale.
     */
    void relocate(final Item old, final Item copy)
    {
        index.replace(old, copy);
        final ReentrantLock classLock = lru.lock(old.sizeClass());
        classLock.lock();
        try
        {
            lru.replace(old, copy);
            copy.linked(true);
            old.linked(false);
        }
        finally
        {
            classLock.unlock();
        }
    }

    /**
     * Accounts for an item rewritten in its own slot with a value of another length; call holding its class's LRU
     * lock.
     */
    void resized(final int sizeClass, final int oldLength, final int newLength)
    {
        classBytes[sizeClass] += newLength - oldLength;
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
