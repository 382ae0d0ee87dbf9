/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.master.PageMove;
import dev.slabcache.master.PagePool;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SizeClassStats;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlotHandle;
import dev.slabcache.master.SlotVisitor;
import dev.slabcache.master.ThreadSafety;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.infra.results.IIIIIII_Result;

/**
 * One page move of the page-move races: a size-class cache over a pool of a single page, which its small class
 * holds with two live slots {@code x} and {@code y}, each filled with its own cookie; the mover moves that page to
 * the large class while the other thread frees {@code x}, allocates a slot {@code z} of the small class and fills
 * it with a cookie, or both. The arbiter then judges what the move left.
 * <p>
 * The result, in order:
 * <ol>
 *     <li>what the move did: {@value #MOVED} moved, {@value #RELEASED} released (the small class grew into the
 *     page first), {@value #PENDING} pending, {@value #NO_PAGE} no page;</li>
 *     <li>how the free of {@code x} ended: {@value #NOT_FREED} not tried, {@value #FREED} freed,
 *     {@value #REFUSED} refused;</li>
 *     <li>where {@code z} is: {@value #NO_SLOT} not allocated or none to be had, {@value #IN_MOVED_PAGE} in the
 *     page being moved, {@value #IN_OTHER_PAGE} in a page the small class grew into;</li>
 *     <li>how often the mover visited {@code x}, {@code y} and {@code z}, three counts;</li>
 *     <li>the arbiter's verdict: {@value #INTACT} all is well, else the first check that failed.</li>
 * </ol>
 * The verdict checks that the mover saw {@code x} and {@code y} with their cookies and no slot but {@code x},
 * {@code y} and {@code z} ({@value #STRANGER_VISITED}, {@value #COOKIE_BROKEN}); that every handle into the moved
 * page is rejected afterwards, by a read and by a free ({@value #HANDLE_ACCEPTED}); that {@code z}, unless the
 * mover took it, is live with its cookie and not in the moved page ({@value #SLOT_LOST}); that the slot counts
 * and the move counts agree with the race ({@value #COUNTS_WRONG}); that the pool lends exactly the pages the
 * classes hold, the small class a page only for a live {@code z}, the large class the moved page unless
 * {@code z} took it back ({@value #PAGES_UNBALANCED}), after a trim when the move is pending; and, once
 * {@code z} is freed and the cache closed, that every page is back in the pool ({@value #PAGE_LEAKED}).
 * <p>
 * The large class keeps the moved page though empty, as a class keeps one empty page; an allocation of
 * {@code z} that finds the small class and the pool out trims every class and tries again, so it may take that
 * page back once the move is done.
 * <p>
 * The mover cannot check {@code z}'s cookie: it may take {@code z} between the allocation and the cookie's
 * writes, as it may take any slot from a holder that is still writing it; that is the holder's race, not the
 * cache's.
 */
final class PageMoveRace
{
    static final int MOVED = 1;
    static final int RELEASED = 2;
    static final int PENDING = 3;
    static final int NO_PAGE = 4;

    static final int NOT_FREED = 0;
    static final int FREED = 1;
    static final int REFUSED = 2;

    static final int NO_SLOT = 0;
    static final int IN_MOVED_PAGE = 1;
    static final int IN_OTHER_PAGE = 2;

    static final int INTACT = 1;
    static final int STRANGER_VISITED = 2;
    static final int COOKIE_BROKEN = 3;
    static final int HANDLE_ACCEPTED = 4;
    static final int SLOT_LOST = 5;
    static final int COUNTS_WRONG = 6;
    static final int PAGES_UNBALANCED = 7;
    static final int PAGE_LEAKED = 8;

    /**
     * Bytes in a slot of the small class, the class that gives its page.
     */
    static final int SLOT_SIZE = 64;

    private static final int FROM_CLASS = 0;
    private static final int TO_CLASS = 1;
    private static final int PAGE_SIZE = PagePool.MIN_PAGE_SIZE;
    private static final long X_COOKIE = 0x5858_5858_5858_5858L;
    private static final long Y_COOKIE = 0x5959_5959_5959_5959L;
    private static final long Z_COOKIE = 0x5A5A_5A5A_5A5A_5A5AL;

