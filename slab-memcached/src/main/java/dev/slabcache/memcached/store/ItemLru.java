/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The LRU lists of every size class, four a class as memcached 1.6's segmented LRU has them: {@link #HOT},
 * {@link #WARM}, {@link #COLD} and {@link #TEMP}. A list is named by its id, {@link #list(int, int)}: the class
 * times {@link #SEGMENTS} plus the segment. Each is doubly linked through the items' headers
 * ({@link ItemLayout#LRU_PREV} towards the head, the most recently used; {@link ItemLayout#LRU_NEXT} towards the
 * tail); an item's segment is kept in its status byte ({@link Item#segment()}), so that it is taken off the
 * right list without being told which. The rules that move items between the lists are {@link LruPolicy}'s.
 * <p>
 * Also keeps each list's crawler cursor, the next item a crawl visits walking from tail to head, and steps it on
 * when that item leaves the list, as memcached's crawler item does; a metadump's cursor likewise.
 * <p>
 * Each class has its LRU lock ({@link #lock(int)}, memcached's lru_locks, here one for the class's four lists so
 * that a move between segments takes one lock): it guards the class's lists, their counts and cursors, and the LRU
 * links and segment of the items on them. A thread holding it only tries item locks (see {@link StoreLock}).
 */
final class ItemLru
{
    /** New items, until they flow to {@link #WARM} or {@link #COLD}. */
    static final int HOT = 0;
    /** Items read twice, kept from eviction while within their share. */
    static final int WARM = 1;
    /** Items evictions take from, and the only list of a flat LRU. */
    static final int COLD = 2;
    /** Items with a short expiry (-o temp_lru), never bumped, never evicted, reclaimed when they expire. */
    static final int TEMP = 3;
    /** Lists a class has. */
    static final int SEGMENTS = 4;

    private final StoreMemory memory;
    /** Each thread's flyweight, aimed at the neighbours of an item being linked or unlinked. */
    private final ThreadLocal<Item> neighbours = ThreadLocal.withInitial(Item::new);
    private final long[] heads;
    private final long[] tails;
    private final long[] sizes;
    private final long[] bytes;
    private final long[] cursors;
    private final long[] dumpCursors;
    private final ReentrantLock[] locks;
    private volatile boolean movesHeld;

    ItemLru(final StoreMemory memory, final int classes)
    {
        this.memory = memory;
        final int lists = classes * SEGMENTS;
        this.heads = new long[lists];
        this.tails = new long[lists];
        this.sizes = new long[lists];
        this.bytes = new long[lists];
        this.cursors = new long[lists];
        this.dumpCursors = new long[lists];
        this.locks = new ReentrantLock[classes];
        for (int i = 0; i < classes; i++)
        {
            this.locks[i] = new ReentrantLock();
        }
    }

    /**
     * @return the LRU lock of the class: take it after any item lock, never before one.
     */
    ReentrantLock lock(final int sizeClass)
    {
        return locks[sizeClass];
    }

    /**
     * @return the id of the class's list of that segment.
     */
    static int list(final int sizeClass, final int segment)
    {
        return sizeClass * SEGMENTS + segment;
    }

    /**
     * @return the id of the list the item is on (or was last put on).
     */
    static int listOf(final Item item)
    {
        return list(item.sizeClass(), item.segment());
    }

    /**
     * Puts an item that is on no list at the head of its class's list of {@code segment}, and marks the item with
     * the segment.
     */
    void pushHead(final int segment, final Item item)
    {
        item.segment(segment);
        final int list = listOf(item);
        final long handle = item.handle();
        final long head = heads[list];
        item.lruPrev(0);
        item.lruNext(head);
        if (0 == head)
        {
            tails[list] = handle;
        }
        else
        {
            neighbours.get().wrap(memory, head).lruPrev(handle);
        }
        heads[list] = handle;
        sizes[list]++;
        bytes[list] += item.itemLength();
    }

    /**
     * Takes an item off its list. The item is read where {@code item} is aimed, never through its handle, which a
     * page move has already made stale; its neighbours are live items.
     */
    void remove(final Item item)
    {
        final int list = listOf(item);
        final long handle = item.handle();
        final long prev = item.lruPrev();
        final long next = item.lruNext();
        final Item neighbour = neighbours.get();
        if (0 == prev)
        {
            heads[list] = next;
        }
        else
        {
            neighbour.wrap(memory, prev).lruNext(next);
        }
        if (0 == next)
        {
            tails[list] = prev;
        }
        else
        {
            neighbour.wrap(memory, next).lruPrev(prev);
        }
        if (cursors[list] == handle)
        {
            cursors[list] = prev;
        }
        if (dumpCursors[list] == handle)
        {
            dumpCursors[list] = prev;
        }
        item.lruPrev(0);
        item.lruNext(0);
        sizes[list]--;
        bytes[list] -= item.itemLength();
    }

    /**
     * Puts an item that is on no list where a listed one with the same header is (a copy: same class and segment),
     * in the list and under the list's cursors, and takes the listed one off. The listed one is read where
     * {@code old} is aimed, never through its handle, which a page move has already made stale.
     */
    void replace(final Item old, final Item item)
    {
        final int list = listOf(old);
        final long oldHandle = old.handle();
        final long handle = item.handle();
        final long prev = old.lruPrev();
        final long next = old.lruNext();
        item.lruPrev(prev);
        item.lruNext(next);
        final Item neighbour = neighbours.get();
        if (0 == prev)
        {
            heads[list] = handle;
        }
        else
        {
            neighbour.wrap(memory, prev).lruNext(handle);
        }
        if (0 == next)
        {
            tails[list] = handle;
        }
        else
        {
            neighbour.wrap(memory, next).lruPrev(handle);
        }
        if (cursors[list] == oldHandle)
        {
            cursors[list] = handle;
        }
        if (dumpCursors[list] == oldHandle)
        {
            dumpCursors[list] = handle;
        }
        old.lruPrev(0);
        old.lruNext(0);
    }

    /**
     * Moves a listed item to the head of the class's list of {@code segment} (its own list or another).
     */
    void moveToHead(final int segment, final Item item)
    {
        if (item.segment() != segment || heads[listOf(item)] != item.handle())
        {
            remove(item);
            pushHead(segment, item);
        }
    }

    /**
     * @return the least recently used item of the list, or 0.
     */
    long tail(final int list)
    {
        return tails[list];
    }

    /**
     * @return the most recently used item of the list, or 0.
     */
    long head(final int list)
    {
        return heads[list];
    }

    /**
     * @param handle a listed item, or 0.
     * @param now    the time, in Unix seconds.
     * @return seconds since the item was last accessed, or 0 for no item: the age memcached gives a list by its tail.
     */
    long idleSeconds(final long handle, final long now)
    {
        return 0 == handle ? 0 : now - neighbours.get().wrap(memory, handle).time();
    }

    /**
     * @return items on the list.
     */
    long size(final int list)
    {
        return sizes[list];
    }

    /**
     * @return bytes of header, key and value of the items on the list (memcached's sizes_bytes).
     */
    long bytes(final int list)
    {
        return bytes[list];
    }

    /**
     * @return items on all the class's lists.
     */
    long classSize(final int sizeClass)
    {
        final int first = list(sizeClass, HOT);
        return sizes[first] + sizes[first + WARM] + sizes[first + COLD] + sizes[first + TEMP];
    }

    /**
     * @return the item an eviction in the class would look at first: the tail of its cold list, else of its hot,
     * warm or temporary list, in the order an allocation pulls them; 0 when the class holds no item.
     */
    long evictionTail(final int sizeClass)
    {
        final int first = list(sizeClass, HOT);
        if (0 != tails[first + COLD])
        {
            return tails[first + COLD];
        }
        if (0 != tails[first + HOT])
        {
            return tails[first + HOT];
        }
        return 0 != tails[first + WARM] ? tails[first + WARM] : tails[first + TEMP];
    }

    /**
     * @return the next item the list's crawl visits, or 0 when its pass is over.
     */
    long cursor(final int list)
    {
        return cursors[list];
    }

    void cursor(final int list, final long handle)
    {
        cursors[list] = handle;
    }

    /**
     * @return the next item a metadump visits in the list, or 0; stepped on as {@link #cursor} is.
     */
    long dumpCursor(final int list)
    {
        return dumpCursors[list];
    }

    void dumpCursor(final int list, final long handle)
    {
        dumpCursors[list] = handle;
    }

    /**
     * Holds or lets go the moves of items between lists, which a metadump holds while it walks them so that it
     * lists each item that stays exactly once: while held, {@link LruPolicy} juggles nothing and a cold item read
     * twice stays cold, marked ACTIVE, until a later pull moves it (an allocation that finds nothing to evict still
     * moves a hot or warm tail item to the cold list).
     */
    void holdMoves(final boolean held)
    {
        movesHeld = held;
    }

    /**
     * @return whether a metadump holds the moves between lists.
     */
    boolean movesHeld()
    {
        return movesHeld;
    }

    int classes()
    {
        return heads.length / SEGMENTS;
    }

    int lists()
    {
        return heads.length;
    }
}
