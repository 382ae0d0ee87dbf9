/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a {@link SizeClassCache} used by one thread must hold, as {@link SizeClassModel} keeps it: every live slot
 * with the size asked for, its class, page and offset and the cookie written over its whole slot; how many live
 * slots each page holds; every count the cache keeps per class; and the checks that the cache agrees.
 * <p>
 * Without magazines ({@link #exact}) the model knows the pages each class holds: the pages its live slots are in
 * plus the empty pages that page moves gave it, or that a class keeps when its last slot in a page is freed.
 */
final class SizeClassModelState
{
    private static final int DEAD_HANDLES = 64;
    private static final long COOKIE_MULTIPLIER = 0x9E3779B97F4A7C15L;

    final boolean exact;
    final int pageSize;
    final int[] sizes;
    final int[] slotsPerPage;
    final int maxSize;
    final List<Item> live = new ArrayList<>();
    final Map<Long, Item> items = new HashMap<>();
    // Pages of the model's cache that hold live slots, by identity: a pool hands out each page as one buffer object.
    final Map<AtomicBuffer, Page> pages = new IdentityHashMap<>();
    final int[] liveInClass;
    // Without magazines: pages a class holds that have no live slot, which only page moves give it.
    final int[] emptyPages;
    /**
     * Without magazines: each class's serving page, which its allocations come from until it is full, or null.
     */
    final AtomicBuffer[] serving;
    final long[] allocations;
    final long[] frees;
    final long[] failedAllocations;
    final long[] pagesMovedIn;
    final long[] pagesMovedOut;
    final long[] slotsEvicted;
    private final long[] deadHandles = new long[DEAD_HANDLES];
    private int deadCount;
    long liveBytes;
    long nextCookie = 1;

    /**
     * @param exact    true without magazines.
     * @param pageSize of the cache's pool.
     * @param classes  of the cache.
     */
    SizeClassModelState(final boolean exact, final int pageSize, final List<SizeClass> classes)
    {
        this.exact = exact;
        this.pageSize = pageSize;
        this.sizes = new int[classes.size()];
        this.slotsPerPage = new int[classes.size()];
        for (int i = 0; i < sizes.length; i++)
        {
            assertEquals(i, classes.get(i).index(), "class index");
            sizes[i] = classes.get(i).slotSize();
            slotsPerPage[i] = classes.get(i).slotsPerPage();
        }
        this.maxSize = sizes[sizes.length - 1];
        this.liveInClass = new int[sizes.length];
        this.emptyPages = new int[sizes.length];
        this.serving = new AtomicBuffer[sizes.length];
        this.allocations = new long[sizes.length];
        this.frees = new long[sizes.length];
        this.failedAllocations = new long[sizes.length];
        this.pagesMovedIn = new long[sizes.length];
        this.pagesMovedOut = new long[sizes.length];
        this.slotsEvicted = new long[sizes.length];
    }

    /**
     * Without magazines: a slot comes from the class's serving page until it is full, else from a page in the
     * fullest partial bin, else from an empty page the class holds, else from a new page; the page it came from
     * serves next unless it is full.
     */
    void checkPolicy(final int sizeClass, final Page page, final boolean mustGrow, final AtomicBuffer buffer)
    {
        final AtomicBuffer held = serving[sizeClass];
        final Page heldPage = null != held ? pages.get(held) : null;
        serving[sizeClass] = (null == page ? 1 < slotsPerPage[sizeClass] : page.live + 1 < page.capacity)
            ? buffer : null;
        if (null != held && !mustGrow && (null == heldPage || !heldPage.draining))
        {
            assertSame(held, buffer, () -> "policy: the serving page serves until it is full; it holds " +
                (null == heldPage ? "no live slot" : heldPage.live + " live slots of " + heldPage.capacity) +
                ", the slot came from " + (null == page ? "an empty or new page" : "a page with " + page.live) +
                ", empty pages " + emptyPages[sizeClass]);
            if (null == page)
            {
                assertTrue(emptyPages[sizeClass] > 0, "the empty page the class holds serves");
                emptyPages[sizeClass]--;
            }
            return;
        }
        int fullestBin = -1;
        for (final Page candidate : pages.values())
        {
            if (sizeClass == candidate.sizeClass && !candidate.draining && candidate.live < candidate.capacity)
            {
                fullestBin = Math.max(fullestBin, candidate.bin());
            }
        }
        if (mustGrow)
        {
            assertNull(page, "the class had no free slot: the slot must be in a new page");
        }
        else if (fullestBin >= 0)
        {
            assertNotNull(page, "a partial page had a free slot, but the slot is in another page");
            assertEquals(fullestBin, page.bin(), "policy: a page of the fullest partial bin serves");
        }
        else
        {
            assertNull(page, "no partial page: the slot must be in an empty page");
            assertTrue(emptyPages[sizeClass] > 0, "the class holds an empty page");
            emptyPages[sizeClass]--;
        }
    }

    /**
     * Without magazines: the empty pages every class holds went back to the pool (a trim), the serving one too.
     */
    void emptyPagesReleased()
    {
        Arrays.fill(emptyPages, 0);
        for (int c = 0; c < serving.length; c++)
        {
            if (null != serving[c] && !pages.containsKey(serving[c]))
            {
                serving[c] = null;
            }
        }
    }

    /**
     * Without magazines: whether a class holds an empty page, which the trim of an allocation that finds class and
     * pool exhausted gives back to the pool for a retry.
     */
    boolean emptyPageHeld()
    {
        for (final int empty : emptyPages)
        {
            if (empty > 0)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Without magazines: the free slots of a class in the pages that serve its allocations, any but a page being
     * moved.
     */
    long exactFreeSlots(final int sizeClass)
    {
        long free = (long)emptyPages[sizeClass] * slotsPerPage[sizeClass];
        for (final Page page : pages.values())
        {
            if (sizeClass == page.sizeClass && !page.draining)
            {
                free += page.capacity - page.live;
            }
        }
        return free;
    }

    /**
     * Takes a slot the cache handed out into the model.
     *
     * @param page   the model of the slot's page, or null when the page had no live slot.
     * @param buffer the slot's page.
     * @param stride bytes from one slot of the class to the next.
     * @return the slot, as the model knows it.
     */
    Item add(
        final long handle,
        final int size,
        final int sizeClass,
        final long cookie,
        final Page page,
        final AtomicBuffer buffer,
        final int offset,
        final int stride)
    {
        Page holder = page;
        if (null == holder)
        {
            holder = new Page(sizeClass, slotsPerPage[sizeClass], stride);
            pages.put(buffer, holder);
        }
        final int slot = offset / stride;
        assertFalse(holder.occupied[slot], "slot " + slot + " of a page handed out twice");
        holder.occupied[slot] = true;
        holder.live++;

        final Item item = new Item(handle, size, sizeClass, cookie, buffer, offset);
        item.index = live.size();
        live.add(item);
        items.put(handle, item);
        liveInClass[sizeClass]++;
        liveBytes += sizes[sizeClass];
        allocations[sizeClass]++;
        return item;
    }

    /**
     * Takes a slot out of the model: freed by its holder, or taken from it by a page move.
     */
    void forget(final Item item)
    {
        final Item last = live.remove(live.size() - 1);
        if (last != item)
        {
            live.set(item.index, last);
            last.index = item.index;
        }
        items.remove(item.handle);
        liveInClass[item.sizeClass]--;
        liveBytes -= sizes[item.sizeClass];
        final Page page = pages.get(item.page);
        page.occupied[item.offset / page.stride] = false;
        if (0 == --page.live)
        {
            pages.remove(item.page);
        }
        deadHandles[deadCount++ % DEAD_HANDLES] = item.handle;
    }

    /**
     * @return how many of the handles the model took out of it are kept, the latest ones.
     */
    int deadHandles()
    {
        return Math.min(deadCount, DEAD_HANDLES);
    }

    /**
     * @param index below {@link #deadHandles()}, or 0 for 0 when there is none.
     * @return a handle the model took out of it.
     */
    long deadHandle(final int index)
    {
        return deadHandles[index];
    }

    /**
     * Checks that the cache's statistics and its pool agree with the model.
     *
     * @param stats          of the cache, just read.
     * @param pool           the cache's page pool.
     * @param neighbourPages pages a neighbour sharing the pool holds.
     */
    void checkAgreement(final SizeClassStats stats, final PagePool pool, final long neighbourPages)
    {
        assertEquals(pageSize, stats.pageSize(), "page size");
        assertEquals(pool.pageLimit(), stats.pageLimit(), "page limit");
        assertEquals(sizes.length, stats.classes().size(), "classes");
        final int[] pagesWithLiveSlots = new int[sizes.length];
        for (final Page page : pages.values())
        {
            pagesWithLiveSlots[page.sizeClass]++;
        }
        for (int c = 0; c < sizes.length; c++)
        {
            final SizeClassStats.ClassStats classStats = stats.classes().get(c);
            final int sizeClass = c;
            assertEquals(c, classStats.index(), "class index");
            assertEquals(sizes[c], classStats.slotSize(), "class size");
            assertEquals(liveInClass[c], classStats.slotsInUse(), () -> "slots in use of class " + sizeClass);
            assertEquals(classStats.pages() * pageSize, classStats.bytesInPages(), "bytes in pages = pages * size");
            assertEquals(classStats.pages() * slotsPerPage[c], classStats.slotCapacity(), "capacity of the pages");
            if (exact)
            {
                assertEquals(pagesWithLiveSlots[c] + emptyPages[c], classStats.pages(),
                    () -> "pages of class " + sizeClass);
                assertEquals(0, classStats.slotsInMagazines(), "no magazines");
            }
            else
            {
                assertTrue(classStats.pages() >= pagesWithLiveSlots[c], () -> "pages of class " + sizeClass);
                assertTrue(classStats.slotsInMagazines() >= 0 &&
                    classStats.slotsInUse() + classStats.slotsInMagazines() <= classStats.slotCapacity(),
                    classStats::toString);
            }
            assertEquals(allocations[c], classStats.allocations(), () -> "allocations of class " + sizeClass);
            assertEquals(frees[c], classStats.frees(), () -> "frees of class " + sizeClass);
            assertEquals(failedAllocations[c], classStats.failedAllocations(),
                () -> "failed allocations of class " + sizeClass);
            assertEquals(pagesMovedIn[c], classStats.pagesMovedIn(), () -> "pages moved in to " + sizeClass);
            assertEquals(pagesMovedOut[c], classStats.pagesMovedOut(), () -> "pages moved out of " + sizeClass);
            assertEquals(slotsEvicted[c], classStats.slotsEvicted(), () -> "slots evicted from " + sizeClass);
        }
        assertEquals(live.size(), stats.slotsInUse(), "slots in use");
        assertEquals(liveBytes, stats.bytesInUse(), "bytes in use");
        assertEquals(stats.pages() * pageSize, stats.bytesInPages(), "bytes in pages");
        assertEquals(pool.pagesInUse(), stats.pagesInUse(), "pages in use of the pool");
        assertTrue(stats.pagesInUse() <= stats.pageLimit(), stats::toString);
        assertEquals(pool.pageLimit() - pool.pagesInUse(), pool.pagesFree(), "pages free of the pool");
        assertEquals(stats.pages() + neighbourPages, stats.pagesInUse(), "the pool's pages are the caches' pages");
    }

    /**
     * @return the smallest class whose slots hold {@code size} bytes.
     */
    int expectedClass(final int size)
    {
        int low = 0;
        int high = sizes.length - 1;
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            if (sizes[middle] < size)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Classes grow by the factor from the smallest, rounded up to a multiple of the alignment and at least one
     * alignment apart, up to the largest; each page holds as many slots as fit; the cache finds the class of a size
     * as the model does.
     */
    void checkClassLayout(
        final SizeClassCache cache,
        final int minSlotSize, final int maxSlotSize, final double growthFactor)
    {
        assertEquals(BitUtil.align(minSlotSize, SizeClassCache.CLASS_ALIGNMENT), sizes[0], "smallest class");
        assertEquals(maxSlotSize, maxSize, "largest class");
        for (int i = 0; i < sizes.length; i++)
        {
            if (i + 1 < sizes.length)
            {
                assertTrue(sizes[i] < sizes[i + 1], "classes grow");
            }
            if (i + 2 < sizes.length)
            {
                final long grown =
                    BitUtil.align((long)(sizes[i] * growthFactor), SizeClassCache.CLASS_ALIGNMENT);
                assertEquals(Math.max(sizes[i] + SizeClassCache.CLASS_ALIGNMENT, grown), sizes[i + 1],
                    "class after " + sizes[i]);
            }
            assertEquals(0, sizes[i] % SizeClassCache.CLASS_ALIGNMENT, "class sizes are multiples of the alignment");
            assertEquals(pageSize / sizes[i], slotsPerPage[i], "slots per page of class " + i);
            assertEquals(i, expectedClass(sizes[i]), "a class holds its own size");
            for (final int size : new int[] {sizes[i], Math.max(1, sizes[i] - 1), 0 == i ? 1 : sizes[i - 1] + 1})
            {
                assertEquals(expectedClass(size), cache.classFor(size), "class for size " + size);
            }
        }
    }

    /**
     * Writes a cookie's pattern over a whole slot.
     */
    static void fill(final AtomicBuffer buffer, final int offset, final int slotSize, final long cookie)
    {
        final long base = cookie * COOKIE_MULTIPLIER;
        int i = 0;
        for (; i + Long.BYTES <= slotSize; i += Long.BYTES)
        {
            buffer.putLong(offset + i, base + i);
        }
        for (; i < slotSize; i++)
        {
            buffer.putByte(offset + i, (byte)(base + i));
        }
    }

    /**
     * Checks that a live slot still holds its cookie's pattern, wherever it is shown.
     */
    void checkContents(final Item item, final AtomicBuffer buffer, final int offset)
    {
        final int slotSize = sizes[item.sizeClass];
        final long base = item.cookie * COOKIE_MULTIPLIER;
        int i = 0;
        for (; i + Long.BYTES <= slotSize; i += Long.BYTES)
        {
            if (base + i != buffer.getLong(offset + i))
            {
                fail("handle " + SlotHandle.describe(item.handle) + " of class " + item.sizeClass + " byte " + i +
                    " overwritten while live: found " + Long.toHexString(buffer.getLong(offset + i)));
            }
        }
        for (; i < slotSize; i++)
        {
            if ((byte)(base + i) != buffer.getByte(offset + i))
            {
                fail("handle " + SlotHandle.describe(item.handle) + " byte " + i + " overwritten while live");
            }
        }
    }

    /**
     * A live slot as the model knows it.
     */
    static final class Item
    {
        final long handle;
        final int size;
        final int sizeClass;
        final long cookie;
        final AtomicBuffer page;
        final int offset;
        int index;

        Item(final long handle, final int size, final int sizeClass, final long cookie, final AtomicBuffer page,
            final int offset)
        {
            this.handle = handle;
            this.size = size;
            this.sizeClass = sizeClass;
            this.cookie = cookie;
            this.page = page;
            this.offset = offset;
        }
    }

    /**
     * A page of the model's cache with live slots: its class, which slots are live, whether a move is emptying it.
     */
    static final class Page
    {
        final int sizeClass;
        final int capacity;
        final int stride;
        final boolean[] occupied;
        int live;
        boolean draining;

        Page(final int sizeClass, final int capacity, final int stride)
        {
            this.sizeClass = sizeClass;
            this.capacity = capacity;
            this.stride = stride;
            this.occupied = new boolean[capacity];
        }

        int bin()
        {
            return (int)((long)live * SlabBins.PARTIAL_BINS / capacity);
        }
    }
}