    /**
     * Keeps free slots of each race's page in its magazines for {@link #PageMoveRace(ThreadSafety, boolean)},
     * and is otherwise idle: a thread that neither moves nor frees, whose magazines the move must empty too.
     */
    private static final ExecutorService MAGAZINE_HOLDER = Executors.newSingleThreadExecutor(
        (runnable) ->
        {
            final Thread thread = new Thread(runnable, "page-move-magazine-holder");
            thread.setDaemon(true);
            return thread;
        });

    private final PagePool pool;
    private final SizeClassCache cache;
    private final long x;
    private final long y;
    private final Visits visits;
    private PageMove move;
    private int freed = NOT_FREED;
    private long z = SlabCache.NULL_HANDLE;

    /**
     * @param threadSafety   how the racing threads reach the cache.
     * @param magazineHolder true to have an idle thread hold free slots of the page in its magazines as well,
     *                       with {@link ThreadSafety#MAGAZINES}.
     */
    PageMoveRace(final ThreadSafety threadSafety, final boolean magazineHolder)
    {
        // A heap pool of one page: PagePool.of skips the buffer's bytes below its first 4096-aligned address.
        pool = PagePool.of(new UnsafeBuffer(new byte[2 * PAGE_SIZE]), PAGE_SIZE);
        cache = SizeClassCache.builder()
            .name("jcstress-page-move-" + threadSafety)
            .minSlotSize(SLOT_SIZE)
            .maxSlotSize(2 * SLOT_SIZE)
            .growthFactor(2.0)
            .pagePool(pool)
            .threadSafety(threadSafety)
            .build();
        x = allocateFilled(X_COOKIE);
        y = allocateFilled(Y_COOKIE);
        visits = new Visits(x, y);
        if (magazineHolder)
        {
            holdFreeSlots();
        }
    }

    /**
     * The mover: moves the small class's page to the large class.
     */
    void move()
    {
        move = cache.movePage(FROM_CLASS, TO_CLASS, visits);
    }

    /**
     * The holder of {@code x} frees it.
     */
    void freeX()
    {
        try
        {
            cache.free(x);
            freed = FREED;
        }
        catch (final InvalidHandleException ex)
        {
            freed = REFUSED;
        }
    }

    /**
     * Allocates {@code z} in the small class, if it can, and fills it with its cookie unless the mover has taken
     * it already.
     */
    void allocateZ()
    {
        z = cache.tryAllocate(SLOT_SIZE);
        if (SlabCache.NULL_HANDLE != z)
        {
            try
            {
                fill(cache.buffer(z), cache.offset(z), Z_COOKIE);
            }
            catch (final InvalidHandleException ex)
            {
                // the mover took z at once; it never checks z's cookie
            }
        }
    }

    /**
     * Fills the result, frees {@code z} if it is live and closes the cache.
     */
    void judge(final IIIIIII_Result result)
    {
        result.r1 = moveResult();
        result.r2 = freed;
        result.r3 = SlabCache.NULL_HANDLE == z ? NO_SLOT :
            SlotHandle.serial(z) == SlotHandle.serial(x) ? IN_MOVED_PAGE : IN_OTHER_PAGE;
        result.r4 = visits.of(x);
        result.r5 = visits.of(y);
        result.r6 = SlabCache.NULL_HANDLE == z ? 0 : visits.of(z);
        try
        {
            result.r7 = verdict(result.r3, 0 != result.r6);
        }
        finally
        {
            cache.close();
        }
        if (INTACT == result.r7 && 0 != pool.pagesInUse())
        {
            result.r7 = PAGE_LEAKED;
        }
    }

    private int moveResult()
    {
        if (PageMove.MOVED == move)
        {
            return MOVED;
        }
        if (PageMove.RELEASED == move)
        {
            return RELEASED;
        }
        return PageMove.PENDING == move ? PENDING : NO_PAGE;
    }

