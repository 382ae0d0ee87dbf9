/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlotHandle;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A plain reference model of a {@link SizeClassCache} used by one thread: every live handle with the size asked
 * for, its class, page and offset and the cookie written over its whole slot; how many live slots each page
 * holds; and every count the cache keeps per class. Every step runs one operation on the cache and the model and
 * checks that they agree. Choices come from {@code bound -> [0, bound)}.
 * <p>
 * Without magazines the model is exact: a class holds the pages its live slots are in plus the empty pages that
 * page moves gave it; an allocation takes a slot of a page in the fullest partial bin, then of an empty page, then
 * of a new page from the pool; a page whose last live slot is freed goes back to the pool. With magazines the pages
 * a class holds depend on what the magazines keep, so the model reads the class's capacity from the cache and
 * checks what a caller sees. In both an allocation fails exactly when its class has no free slot in a page that
 * serves and the pool has no page left.
 * <p>
 * A page move's visitor checks that it is shown exactly the live slots of one page of the class that gives it,
 * the page with the fewest live slots, each once, in place, with its cookie intact and its handle already dead. It
 * copies some of them into new slots of their class first, as an owner that keeps its items would.
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
    private static final int DEAD_HANDLES = 64;
    private static final int MAX_NEIGHBOUR_LIVE = 48;
    private static final int DEAD_CHECKS_PER_MOVE = 4;
    private static final long COOKIE_MULTIPLIER = 0x9E3779B97F4A7C15L;

    private final IntUnaryOperator choose;
    private final boolean exact;
    private final int pageSize;
    private final PagePool pool;
    private final boolean sharedPool;
    private final SizeClassCache cache;
    private final SizeClassCache neighbour;
    private final SizeClassCache other;
    private final long foreignHandle;
    private final int[] sizes;
    private final int[] slotsPerPage;
    private final int maxSize;

    private final List<Item> live = new ArrayList<>();
    private final Map<Long, Item> items = new HashMap<>();
    // Pages of the model's cache that hold live slots, by identity: a pool hands out each page as one buffer object.
    private final Map<AtomicBuffer, Page> pages = new IdentityHashMap<>();
    private final int[] liveInClass;
    // Without magazines: pages a class holds that have no live slot, which only page moves give it.
    private final int[] emptyPages;
    private final long[] allocations;
    private final long[] frees;
    private final long[] failedAllocations;
    private final long[] pagesMovedIn;
    private final long[] pagesMovedOut;
    private final long[] slotsEvicted;
    private final List<Long> neighbourLive = new ArrayList<>();
    private final long[] deadHandles = new long[DEAD_HANDLES];
    private final MoveVisitor visitor = new MoveVisitor();
    private int deadCount;
    private long liveBytes;
    private long nextCookie = 1;
    private boolean freeing;
    private int hungryClass = -1;
    private long movesDone;
    private long slotsVisited;
    private long slotsCopied;
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
        this.exact = ThreadSafety.MAGAZINES != threadSafety;
        this.pageSize = pageSize;
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

        final List<SizeClass> classes = cache.classes();
        this.sizes = new int[classes.size()];
        this.slotsPerPage = new int[classes.size()];
        for (int i = 0; i < sizes.length; i++)
        {
            assertEquals(i, classes.get(i).index(), "class index");
            sizes[i] = classes.get(i).slotSize();
            slotsPerPage[i] = classes.get(i).slotsPerPage();
        }
        this.maxSize = sizes[sizes.length - 1];
        checkClassLayout(minSlotSize, 0 != maxSlotSize ? maxSlotSize : pageSize / 2, growthFactor);

        this.liveInClass = new int[sizes.length];
        this.emptyPages = new int[sizes.length];
        this.allocations = new long[sizes.length];
        this.frees = new long[sizes.length];
        this.failedAllocations = new long[sizes.length];
        this.pagesMovedIn = new long[sizes.length];
        this.pagesMovedOut = new long[sizes.length];
        this.slotsEvicted = new long[sizes.length];

        this.other = SizeClassCache.builder().name("other").pageSize(PagePool.MIN_PAGE_SIZE)
            .memoryLimit(PagePool.MIN_PAGE_SIZE).threadSafety(threadSafety).build();
        this.foreignHandle = other.allocate(1);
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
            case 12 -> allocateBadSize();
            case 13, 14, 15, 16, 17, 18, 19, 20 -> freeLive();
            case 21, 22 -> useBadHandle();
            case 23, 24 -> movePage();
            case 25 -> movePageWithBadArguments();
            case 26, 27 -> readLive();
            case 28 -> freeClassOrOne();
            case 29 -> neighbourStep();
            default -> allocateOrFree(false);
        }
        checkAgreement();
    }

    void checkAllContents()
    {
        for (final Item item : live)
        {
            checkContents(item, item.page, item.offset);
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
        return slotsCopied;
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
            while (!live.isEmpty())
            {
                free(live.get(live.size() - 1));
            }
            checkAgreement();
            final SizeClassStats stats = cache.stats();
            assertEquals(0, stats.slotsInUse(), stats::toString);
            assertEquals(0, stats.bytesInUse(), stats::toString);
        }
        final long someHandle = live.isEmpty() ? deadHandles[0] : live.get(0).handle;
        final int pagesWithLiveSlots = pages.size();
        final int neighbourPages = null != neighbour ? (int)neighbour.stats().pages() : 0;

        cache.close();
        assertEquals(pagesWithLiveSlots + neighbourPages, pool.pagesInUse(),
            "close gives every page without a live slot back to the pool and keeps the others");
        assertThrows(IllegalStateException.class, cache::stats);
        assertThrows(IllegalStateException.class, () -> cache.allocate(1));
        assertThrows(IllegalStateException.class, () -> cache.tryAllocate(maxSize));
        if (sizes.length > 1)
        {
            assertThrows(IllegalStateException.class, () -> cache.movePage(0, sizes.length - 1, visitor));
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
        other.close();
    }

    private void allocateOrFree(final boolean viaTry)
    {
        if (freeing && 0 != choose.applyAsInt(3) && !live.isEmpty())
        {
            freeLive();
            return;
        }
        final int size = randomSize();
        final int sizeClass = expectedClass(size);
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
    private long allocate(
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
        if (mustGrow && !canGrow && exact && emptyPageHeld())
        {
            // The allocation trims every class, giving their empty pages back to the pool, and tries again.
            Arrays.fill(emptyPages, 0);
        }
        else if (mustGrow && !canGrow && (exact || !idlePageHeld()))
        {
            if (viaTry)
            {
                assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(size), "class and pool exhausted");
            }
            else
            {
                final SlabExhaustedException ex =
                    assertThrows(SlabExhaustedException.class, () -> cache.allocate(size), "class and pool exhausted");
                assertTrue(ex.getMessage().contains("'model[" + sizes[sizeClass] + "]'"), ex.getMessage());
                assertInstanceOf(SlabExhaustedException.class, ex.getCause(), "the pool's refusal is the cause");
            }
            failedAllocations[sizeClass]++;
            exhaustions++;
            hungryClass = sizeClass;
            return SlabCache.NULL_HANDLE;
        }

        final long handle = viaTry ? cache.tryAllocate(size) : cache.allocate(size);
        assertNotEquals(SlabCache.NULL_HANDLE, handle,
            () -> "class " + sizeClass + " had " + freeSlots + " free slots, the pool " + pool.pagesFree() + " pages");
        assertTrue(handle > 0, "handles are positive");
        assertFalse(items.containsKey(handle), () -> "handle " + SlotHandle.describe(handle) + " handed out twice");
        assertEquals(sizes[sizeClass], cache.slotSize(handle), "slot size of the class");
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        assertEquals(pageSize, buffer.capacity(), "a slot's buffer is its page");
        final int stride = BitUtil.align(sizes[sizeClass], SizeClassCache.CLASS_ALIGNMENT);
        assertEquals(0, offset % stride, "slot offset on the class's stride");
        assertTrue(offset + sizes[sizeClass] <= pageSize, "slot inside its page");
        if (visitor.isMoving())
        {
            assertNotSame(visitor.page, buffer, "allocated in the page being moved");
        }

        Page page = pages.get(buffer);
        if (null != page)
        {
            assertEquals(sizeClass, page.sizeClass, "a slot of class " + sizeClass + " in a page of another class");
            assertFalse(page.draining, "allocated in a page being moved");
        }
        if (exact)
        {
            checkPolicy(sizeClass, page, mustGrow);
        }
        if (null == page)
        {
            page = new Page(sizeClass, slotsPerPage[sizeClass], stride);
            pages.put(buffer, page);
        }
        final int slot = offset / stride;
        assertFalse(page.occupied[slot], "slot " + slot + " of a page handed out twice");
        page.occupied[slot] = true;
        page.live++;

        final long cookie;
        if (null == source)
        {
            cookie = nextCookie++;
            fill(buffer, offset, sizes[sizeClass], cookie);
        }
        else
        {
            cookie = sourceCookie;
            buffer.putBytes(offset, source, sourceOffset, sizes[sizeClass]);
        }
        final Item item = new Item(handle, size, sizeClass, cookie, buffer, offset);
        item.index = live.size();
        live.add(item);
        items.put(handle, item);
        liveInClass[sizeClass]++;
        liveBytes += sizes[sizeClass];
        allocations[sizeClass]++;
        return handle;
    }

    /**
     * Without magazines: a slot comes from a page in the fullest partial bin, else from an empty page the class
     * holds, else from a new page.
     */
    private void checkPolicy(final int sizeClass, final Page page, final boolean mustGrow)
    {
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
     * @return free slots of a class in the pages that serve its allocations: any but a page being moved.
     */
    /**
     * Without magazines: whether a class holds an empty page, which the trim of an allocation that finds class and
     * pool exhausted gives back to the pool for a retry.
     */
    private boolean emptyPageHeld()
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
     * With magazines: whether a class holds a page no caller's slot is in (its free slots perhaps in magazines),
     * which the trim of an allocation that finds class and pool exhausted gives back to the pool for a retry. The
     * page a move is emptying is not one: the slot being visited is out of it.
     */
    private boolean idlePageHeld()
    {
        final SizeClassStats stats = cache.stats();
        for (int c = 0; c < sizes.length; c++)
        {
            long pagesInUse = null != visitor.page && c == visitor.fromClass && !pages.containsKey(visitor.page) ? 1 : 0;
            for (final Map.Entry<AtomicBuffer, Page> page : pages.entrySet())
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

    private long freeServingSlots(final int sizeClass)
    {
        if (exact)
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
        long free = cache.stats().classes().get(sizeClass).slotCapacity() - liveInClass[sizeClass];
        if (null != visitor.page && sizeClass == visitor.fromClass)
        {
            free -= slotsPerPage[sizeClass] - visitor.pageModel.live;
        }
        return free;
    }

    private void allocateBadSize()
    {
        final int size = switch (choose.applyAsInt(7))
        {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> -1 - choose.applyAsInt(1 << 20);
            case 3 -> maxSize + 1;
            case 4 -> maxSize + 2 + choose.applyAsInt(1 << 20);
            case 5 -> Integer.MIN_VALUE;
            default -> Integer.MAX_VALUE;
        };
        final SizeClassStats before = cache.stats();
        final Executable call = switch (choose.applyAsInt(3))
        {
            case 0 -> () -> cache.allocate(size);
            case 1 -> () -> cache.tryAllocate(size);
            default -> () -> cache.classFor(size);
        };
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call, "size " + size);
        assertTrue(ex.getMessage().contains("size=" + size), ex.getMessage());
        assertEquals(before, cache.stats(), "a refused size changed the counts");
    }

    private void freeLive()
    {
        if (!live.isEmpty())
        {
            free(live.get(choose.applyAsInt(live.size())));
        }
    }

    private void freeClassOrOne()
    {
        if (0 != choose.applyAsInt(16))
        {
            freeLive();
            return;
        }
        final int sizeClass = choose.applyAsInt(sizes.length);
        for (int i = live.size() - 1; i >= 0; i--)
        {
            if (i < live.size() && sizeClass == live.get(i).sizeClass)
            {
                free(live.get(i));
            }
        }
        assertEquals(0, liveInClass[sizeClass], "every slot of the class freed");
    }

    private void free(final Item item)
    {
        assertSame(item.page, cache.buffer(item.handle), "a live slot stays in its page");
        assertEquals(item.offset, cache.offset(item.handle), "a live slot stays where it was");
        checkContents(item, item.page, item.offset);
        cache.free(item.handle);
        final Page page = pages.get(item.page);
        forget(item);
        frees[item.sizeClass]++;
        if (exact && 0 == page.live && !page.draining && 0 == emptyPages[item.sizeClass])
        {
            // A class keeps one empty page; a page that empties while it has one goes back to the pool.
            emptyPages[item.sizeClass] = 1;
        }
    }

    /**
     * Takes a slot out of the model: freed by its holder, or taken from it by a page move.
     */
    private void forget(final Item item)
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

    private void readLive()
    {
        if (live.isEmpty())
        {
            return;
        }
        final Item item = live.get(choose.applyAsInt(live.size()));
        final AtomicBuffer buffer = cache.buffer(item.handle);
        final int offset = cache.offset(item.handle);
        assertSame(item.page, buffer, "a live slot stays in its page");
        assertEquals(item.offset, offset, "a live slot stays where it was");
        assertEquals(sizes[item.sizeClass], cache.slotSize(item.handle), "slot size");
        assertTrue(cache.slotSize(item.handle) >= item.size, "a slot holds the size asked for");
        checkContents(item, buffer, offset);
    }

    /**
     * Frees or reads through a handle that names no live slot of the cache: a dead one (its slot may be live again
     * under a newer generation), another cache's, garbage, or a live one with its slot or generation altered.
     */
    private void useBadHandle()
    {
        final long handle;
        final int pick = choose.applyAsInt(8);
        if (0 == pick && deadCount > 0)
        {
            handle = deadHandles[choose.applyAsInt(Math.min(deadCount, DEAD_HANDLES))];
        }
        else if (1 == pick)
        {
            handle = null != neighbour && !neighbourLive.isEmpty() ?
                neighbourLive.get(choose.applyAsInt(neighbourLive.size())) : foreignHandle;
        }
        else if (2 == pick)
        {
            handle = -1L - choose.applyAsInt(1000);
        }
        else if (3 == pick)
        {
            handle = SlabCache.NULL_HANDLE;
        }
        else if (4 == pick && !live.isEmpty())
        {
            final long base = live.get(choose.applyAsInt(live.size())).handle;
            handle = SlotHandle.pack(SlotHandle.serial(base), SlotHandle.generation(base),
                SlotHandle.MAX_SLOTS - 1 - choose.applyAsInt(8));
        }
        else if (5 == pick && !live.isEmpty())
        {
            final long base = live.get(choose.applyAsInt(live.size())).handle;
            handle = SlotHandle.pack(SlotHandle.serial(base), SlotHandle.generation(base) + 1 +
                choose.applyAsInt(SlotHandle.GENERATIONS - 1), SlotHandle.slot(base));
        }
        else if (6 == pick && !live.isEmpty())
        {
            final long base = live.get(choose.applyAsInt(live.size())).handle;
            handle = SlotHandle.pack(SlotHandle.serial(base) + 1 + choose.applyAsInt(4), SlotHandle.generation(base),
                SlotHandle.slot(base));
        }
        else
        {
            handle = ((long)choose.applyAsInt(1 << 30) << 33) ^ choose.applyAsInt(1 << 30);
        }
        if (items.containsKey(handle))
        {
            return;
        }

        final SizeClassStats before = cache.stats();
        final int pagesInUse = pool.pagesInUse();
        final Executable use = switch (choose.applyAsInt(4))
        {
            case 0 -> () -> cache.buffer(handle);
            case 1 -> () -> cache.offset(handle);
            case 2 -> () -> cache.slotSize(handle);
            default -> () -> cache.free(handle);
        };
        assertThrows(InvalidHandleException.class, use, () -> SlotHandle.describe(handle));
        assertEquals(before, cache.stats(), "a refused handle changed the counts");
        assertEquals(pagesInUse, pool.pagesInUse(), "a refused handle changed the pool");
    }

    private void movePage()
    {
        if (sizes.length < 2)
        {
            return;
        }
        // As an automover would: mostly from a class that holds live slots, to the class that last ran out.
        final int fromClass = !live.isEmpty() && 0 != choose.applyAsInt(3) ?
            live.get(choose.applyAsInt(live.size())).sizeClass : choose.applyAsInt(sizes.length);
        final int toClass = hungryClass >= 0 && hungryClass != fromClass && 0 != choose.applyAsInt(3) ?
            hungryClass : (fromClass + 1 + choose.applyAsInt(sizes.length - 1)) % sizes.length;
        final SizeClassStats before = cache.stats();
        final long pagesBefore = before.classes().get(fromClass).pages();
        int pagesWithLiveSlots = 0;
        int fewestLive = Integer.MAX_VALUE;
        for (final Page page : pages.values())
        {
            if (fromClass == page.sizeClass)
            {
                pagesWithLiveSlots++;
                fewestLive = Math.min(fewestLive, page.live);
            }
        }
        if (exact)
        {
            assertEquals(pagesWithLiveSlots + emptyPages[fromClass], pagesBefore, "pages of class " + fromClass);
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
            assertNull(pages.get(visitor.page), "no live slot left in the moved page");
        }
        else if (exact)
        {
            assertTrue(emptyPages[fromClass] > 0, "an empty page moved");
            emptyPages[fromClass]--;
        }
        if (exact)
        {
            emptyPages[toClass]++;
        }
        pagesMovedOut[fromClass]++;
        pagesMovedIn[toClass]++;
        slotsEvicted[fromClass] += visitor.visited.size();
        frees[fromClass] += visitor.visited.size();
        movesDone++;
        slotsVisited += visitor.visited.size();

        for (int i = 0; i < Math.min(DEAD_CHECKS_PER_MOVE, visitor.visited.size()); i++)
        {
            final long handle = visitor.visited.get(choose.applyAsInt(visitor.visited.size()));
            final Executable use = 0 == choose.applyAsInt(2) ? () -> cache.free(handle) : () -> cache.buffer(handle);
            assertThrows(InvalidHandleException.class, use, "a handle into a moved page is rejected");
        }
    }

    private void movePageWithBadArguments()
    {
        final SizeClassStats before = cache.stats();
        final int sizeClass = choose.applyAsInt(sizes.length);
        final Executable call = switch (choose.applyAsInt(5))
        {
            case 0 -> () -> cache.movePage(sizeClass, sizeClass, visitor);
            case 1 -> () -> cache.movePage(-1 - choose.applyAsInt(4), sizeClass, visitor);
            case 2 -> () -> cache.movePage(sizeClass, sizes.length + choose.applyAsInt(4), visitor);
            case 3 -> () -> cache.movePage(sizes.length, -1, visitor);
            default -> () -> cache.movePage(sizeClass, (sizeClass + 1) % sizes.length, null);
        };
        assertThrows(IllegalArgumentException.class, call);
        assertEquals(before, cache.stats(), "a refused move changed the counts");
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
            final int size = 1 + choose.applyAsInt(pageSize);
            final boolean poolHadPage = pool.pagesFree() > 0;
            final long handle = neighbour.tryAllocate(size);
            if (SlabCache.NULL_HANDLE == handle)
            {
                assertFalse(poolHadPage, "the neighbour failed while the pool had a page");
            }
            else
            {
                assertFalse(items.containsKey(handle), "a handle of two caches");
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
        final SizeClassStats stats = cache.stats();
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
        final long neighbourPages = null != neighbour ? neighbour.stats().pages() : 0;
        assertEquals(stats.pages() + neighbourPages, stats.pagesInUse(), "the pool's pages are the caches' pages");
    }

    private int randomSize()
    {
        final int pick = choose.applyAsInt(8);
        if (0 == pick)
        {
            return sizes[choose.applyAsInt(sizes.length)];
        }
        if (1 == pick)
        {
            return Math.min(maxSize, sizes[choose.applyAsInt(sizes.length)] + 1);
        }
        final int bits = 1 + choose.applyAsInt(32 - Integer.numberOfLeadingZeros(maxSize));
        return 1 + choose.applyAsInt(Math.min(maxSize, 1 << bits));
    }

    /**
     * @return the smallest class whose slots hold {@code size} bytes.
     */
    private int expectedClass(final int size)
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
     * alignment apart, up to the largest; each page holds as many slots as fit.
     */
    private void checkClassLayout(final int minSlotSize, final int maxSlotSize, final double growthFactor)
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
                    BitUtil.align((long)Math.ceil(sizes[i] * growthFactor), SizeClassCache.CLASS_ALIGNMENT);
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

    private void fill(final AtomicBuffer buffer, final int offset, final int slotSize, final long cookie)
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

    private void checkContents(final Item item, final AtomicBuffer buffer, final int offset)
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
    private static final class Item
    {
        private final long handle;
        private final int size;
        private final int sizeClass;
        private final long cookie;
        private final AtomicBuffer page;
        private final int offset;
        private int index;

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
    private static final class Page
    {
        private final int sizeClass;
        private final int capacity;
        private final int stride;
        private final boolean[] occupied;
        private int live;
        private boolean draining;

        Page(final int sizeClass, final int capacity, final int stride)
        {
            this.sizeClass = sizeClass;
            this.capacity = capacity;
            this.stride = stride;
            this.occupied = new boolean[capacity];
        }

        int bin()
        {
            return (int)((long)live * SlabCache.PARTIAL_BINS / capacity);
        }
    }

    /**
     * Shown the slots of the page a move empties: checks each against the model, takes it out of the model, and
     * copies one in three into a new slot of its class, as an owner keeping the item would.
     */
    private final class MoveVisitor implements SlotVisitor
    {
        private final List<Long> visited = new ArrayList<>();
        private final Set<Long> seen = new HashSet<>();
        private int fromClass = -1;
        private AtomicBuffer page;
        private Page pageModel;
        private int liveAtFirstVisit;

        void begin(final int fromClass)
        {
            this.fromClass = fromClass;
            this.page = null;
            this.pageModel = null;
            this.liveAtFirstVisit = 0;
            visited.clear();
            seen.clear();
        }

        boolean isMoving()
        {
            return fromClass >= 0;
        }

        void end()
        {
            if (null != pageModel)
            {
                pageModel.draining = false;
            }
            fromClass = -1;
        }

        @Override
        public void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            assertTrue(fromClass >= 0, "visited outside a move");
            final Item item = items.get(handle);
            assertNotNull(item, () -> "visited handle " + SlotHandle.describe(handle) + " is not live");
            assertTrue(seen.add(handle), () -> "handle " + SlotHandle.describe(handle) + " visited twice");
            assertEquals(fromClass, item.sizeClass, "visited a slot of another class");
            assertSame(item.page, buffer, "the visitor is shown the slot's page");
            assertEquals(item.offset, offset, "the visitor is shown the slot's offset");
            if (null == page)
            {
                page = buffer;
                pageModel = pages.get(buffer);
                liveAtFirstVisit = pageModel.live;
                pageModel.draining = true;
            }
            else
            {
                assertSame(page, buffer, "one move empties one page");
            }
            checkContents(item, buffer, offset);
            if (0 == choose.applyAsInt(4))
            {
                final Executable use = 0 == choose.applyAsInt(2) ?
                    () -> cache.buffer(handle) : () -> cache.free(handle);
                assertThrows(InvalidHandleException.class, use, "a visited handle is already dead");
            }
            forget(item);
            visited.add(handle);
            if (0 == choose.applyAsInt(3))
            {
                final long copy = allocate(item.size, item.sizeClass, true, buffer, offset, item.cookie);
                if (SlabCache.NULL_HANDLE != copy)
                {
                    slotsCopied++;
                    checkContents(items.get(copy), cache.buffer(copy), cache.offset(copy));
                }
            }
        }
    }
}
