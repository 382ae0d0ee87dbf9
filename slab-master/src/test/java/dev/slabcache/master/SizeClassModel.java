/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.master.SizeClassModelState.Item;
import dev.slabcache.master.SizeClassModelState.Page;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations of a reference-model test of a {@link SizeClassCache} used by one thread: every step picks one
 * operation, runs it on the cache and on the model ({@link SizeClassModelState}: every live handle, page and count)
 * and checks that they agree. Choices come from {@code bound -> [0, bound)}.
 * <p>
 * Without magazines the model is exact: a class holds the pages its live slots are in plus the empty pages that
 * page moves gave it; an allocation takes a slot of a page in the fullest partial bin, then of an empty page, then
 * of a new page from the pool; a page whose last live slot is freed goes back to the pool. With magazines the pages
 * a class holds depend on what the magazines keep, so the model reads the class's capacity from the cache and
 * checks what a caller sees. In both an allocation fails exactly when its class has no free slot in a page that
 * serves and the pool has no page left.
 * <p>
 * A page move's visitor ({@link SizeClassModelMoveVisitor}) checks that it is shown exactly the live slots of one
 * page of the class that gives it, the page with the fewest live slots, each once, in place, with its cookie intact
 * and its handle already dead. It copies some of them into new slots of their class first, as an owner that keeps
 * its items would.
 * <p>
 * Pool kinds: {@link #OWN_POOL} (the cache makes its pool from a memory limit), {@link #SHARED_DIRECT_POOL} and
 * {@link #SHARED_BUFFER_POOL} (a pool given to the builder and shared with a neighbour cache that allocates and
 * frees beside the model's).
 */
final class SizeClassModel implements AutoCloseable
{
    static final int OWN_POOL = 0;
    static final int SHARED_DIRECT_POOL = 1;
    static final int SHARED_BUFFER_POOL = 2;

    private static final int OPERATIONS = 32;
    private static final int MAX_NEIGHBOUR_LIVE = 48;
    private static final int DEAD_CHECKS_PER_MOVE = 4;

    private final IntUnaryOperator choose;
    private final PagePool pool;
    private final boolean sharedPool;
    private final SizeClassCache cache;
    private final SizeClassCache neighbour;
    private final SizeClassModelMisuse misuse;
    private final SizeClassModelState state;
    private final SizeClassModelMoveVisitor visitor;
    private final List<Long> neighbourLive = new ArrayList<>();
    private boolean freeing;
    private int hungryClass = -1;
    private long movesDone;
    private long slotsVisited;
    private long exhaustions;

    SizeClassModel(
        final IntUnaryOperator choose,
        final ThreadSafety threadSafety,
        final int pageSize,
        final int pageLimit,
        final int minSlotSize,
        final int maxSlotSize,
        final double growthFactor,
        final int poolKind)
    {
        this.choose = choose;
        this.sharedPool = OWN_POOL != poolKind;
        final SizeClassCacheBuilder builder = SizeClassCache.builder().name("model").minSlotSize(minSlotSize)
            .growthFactor(growthFactor).threadSafety(threadSafety);
        if (0 != maxSlotSize)
        {
            builder.maxSlotSize(maxSlotSize);
        }
        if (sharedPool)
        {
            final PagePool shared = SHARED_DIRECT_POOL == poolKind ?
                PagePool.direct(pageSize, (long)pageLimit * pageSize) :
                PagePool.of(new UnsafeBuffer(new byte[(pageLimit + 1) * pageSize - 1]), pageSize);
            assertEquals(pageLimit, shared.pageLimit(), "pages in a shared pool");
            this.cache = builder.pagePool(shared).build();
            this.neighbour = SizeClassCache.builder().name("neighbour").minSlotSize(32).maxSlotSize(pageSize)
                .growthFactor(2.0).pagePool(shared).threadSafety(threadSafety).build();
            assertSame(shared, neighbour.pagePool());
        }
        else
        {
            // A limit that is not a whole number of pages: the pool makes the pages it holds, no more.
            this.cache = builder.pageSize(pageSize).memoryLimit((long)pageLimit * pageSize + pageSize / 2).build();
            this.neighbour = null;
        }
        this.pool = cache.pagePool();
        assertEquals(pageLimit, pool.pageLimit(), "pages in the pool");
        assertEquals(pageSize, pool.pageSize(), "page size");
        assertEquals((long)pageLimit * pageSize, pool.memoryLimit(), "memory limit");
        assertEquals(0, pool.pagesInUse(), "a new cache holds no page");

        this.state = new SizeClassModelState(ThreadSafety.MAGAZINES != threadSafety, pageSize, cache.classes());
        state.checkClassLayout(cache, minSlotSize, 0 != maxSlotSize ? maxSlotSize : pageSize / 2, growthFactor);
        this.visitor = new SizeClassModelMoveVisitor(this, state, cache, choose);

        this.misuse = new SizeClassModelMisuse(choose, cache, state, visitor, threadSafety);
    }

    void step()
    {
        if (0 == choose.applyAsInt(1024))
        {
            freeing = !freeing;
        }
        switch (choose.applyAsInt(OPERATIONS))
        {
            case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 -> allocateOrFree(false);
            case 10, 11 -> allocateOrFree(true);
            case 12 -> misuse.allocateBadSize();
            case 13, 14, 15, 16, 17, 18, 19, 20 -> freeLive();
            case 21, 22 -> misuse.useBadHandle(neighbourLive);
            case 23, 24 -> movePage();
            case 25 -> misuse.movePageWithBadArguments();
            case 26, 27 -> readLive();
            case 28 -> freeClassOrOne();
            case 29 -> neighbourStep();
            default -> allocateOrFree(false);
        }
        checkAgreement();
    }

    void checkAllContents()
    {
        for (final Item item : state.live)
        {
            state.checkContents(item, item.page, item.offset);
        }
    }

    long movesDone()
    {
        return movesDone;
    }

    long slotsVisited()
    {
        return slotsVisited;
    }

    long slotsCopied()
    {
        return visitor.copies();
    }

    long exhaustions()
    {
        return exhaustions;
    }

    /**
     * Frees every live slot first on some runs and not on others, then closes: the pool must get back every page
     * with no live slot and keep every page with one.
     */
    @Override
    public void close()
    {
        if (0 == choose.applyAsInt(2))
        {
            while (!state.live.isEmpty())
            {
                free(state.live.get(state.live.size() - 1));
            }
            checkAgreement();
            final SizeClassStats stats = cache.stats();
            assertEquals(0, stats.slotsInUse(), stats::toString);
            assertEquals(0, stats.bytesInUse(), stats::toString);
        }
        final long someHandle = state.live.isEmpty() ? state.deadHandle(0) : state.live.get(0).handle;
        final int pagesWithLiveSlots = state.pages.size();
        final int neighbourPages = null != neighbour ? (int)neighbour.stats().pages() : 0;

        cache.close();
        assertEquals(pagesWithLiveSlots + neighbourPages, pool.pagesInUse(),
            "close gives every page without a live slot back to the pool and keeps the others");
        assertThrows(IllegalStateException.class, cache::stats);
        assertThrows(IllegalStateException.class, () -> cache.allocate(1));
        assertThrows(IllegalStateException.class, () -> cache.tryAllocate(state.maxSize));
        if (state.sizes.length > 1)
        {
            assertThrows(IllegalStateException.class, () -> cache.movePage(0, state.sizes.length - 1, visitor));
        }
        if (0 != someHandle)
        {
            assertThrows(IllegalStateException.class, () -> cache.free(someHandle));
            assertThrows(IllegalStateException.class, () -> cache.buffer(someHandle));
        }
        cache.close();
        assertEquals(pagesWithLiveSlots + neighbourPages, pool.pagesInUse(), "closing twice does nothing");
        if (null != neighbour)
        {
            for (final long handle : neighbourLive)
            {
                neighbour.free(handle);
            }
            neighbour.close();
            assertEquals(pagesWithLiveSlots, pool.pagesInUse(), "the neighbour gave its pages back");
        }
        misuse.close();
    }

    private void allocateOrFree(final boolean viaTry)
    {
        if (freeing && 0 != choose.applyAsInt(3) && !state.live.isEmpty())
        {
            freeLive();
            return;
        }
        final int size = randomSize();
        final int sizeClass = state.expectedClass(size);
        assertEquals(sizeClass, cache.classFor(size), () -> "class for size " + size);
        allocate(size, sizeClass, viaTry, null, 0, 0);
    }

    /**
     * Allocates a slot for {@code size} bytes and checks the outcome against the model's prediction: a slot when
     * the class has a free slot in a page that serves or the pool has a page left, else none.
     *
     * @param source       null to write a new cookie over the slot, or the buffer of a slot to copy it from.
     * @param sourceOffset where that slot starts.
     * @param sourceCookie the cookie that slot holds.
     * @return the handle, or {@link SlabCache#NULL_HANDLE} when none could be had, as predicted.
     */
    long allocate(
        final int size,
        final int sizeClass,
        final boolean viaTry,
        final AtomicBuffer source,
        final int sourceOffset,
        final long sourceCookie)
    {
        final long freeSlots = freeServingSlots(sizeClass);
        final boolean mustGrow = 0 == freeSlots;
        final boolean canGrow = pool.pagesFree() > 0;
        if (mustGrow && !canGrow && state.exact && state.emptyPageHeld())
        {
            // The allocation trims every class, giving their empty pages back to the pool, and tries again.
            state.emptyPagesReleased();
        }
        else if (mustGrow && !canGrow && (state.exact || !idlePageHeld()))
        {
            if (viaTry)
            {
                assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(size), "class and pool exhausted");
            }
            else
            {
                final SlabExhaustedException ex =
                    assertThrows(SlabExhaustedException.class, () -> cache.allocate(size), "class and pool exhausted");
                assertTrue(ex.getMessage().contains("'model[" + state.sizes[sizeClass] + "]'"), ex.getMessage());
                assertInstanceOf(SlabExhaustedException.class, ex.getCause(), "the pool's refusal is the cause");
            }
            state.failedAllocations[sizeClass]++;
            exhaustions++;
            hungryClass = sizeClass;
            return SlabCache.NULL_HANDLE;
        }

        final long handle = viaTry ? cache.tryAllocate(size) : cache.allocate(size);
        assertNotEquals(SlabCache.NULL_HANDLE, handle,
            () -> "class " + sizeClass + " had " + freeSlots + " free slots, the pool " + pool.pagesFree() + " pages");
        assertTrue(handle > 0, "handles are positive");
        assertFalse(state.items.containsKey(handle),
            () -> "handle " + SlotHandle.describe(handle) + " handed out twice");
        assertEquals(state.sizes[sizeClass], cache.slotSize(handle), "slot size of the class");
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        assertEquals(state.pageSize, buffer.capacity(), "a slot's buffer is its page");
        final int stride = BitUtil.align(state.sizes[sizeClass], SizeClassCache.CLASS_ALIGNMENT);
        assertEquals(0, offset % stride, "slot offset on the class's stride");
        assertTrue(offset + state.sizes[sizeClass] <= state.pageSize, "slot inside its page");
        if (visitor.isMoving())
        {
            assertNotSame(visitor.page, buffer, "allocated in the page being moved");
        }

        final Page page = state.pages.get(buffer);
        if (null != page)
        {
            assertEquals(sizeClass, page.sizeClass, "a slot of class " + sizeClass + " in a page of another class");
            assertFalse(page.draining, "allocated in a page being moved");
        }
        if (state.exact)
        {
            if (visitor.isMoving() && visitor.page == state.serving[sizeClass])
            {
                state.serving[sizeClass] = null; // the page a move empties stopped serving as the move began
            }
            state.checkPolicy(sizeClass, page, mustGrow, buffer);
        }
        final long cookie;
        if (null == source)
        {
            cookie = state.nextCookie++;
            SizeClassModelState.fill(buffer, offset, state.sizes[sizeClass], cookie);
        }
        else
        {
            cookie = sourceCookie;
            buffer.putBytes(offset, source, sourceOffset, state.sizes[sizeClass]);
        }
        state.add(handle, size, sizeClass, cookie, page, buffer, offset, stride);
        return handle;
    }

    /**
     * With magazines: whether a class holds a page no caller's slot is in (its free slots perhaps in magazines),
     * which the trim of an allocation that finds class and pool exhausted gives back to the pool for a retry. The
     * page a move is emptying is not one: the slot being visited is out of it.
     */
    private boolean idlePageHeld()
    {
        final SizeClassStats stats = cache.stats();
        for (int c = 0; c < state.sizes.length; c++)
        {
            long pagesInUse =
                null != visitor.page && c == visitor.fromClass && !state.pages.containsKey(visitor.page) ? 1 : 0;
            for (final Map.Entry<AtomicBuffer, Page> page : state.pages.entrySet())
            {
                if (c == page.getValue().sizeClass && (page.getValue().live > 0 || page.getKey() == visitor.page))
                {
                    pagesInUse++;
                }
            }
            if (stats.classes().get(c).pages() > pagesInUse)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return free slots of a class in the pages that serve its allocations: any but a page being moved.
     */
    private long freeServingSlots(final int sizeClass)
    {
        if (state.exact)
        {
            return state.exactFreeSlots(sizeClass);
        }
        long free = cache.stats().classes().get(sizeClass).slotCapacity() - state.liveInClass[sizeClass];
        if (null != visitor.page && sizeClass == visitor.fromClass)
        {
            free -= state.slotsPerPage[sizeClass] - visitor.pageModel.live;
        }
        return free;
    }

    private void freeLive()
    {
        if (!state.live.isEmpty())
        {
            free(state.live.get(choose.applyAsInt(state.live.size())));
        }
    }

    private void freeClassOrOne()
    {
        if (0 != choose.applyAsInt(16))
        {
            freeLive();
            return;
        }
        final int sizeClass = choose.applyAsInt(state.sizes.length);
        for (int i = state.live.size() - 1; i >= 0; i--)
        {
            if (i < state.live.size() && sizeClass == state.live.get(i).sizeClass)
            {
                free(state.live.get(i));
            }
        }
        assertEquals(0, state.liveInClass[sizeClass], "every slot of the class freed");
    }

    private void free(final Item item)
    {
        assertSame(item.page, cache.buffer(item.handle), "a live slot stays in its page");
        assertEquals(item.offset, cache.offset(item.handle), "a live slot stays where it was");
        state.checkContents(item, item.page, item.offset);
        cache.free(item.handle);
        final Page page = state.pages.get(item.page);
        state.forget(item);
        state.frees[item.sizeClass]++;
        if (state.exact && 0 == page.live && !page.draining)
        {
            if (0 == state.emptyPages[item.sizeClass])
            {
                state.emptyPages[item.sizeClass] = 1;
            }
            else if (item.page == state.serving[item.sizeClass])
            {
                state.serving[item.sizeClass] = null; // a class keeps one empty page; this one goes back to the pool
            }
        }
    }

    private void readLive()
    {
        if (state.live.isEmpty())
        {
            return;
        }
        final Item item = state.live.get(choose.applyAsInt(state.live.size()));
        final AtomicBuffer buffer = cache.buffer(item.handle);
        final int offset = cache.offset(item.handle);
        assertSame(item.page, buffer, "a live slot stays in its page");
        assertEquals(item.offset, offset, "a live slot stays where it was");
        assertEquals(state.sizes[item.sizeClass], cache.slotSize(item.handle), "slot size");
        assertTrue(cache.slotSize(item.handle) >= item.size, "a slot holds the size asked for");
        state.checkContents(item, buffer, offset);
    }

    private void movePage()
    {
        if (state.sizes.length < 2)
        {
            return;
        }
        // As an automover would: mostly from a class that holds live slots, to the class that last ran out.
        final int fromClass = !state.live.isEmpty() && 0 != choose.applyAsInt(3) ?
            state.live.get(choose.applyAsInt(state.live.size())).sizeClass : choose.applyAsInt(state.sizes.length);
        final int toClass = hungryClass >= 0 && hungryClass != fromClass && 0 != choose.applyAsInt(3) ?
            hungryClass : (fromClass + 1 + choose.applyAsInt(state.sizes.length - 1)) % state.sizes.length;
        final SizeClassStats before = cache.stats();
        final long pagesBefore = before.classes().get(fromClass).pages();
        int pagesWithLiveSlots = 0;
        int fewestLive = Integer.MAX_VALUE;
        for (final Page page : state.pages.values())
        {
            if (fromClass == page.sizeClass)
            {
                pagesWithLiveSlots++;
                fewestLive = Math.min(fewestLive, page.live);
            }
        }
        if (state.exact)
        {
            assertEquals(pagesWithLiveSlots + state.emptyPages[fromClass], pagesBefore, "pages of class " + fromClass);
        }
        final int expectedVisits = pagesWithLiveSlots == pagesBefore && pagesBefore > 0 ? fewestLive : 0;

        visitor.begin(fromClass);
        final PageMove move;
        try
        {
            move = cache.movePage(fromClass, toClass, visitor);
        }
        finally
        {
            visitor.end();
        }

        if (0 == pagesBefore)
        {
            assertEquals(PageMove.NO_PAGE, move, "class " + fromClass + " holds no page");
            assertEquals(0, visitor.visited.size(), "no page, no visit");
            return;
        }
        assertEquals(PageMove.MOVED, move, "one thread: the page goes back at once and the other class grows");
        assertEquals(expectedVisits, visitor.visited.size(), "the move takes the page with the fewest live slots");
        if (null != visitor.page)
        {
            assertEquals(visitor.liveAtFirstVisit, visitor.visited.size(), "every live slot of the page visited");
            assertNull(state.pages.get(visitor.page), "no live slot left in the moved page");
            if (visitor.page == state.serving[fromClass])
            {
                state.serving[fromClass] = null;
            }
        }
        else if (state.exact)
        {
            assertTrue(state.emptyPages[fromClass] > 0, "an empty page moved");
            state.emptyPages[fromClass]--;
            if (null != state.serving[fromClass] && !state.pages.containsKey(state.serving[fromClass]))
            {
                state.serving[fromClass] = null; // the empty page was the serving one
            }
        }
        if (state.exact)
        {
            state.emptyPages[toClass]++;
        }
        state.pagesMovedOut[fromClass]++;
        state.pagesMovedIn[toClass]++;
        state.slotsEvicted[fromClass] += visitor.visited.size();
        state.frees[fromClass] += visitor.visited.size();
        movesDone++;
        slotsVisited += visitor.visited.size();

        for (int i = 0; i < Math.min(DEAD_CHECKS_PER_MOVE, visitor.visited.size()); i++)
        {
            final long handle = visitor.visited.get(choose.applyAsInt(visitor.visited.size()));
            final Executable use = 0 == choose.applyAsInt(2) ? () -> cache.free(handle) : () -> cache.buffer(handle);
            assertThrows(InvalidHandleException.class, use, "a handle into a moved page is rejected");
        }
    }

    /**
     * The neighbour shares the pool: it takes pages the model's cache wanted, and gives them back.
     */
    private void neighbourStep()
    {
        if (null == neighbour)
        {
            allocateOrFree(true);
            return;
        }
        if (neighbourLive.size() < MAX_NEIGHBOUR_LIVE && 0 == choose.applyAsInt(2))
        {
            final int size = 1 + choose.applyAsInt(state.pageSize);
            final boolean poolHadPage = pool.pagesFree() > 0;
            final long handle = neighbour.tryAllocate(size);
            if (SlabCache.NULL_HANDLE == handle)
            {
                assertFalse(poolHadPage, "the neighbour failed while the pool had a page");
            }
            else
            {
                assertFalse(state.items.containsKey(handle), "a handle of two caches");
                neighbourLive.add(handle);
            }
        }
        else if (!neighbourLive.isEmpty())
        {
            final int index = choose.applyAsInt(neighbourLive.size());
            final long handle = neighbourLive.get(index);
            neighbourLive.set(index, neighbourLive.get(neighbourLive.size() - 1));
            neighbourLive.remove(neighbourLive.size() - 1);
            neighbour.free(handle);
        }
    }

    private void checkAgreement()
    {
        state.checkAgreement(cache.stats(), pool, null != neighbour ? neighbour.stats().pages() : 0);
    }

    private int randomSize()
    {
        final int pick = choose.applyAsInt(8);
        if (0 == pick)
        {
            return state.sizes[choose.applyAsInt(state.sizes.length)];
        }
        if (1 == pick)
        {
            return Math.min(state.maxSize, state.sizes[choose.applyAsInt(state.sizes.length)] + 1);
        }
        final int bits = 1 + choose.applyAsInt(32 - Integer.numberOfLeadingZeros(state.maxSize));
        return 1 + choose.applyAsInt(Math.min(state.maxSize, 1 << bits));
    }
}
