/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.Arrays;

import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.internal.AgronaCheck;
import org.agrona.BitUtil;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Pages of one size under a limit in bytes, shared by any number of caches: a page one cache gives back is the next
 * page any cache gets. A cache takes pages from a pool given to {@link SizeClassCacheBuilder#pagePool(PagePool)} or
 * {@link SlabCacheBuilder#pagePool(PagePool)} through a path of its own, so that no one else can give back a page
 * it holds. The pool is also a {@link SlabProvider} for whatever else takes pages from it (a cache given it with
 * {@code provider(pool)}, or your own code): {@link #release(AtomicBuffer)} takes back only a page that
 * {@link #allocate(int, int)} handed out, and refuses one a cache took through its own path. Thread-safe; every call
 * takes the pool's monitor, and caches call it only to grow and to give a page back. For example, two size-class
 * caches that share 16 MiB of direct memory:
 * <pre>{@code
 * final PagePool pool = PagePool.direct(64 * 1024, 16 * 1024 * 1024);
 * final SizeClassCache small = SizeClassCache.builder().name("small").pagePool(pool).maxSlotSize(1024).build();
 * final SizeClassCache large = SizeClassCache.builder().name("large").pagePool(pool).minSlotSize(2048).build();
 * final long session = small.allocate(100);
 * final long document = large.allocate(10_000);
 * final int pagesInUse = pool.pagesInUse(); // 2: a page for each class that holds a slot
 * small.free(session);
 * large.free(document);
 * small.close();
 * large.close(); // every page is back in the pool, for the next cache that shares it
 * }</pre>
 * <p>
 * Two sources of pages:
 * <ul>
 *     <li>{@link #direct(int, long)}: off-heap pages made one at a time as caches first ask for them, at most
 *     {@code memoryLimit / pageSize}. A page given back is kept for the next cache, never returned to the JVM.</li>
 *     <li>{@link #of(AtomicBuffer, int)}: the pages of one caller buffer, such as a memory-mapped file, from its
 *     first address that is a multiple of {@value SlabCache#MAX_SLOT_ALIGNMENT}; the tail that holds no whole page
 *     is unused. Made in O(1) whatever the buffer's size: a page gets its buffer when first handed out.</li>
 * </ul>
 * Pages are handed out as {@link AtomicBuffer}s of exactly {@link #pageSize()} bytes, each page always the same
 * buffer object, at an address that is a multiple of {@value SlabCache#MAX_SLOT_ALIGNMENT} (for direct and mapped
 * memory). A cache gives a page back only once none of its slots is live. A buffer given back that is not a page
 * of this pool, or a page that is not out, is refused with an {@link IllegalArgumentException}, and nothing
 * changes.
 */
public final class PagePool implements SlabProvider
{
    /**
     * Every page starts at an address that is a multiple of this, enough for any slot alignment.
     */
    public static final int PAGE_ALIGNMENT = SlabCache.MAX_SLOT_ALIGNMENT;

    /**
     * The smallest page; every page size is a multiple of {@link #PAGE_ALIGNMENT}.
     */
    public static final int MIN_PAGE_SIZE = PAGE_ALIGNMENT;

    private static final long NO_PAGE = -1;

    private final int pageSize;
    private final int pageLimit;
    // The caller's buffer for a pool made by of(), and where its first page starts in it; null for direct().
    private final AtomicBuffer source;
    private final int firstPageOffset;
    private final SlabProvider direct;
    private final SlabProvider provider = new PoolPages(this);
    // Direct pages by their address, so that a page given back is found in O(1); unused for of().
    private final Long2LongHashMap pageByAddress = new Long2LongHashMap(NO_PAGE);

    // Page number to its buffer, grown as pages are made; pages [0, made) exist.
    private AtomicBuffer[] pages = new AtomicBuffer[16];
    private boolean[] out = new boolean[16];
    // Pages out through allocate(int, int), the public provider path, rather than through a cache's own path.
    private boolean[] leased = new boolean[16];
    private int made;
    // Pages given back, to hand out before making new ones.
    private int[] returned = new int[16];
    private int returnedCount;
    private int pagesInUse;

    private PagePool(final int pageSize, final int pageLimit, final AtomicBuffer source, final int firstPageOffset)
    {
        this.pageSize = pageSize;
        this.pageLimit = pageLimit;
        this.source = source;
        this.firstPageOffset = firstPageOffset;
        this.direct = null == source ? SlabProvider.direct() : null;
    }

    /**
     * A pool of off-heap pages made as they are first needed.
     *
     * @param pageSize    bytes in a page, a positive multiple of {@value #PAGE_ALIGNMENT}.
     * @param memoryLimit the most bytes of pages the pool makes; it makes {@code memoryLimit / pageSize} pages.
     * @return the pool.
     * @throws IllegalArgumentException when {@code pageSize} is not a positive multiple of {@value #PAGE_ALIGNMENT},
     *                                  or {@code memoryLimit} holds no page or more than {@link Integer#MAX_VALUE}.
     */
    public static PagePool direct(final int pageSize, final long memoryLimit)
    {
        checkPageSize(pageSize);
        if (memoryLimit < pageSize)
        {
            throw new IllegalArgumentException(
                "memoryLimit=" + memoryLimit + " must hold at least one page of pageSize=" + pageSize);
        }
        final long pages = memoryLimit / pageSize;
        if (pages > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("memoryLimit=" + memoryLimit + " holds " + pages + " pages of " +
                "pageSize=" + pageSize + "; a pool holds at most " + Integer.MAX_VALUE + ": use larger pages");
        }
        AgronaCheck.ensureAvailable();
        return new PagePool(pageSize, (int)pages, null, 0);
    }

    /**
     * A pool of the pages of one caller buffer, such as a memory-mapped file. The pool never frees the buffer.
     *
     * @param buffer   a writable buffer: direct, memory-mapped or heap.
     * @param pageSize bytes in a page, a positive multiple of {@value #PAGE_ALIGNMENT}.
     * @return the pool, made in O(1).
     * @throws IllegalArgumentException when {@code buffer} is null or read-only, {@code pageSize} is not a positive
     *                                  multiple of {@value #PAGE_ALIGNMENT}, or the buffer holds no whole aligned
     *                                  page.
     */
    public static PagePool of(final AtomicBuffer buffer, final int pageSize)
    {
        if (null == buffer)
        {
            throw new IllegalArgumentException("buffer must not be null");
        }
        checkPageSize(pageSize);
        if (null != buffer.byteBuffer() && buffer.byteBuffer().isReadOnly())
        {
            throw new IllegalArgumentException("buffer " + buffer + " is read-only: a page pool writes its pages");
        }
        AgronaCheck.ensureAvailable();
        final long address = buffer.addressOffset();
        final int firstPageOffset = (int)(BitUtil.align(address, PAGE_ALIGNMENT) - address);
        final long pages = Math.max(0L, (long)buffer.capacity() - firstPageOffset) / pageSize;
        if (0 == pages)
        {
            throw new IllegalArgumentException(
                "buffer of capacity=" + buffer.capacity() + " holds no whole page of pageSize=" + pageSize +
                " from its first address aligned to " + PAGE_ALIGNMENT + " (" + firstPageOffset + " bytes in)");
        }
        return new PagePool(pageSize, (int)pages, buffer, firstPageOffset);
    }

    /**
     * Hands out a page as a {@link SlabProvider}: to a cache given the pool with {@code provider(pool)}, or to your
     * own code. Give it back with {@link #release(AtomicBuffer)}.
     *
     * @param capacity  must be {@link #pageSize()}.
     * @param alignment at most {@value #PAGE_ALIGNMENT}.
     * @return a free page.
     * @throws IllegalArgumentException when {@code capacity} is not the page size or {@code alignment} is above
     *                                  {@value #PAGE_ALIGNMENT}.
     * @throws SlabExhaustedException   when every page is out.
     */
    @Override
    public synchronized AtomicBuffer allocate(final int capacity, final int alignment)
    {
        final int page = takePage(capacity, alignment);
        leased[page] = true;
        return pages[page];
    }

    /** Hands out a page to a cache built over the pool, through its own path ({@link #provider()}). */
    synchronized AtomicBuffer take(final int capacity, final int alignment)
    {
        // Not pages[takePage(...)]: Java reads the array before the index, and taking a page may grow the array.
        final int page = takePage(capacity, alignment);
        return pages[page];
    }

    /** {@return whether a page can be handed out now: one given back, or one not made yet} */
    synchronized boolean hasPage()
    {
        return 0 != returnedCount || made < pageLimit;
    }

    /** {@return the exception {@link #take} throws when the pool has no page} */
    SlabExhaustedException exhaustedException()
    {
        return new SlabExhaustedException(this + " has every page in use");
    }

    private int takePage(final int capacity, final int alignment)
    {
        SlabProvider.checkAllocateArguments(capacity, alignment);
        if (capacity != pageSize)
        {
            throw new IllegalArgumentException(
                "capacity=" + capacity + " must be the pool's pageSize=" + pageSize + ": build caches over the " +
                "pool with slabSize equal to its pageSize");
        }
        if (alignment > PAGE_ALIGNMENT)
        {
            throw new IllegalArgumentException("alignment=" + alignment + " must be at most " + PAGE_ALIGNMENT);
        }

        final int page;
        if (0 != returnedCount)
        {
            page = returned[--returnedCount];
        }
        else if (made < pageLimit)
        {
            page = make();
        }
        else
        {
            throw exhaustedException();
        }
        out[page] = true;
        pagesInUse++;
        return page;
    }

    /**
     * Takes back a page that {@link #allocate(int, int)} handed out, for any cache to have next.
     *
     * @param buffer a page handed out by {@link #allocate(int, int)} and not given back since.
     * @throws IllegalArgumentException when {@code buffer} is not a page of this pool, is not out, or is held by a
     *                                  cache that took it through its own path; nothing changes.
     */
    @Override
    public synchronized void release(final AtomicBuffer buffer)
    {
        giveBack(buffer, true);
    }

    /**
     * Takes back a page a cache took through its own path ({@link #provider()}, {@link #take(int, int)},
     * {@link #claim(int[])}).
     */
    synchronized void giveBack(final AtomicBuffer buffer)
    {
        giveBack(buffer, false);
    }

    private void giveBack(final AtomicBuffer buffer, final boolean viaProvider)
    {
        if (null == buffer)
        {
            throw new IllegalArgumentException("buffer must not be null");
        }
        final int page = pageOf(buffer);
        if (page < 0)
        {
            throw new IllegalArgumentException("buffer " + buffer + " is not a page of " + this);
        }
        if (!out[page])
        {
            throw new IllegalArgumentException("page " + page + " of " + this + " is not out: given back twice?");
        }
        if (leased[page] != viaProvider)
        {
            throw new IllegalArgumentException("page " + page + " of " + this + (viaProvider ?
                " is held by a cache built over the pool: only that cache gives it back" :
                " was handed out by allocate(int, int): give it back with release(AtomicBuffer)"));
        }
        out[page] = false;
        leased[page] = false;
        pagesInUse--;
        pushReturned(page);
    }

    private void pushReturned(final int page)
    {
        if (returnedCount == returned.length)
        {
            returned = Arrays.copyOf(returned, 2 * returned.length);
        }
        returned[returnedCount++] = page;
    }

    /** {@return what a cache built over this pool grows through: {@link #take} and {@link #giveBack}} */
    SlabProvider provider()
    {
        return provider;
    }

    /** {@return the bytes in a page} */
    public int pageSize()
    {
        return pageSize;
    }

    /** {@return the most pages the pool holds} */
    public int pageLimit()
    {
        return pageLimit;
    }

    /** {@return the most bytes of pages the pool holds: {@link #pageLimit()} times {@link #pageSize()}} */
    public long memoryLimit()
    {
        return (long)pageLimit * pageSize;
    }

    /** {@return how many pages are handed out and not given back} */
    public synchronized int pagesInUse()
    {
        return pagesInUse;
    }

    /** {@return how many pages can still be handed out, made or not} */
    public synchronized int pagesFree()
    {
        return pageLimit - pagesInUse;
    }

    /** {@return the pool's memory, page size and pages in use, for logs} */
    @Override
    public synchronized String toString()
    {
        return "PagePool{" + (null == source ? "direct" : "buffer") + ", pageSize=" + pageSize + ", pages in use " +
            pagesInUse + " of " + pageLimit + ", memoryLimit=" + memoryLimit() + '}';
    }

    /**
     * Makes the next page; a failure to get its memory leaves the pool as it was.
     */
    private int make()
    {
        final int page = made;
        final AtomicBuffer buffer = null == source ?
            direct.allocate(pageSize, PAGE_ALIGNMENT)
                : new UnsafeBuffer(source, firstPageOffset + page * pageSize, pageSize);
        if (page == pages.length)
        {
            pages = Arrays.copyOf(pages, 2 * page);
            out = Arrays.copyOf(out, 2 * page);
            leased = Arrays.copyOf(leased, 2 * page);
        }
        if (null == source)
        {
            pageByAddress.put(buffer.addressOffset(), page);
        }
        pages[page] = buffer;
        made = page + 1;
        return page;
    }

    /** {@return the page a buffer is, or -1 when it is not a page of this pool} */
    synchronized int pageOf(final AtomicBuffer buffer)
    {
        final long page;
        if (null == source)
        {
            page = pageByAddress.get(buffer.addressOffset());
        }
        else
        {
            final long relative = buffer.addressOffset() - source.addressOffset() - firstPageOffset;
            page = relative >= 0 && 0 == relative % pageSize ? relative / pageSize : NO_PAGE;
        }
        return page >= 0 && page < made && pages[(int)page] == buffer ? (int)page : -1;
    }

    /** {@return true for a pool over a caller's buffer, made by {@link #of(AtomicBuffer, int)}} */
    boolean isOverCallerBuffer()
    {
        return null != source;
    }

    /**
     * Hands out the given pages, all or none, for a cache reopening over pages an earlier cache held.
     *
     * @param wanted pages of a pool over a caller's buffer, ascending, none twice.
     * @return each page's buffer.
     * @throws IllegalArgumentException when a page is out already; nothing changes.
     */
    synchronized AtomicBuffer[] claim(final int[] wanted)
    {
        for (final int page : wanted)
        {
            if (page < made && out[page])
            {
                throw new IllegalArgumentException("page " + page + " of " + this + " is out already: another " +
                    "cache over the pool holds it, so it cannot be reopened");
            }
        }
        final AtomicBuffer[] claimed = new AtomicBuffer[wanted.length];
        for (int i = 0; i < wanted.length; i++)
        {
            final int page = wanted[i];
            if (page < made)
            {
                int index = 0;
                while (returned[index] != page)
                {
                    index++;
                }
                returned[index] = returned[--returnedCount];
            }
            while (made <= page)
            {
                final int next = make();
                if (next != page)
                {
                    pushReturned(next);
                }
            }
            out[page] = true;
            pagesInUse++;
            claimed[i] = pages[page];
        }
        return claimed;
    }

    /**
     * @throws IllegalArgumentException unless {@code pageSize} is a positive multiple of {@value #PAGE_ALIGNMENT}.
     */
    static void checkPageSize(final int pageSize)
    {
        if (pageSize < MIN_PAGE_SIZE || 0 != pageSize % PAGE_ALIGNMENT)
        {
            throw new IllegalArgumentException(
                "pageSize=" + pageSize + " must be a positive multiple of " + PAGE_ALIGNMENT + ", so that every page " +
                "starts aligned");
        }
    }
}