    /**
     * Checks what the race left, in the order the class comment gives, and frees {@code z} when all is well.
     */
    private int verdict(final int zPlace, final boolean zVisited)
    {
        if (visits.sawStranger(z))
        {
            return STRANGER_VISITED;
        }
        if (visits.cookieBroken)
        {
            return COOKIE_BROKEN;
        }
        if (isAccepted(x) || isAccepted(y) || (zVisited && isAccepted(z)) || isFreeAccepted(y))
        {
            return HANDLE_ACCEPTED;
        }
        final boolean zLive = SlabCache.NULL_HANDLE != z && !zVisited;
        if (zLive && (IN_MOVED_PAGE == zPlace || !holds(z, Z_COOKIE)))
        {
            return SLOT_LOST;
        }

        final boolean moved = PageMove.MOVED == move;
        SizeClassStats stats = cache.stats();
        if (stats.classes().get(FROM_CLASS).slotsInUse() != (zLive ? 1 : 0) ||
            0 != stats.classes().get(TO_CLASS).slotsInUse() ||
            stats.classes().get(FROM_CLASS).slotsEvicted() != visits.count ||
            stats.classes().get(FROM_CLASS).pagesMovedOut() != (PageMove.NO_PAGE != move ? 1 : 0) ||
            stats.classes().get(TO_CLASS).pagesMovedIn() != (moved ? 1 : 0))
        {
            return COUNTS_WRONG;
        }

        if (PageMove.PENDING == move)
        {
            cache.trim(); // takes the slot on its way back out of its magazine, which detaches the page
            stats = cache.stats();
        }
        if (stats.pagesInUse() != stats.pages() ||
            stats.classes().get(FROM_CLASS).pages() != (zLive ? 1 : 0) ||
            stats.classes().get(TO_CLASS).pages() != (moved && !zLive ? 1 : 0))
        {
            return PAGES_UNBALANCED;
        }

        if (zLive)
        {
            cache.free(z);
        }
        return INTACT;
    }

    private boolean isAccepted(final long handle)
    {
        try
        {
            cache.buffer(handle);
            return true;
        }
        catch (final InvalidHandleException ex)
        {
            return false;
        }
    }

    private boolean isFreeAccepted(final long handle)
    {
        try
        {
            cache.free(handle);
            return true;
        }
        catch (final InvalidHandleException ex)
        {
            return false;
        }
    }

    private boolean holds(final long handle, final long cookie)
    {
        try
        {
            return holds(cache.buffer(handle), cache.offset(handle), cookie);
        }
        catch (final InvalidHandleException ex)
        {
            return false;
        }
    }

    private long allocateFilled(final long cookie)
    {
        final long handle = cache.allocate(SLOT_SIZE);
        fill(cache.buffer(handle), cache.offset(handle), cookie);
        return handle;
    }

    /**
     * Has the magazine holder allocate a slot and free it again: its magazines then hold free slots of the page.
     */
    private void holdFreeSlots()
    {
        try
        {
            MAGAZINE_HOLDER.submit(() -> cache.free(cache.allocate(SLOT_SIZE))).get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the magazine holder filled its magazines", ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("the magazine holder failed to fill its magazines", ex.getCause());
        }
    }

    private static void fill(final AtomicBuffer buffer, final int offset, final long cookie)
    {
        for (int at = 0; at < SLOT_SIZE; at += Long.BYTES)
        {
            buffer.putLong(offset + at, cookie);
        }
    }

    private static boolean holds(final AtomicBuffer buffer, final int offset, final long cookie)
    {
        for (int at = 0; at < SLOT_SIZE; at += Long.BYTES)
        {
            if (cookie != buffer.getLong(offset + at))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * What the mover was shown: the handles, in order, and whether {@code x} and {@code y} held their cookies.
     */
    private static final class Visits implements SlotVisitor
    {
        private static final int KEPT = 4;

        private final long x;
        private final long y;
        private final long[] handles = new long[KEPT];
        private int count;
        private boolean cookieBroken;

        Visits(final long x, final long y)
        {
            this.x = x;
            this.y = y;
        }

        @Override
        public void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            if (count < KEPT)
            {
                handles[count] = handle;
            }
            count++;
            if ((x == handle && !holds(buffer, offset, X_COOKIE)) || (y == handle && !holds(buffer, offset, Y_COOKIE)))
            {
                cookieBroken = true;
            }
        }

        int of(final long handle)
        {
            int times = 0;
            for (int i = 0; i < Math.min(count, KEPT); i++)
            {
                if (handle == handles[i])
                {
                    times++;
                }
            }
            return times;
        }

        /**
         * @return true when a slot other than {@code x}, {@code y} and {@code z} was visited.
         */
        boolean sawStranger(final long z)
        {
            return count != of(x) + of(y) + (SlabCache.NULL_HANDLE == z ? 0 : of(z));
        }
    }
}
