/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabProvider;
import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page pool: its limit, its two sources of pages, what it refuses (changing nothing), and its sharing between
 * caches.
 */
class PagePoolTest
{
    private static final int PAGE = PagePool.MIN_PAGE_SIZE;
    private static final long ONE_GIB = 1L << 30;
    // A pool made with a structure per page would allocate far more than this over a gibibyte of 4 KiB pages.
    private static final long MOST_BYTES_TO_MAKE_A_POOL = 64 * 1024;

    @TempDir
    Path tempDir;

    @Test
    void shouldHoldAsManyPagesAsTheMemoryLimitHoldsWhole()
    {
        final PagePool pool = PagePool.direct(PAGE, 10L * PAGE + PAGE - 1);

        assertEquals(PAGE, pool.pageSize());
        assertEquals(10, pool.pageLimit());
        assertEquals(10L * PAGE, pool.memoryLimit());
        assertEquals(10, pool.pagesFree());
        assertEquals(0, pool.pagesInUse());
    }

    @Test
    void shouldHandOutDirectPagesOfThePageSizeAtPageAlignedAddresses()
    {
        final int pageSize = 3 * PAGE;
        final PagePool pool = PagePool.direct(pageSize, 4L * pageSize);

        final List<AtomicBuffer> pages = allocateAll(pool);

        assertEquals(4, pages.size());
        for (final AtomicBuffer page : pages)
        {
            assertEquals(pageSize, page.capacity());
            assertEquals(0, page.addressOffset() % PagePool.PAGE_ALIGNMENT, () -> "page at " + page.addressOffset());
        }
        assertDisjointAndWritable(pages);
    }

    @Test
    void shouldRefuseAPageBeyondItsLimitNamingThePool()
    {
        final PagePool pool = PagePool.direct(PAGE, 3L * PAGE);
        allocateAll(pool);

        final SlabExhaustedException refused = assertThrows(SlabExhaustedException.class, () -> pool.allocate(PAGE, 8));

        assertTrue(refused.getMessage().contains(pool.toString()), refused::getMessage);
        assertTrue(refused.getMessage().contains("every page in use"), refused::getMessage);
        assertEquals(3, pool.pagesInUse());
        assertEquals(0, pool.pagesFree());
    }

    @Test
    void shouldCountThePagesInUseAndFree()
    {
        final PagePool pool = PagePool.direct(PAGE, 5L * PAGE);
        final AtomicBuffer first = pool.allocate(PAGE, 8);
        pool.allocate(PAGE, 8);
        pool.allocate(PAGE, 8);

        pool.release(first);

        assertEquals(2, pool.pagesInUse());
        assertEquals(3, pool.pagesFree());
    }

    @Test
    void shouldHandOutAPageGivenBackAsTheSameBufferObject()
    {
        final PagePool pool = PagePool.direct(PAGE, 8L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        pool.release(page);

        assertSame(page, pool.allocate(PAGE, 8));
    }

    @Test
    void shouldHandOutEveryPageAsTheSameBufferObjectEachTime()
    {
        final PagePool pool = PagePool.direct(PAGE, 3L * PAGE);
        final Set<AtomicBuffer> first = identitySet(allocateAll(pool));
        for (final AtomicBuffer page : first)
        {
            pool.release(page);
        }

        assertEquals(first, identitySet(allocateAll(pool)));
    }

    @Test
    void shouldRefuseToTakeBackThroughReleaseAPageACacheHoldsChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer leased = pool.allocate(PAGE, 8);
        try (SizeClassCache cache = SizeClassCache.builder().name("holder").pagePool(pool)
            .minSlotSize(64).maxSlotSize(64).threadSafety(ThreadSafety.SINGLE_OWNER).build())
        {
            final long handle = cache.allocate(64);
            final AtomicBuffer held = cache.buffer(handle);

            final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> pool.release(held));
            assertTrue(refused.getMessage().contains("held by a cache built over the pool"), refused::getMessage);
            final IllegalArgumentException wrongPath =
                assertThrows(IllegalArgumentException.class, () -> pool.giveBack(leased));
            assertTrue(wrongPath.getMessage().contains("give it back with release"), wrongPath::getMessage);
            assertEquals(2, pool.pagesInUse());
            final long next = cache.allocate(64);
            assertSame(held, cache.buffer(next), "the cache still serves from its page");
            cache.free(next);
            cache.free(handle);
        }
        assertEquals(1, pool.pagesInUse());
        pool.release(leased);
        assertEquals(0, pool.pagesInUse());
    }

    @Test
    void shouldRefuseToTakeBackNullChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> pool.release(null));

        assertTrue(refused.getMessage().contains("null"), refused::getMessage);
        assertUnchangedWithOnePageOut(pool, page);
    }

    @Test
    void shouldRefuseToTakeBackAHeapBufferChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        assertRefusedAsForeign(pool, new UnsafeBuffer(new byte[PAGE]));
        assertUnchangedWithOnePageOut(pool, page);
    }

    @Test
    void shouldRefuseToTakeBackADirectBufferItDidNotHandOutChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        assertRefusedAsForeign(pool, SlabProvider.direct().allocate(PAGE, PagePool.PAGE_ALIGNMENT));
        assertUnchangedWithOnePageOut(pool, page);
    }

    @Test
    void shouldRefuseToTakeBackAPageOfAnotherPoolChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final PagePool other = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);
        final AtomicBuffer othersPage = other.allocate(PAGE, 8);

        assertRefusedAsForeign(pool, othersPage);
        assertUnchangedWithOnePageOut(pool, page);
        assertEquals(1, other.pagesInUse());
    }

    @Test
    void shouldRefuseToTakeBackAnotherBufferOverTheMemoryOfAPageChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        assertRefusedAsForeign(pool, new UnsafeBuffer(page.addressOffset(), PAGE));
        assertUnchangedWithOnePageOut(pool, page);
    }

    @Test
    void shouldRefuseToTakeBackAPageTwiceChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);
        final AtomicBuffer given = pool.allocate(PAGE, 8);
        pool.release(given);

        final IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> pool.release(given));

        assertTrue(refused.getMessage().contains("not out"), refused::getMessage);
        assertUnchangedWithOnePageOut(pool, page);
        assertSame(given, pool.allocate(PAGE, 8));
    }

    @Test
    void shouldRefuseACapacityOtherThanThePageSizeChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        for (final int capacity : new int[]{ PAGE - 1, PAGE + 1, 2 * PAGE, 0, -1 })
        {
            final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> pool.allocate(capacity, 8));
            assertTrue(refused.getMessage().contains("capacity=" + capacity), refused::getMessage);
        }
        assertUnchangedWithOnePageOut(pool, page);
    }

    @Test
    void shouldRefuseAnAlignmentAboveAPageChangingNothing()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        final IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> pool.allocate(PAGE, 2 * PagePool.PAGE_ALIGNMENT));

        assertTrue(refused.getMessage().contains("alignment=" + 2 * PagePool.PAGE_ALIGNMENT), refused::getMessage);
        assertUnchangedWithOnePageOut(pool, page);
    }

    @Test
    void shouldHandOutAPageForAnyAlignmentUpToAPage()
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);

        final AtomicBuffer page = pool.allocate(PAGE, PagePool.PAGE_ALIGNMENT);

        assertEquals(0, page.addressOffset() % PagePool.PAGE_ALIGNMENT);
        assertEquals(1, pool.pagesInUse());
    }

    @Test
    void shouldRejectADirectPoolOfPagesBelowTheSmallest()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> PagePool.direct(PAGE - 1, 16L * PAGE));

        assertTrue(rejected.getMessage().contains("pageSize=" + (PAGE - 1)), rejected::getMessage);
    }

    @Test
    void shouldRejectADirectPoolWhoseLimitHoldsNoPage()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> PagePool.direct(PAGE, PAGE - 1));

        assertTrue(rejected.getMessage().contains("memoryLimit=" + (PAGE - 1)), rejected::getMessage);
    }

    @Test
    void shouldRejectADirectPoolOfMorePagesThanAnIntCounts()
    {
        final long memoryLimit = ((long)Integer.MAX_VALUE + 1) * PAGE;

        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> PagePool.direct(PAGE, memoryLimit));

        assertTrue(rejected.getMessage().contains("memoryLimit=" + memoryLimit), rejected::getMessage);
    }

    @Test
    void shouldMakeADirectPoolOfAnySizeWithoutAStructurePerPage()
    {
        PagePool.direct(PAGE, PAGE);
        final long memoryLimit = 1L << 40;
        final AtomicReference<PagePool> made = new AtomicReference<>();

        final long allocated = bytesAllocatedBy(() -> made.set(PagePool.direct(PAGE, memoryLimit)));

        assertTrue(allocated < MOST_BYTES_TO_MAKE_A_POOL, () -> "making the pool allocated " + allocated + " bytes");
        assertEquals(memoryLimit / PAGE, made.get().pageLimit());
        assertEquals(memoryLimit / PAGE, made.get().pagesFree());
    }

    @Test
    void shouldUseThePartOfACallerBufferFromItsFirstPageAlignedAddress()
    {
        final AtomicBuffer buffer = directBufferStartingPastAPageBoundary(8, PAGE - 8 + 3 * PAGE + PAGE / 2);
        final long firstPage = BitUtil.align(buffer.addressOffset(), PagePool.PAGE_ALIGNMENT);
        final PagePool pool = PagePool.of(buffer, PAGE);

        final List<AtomicBuffer> pages = allocateAll(pool);

        assertEquals(3, pool.pageLimit());
        assertEquals(3, pages.size());
        for (int i = 0; i < pages.size(); i++)
        {
            assertEquals(firstPage + (long)i * PAGE, pages.get(i).addressOffset());
            assertEquals(PAGE, pages.get(i).capacity());
        }
    }

    @Test
    void shouldLetEveryPageOfACallerBufferBeUsedAtOnce()
    {
        final AtomicBuffer buffer = directBufferStartingPastAPageBoundary(8, PAGE - 8 + 5 * PAGE);
        final PagePool pool = PagePool.of(buffer, PAGE);

        final List<AtomicBuffer> pages = allocateAll(pool);

        assertEquals(5, pages.size());
        assertEquals(5, pool.pagesInUse());
        assertEquals(0, pool.pagesFree());
        assertDisjointAndWritable(pages);
        for (final AtomicBuffer page : pages)
        {
            assertTrue(page.addressOffset() >= buffer.addressOffset());
            assertTrue(page.addressOffset() + PAGE <= buffer.addressOffset() + buffer.capacity());
        }
        assertThrows(SlabExhaustedException.class, () -> pool.allocate(PAGE, 8));
    }

    @Test
    void shouldHandOutThePagesOfACallerBufferAsTheSameBufferObjectEachTime()
    {
        final PagePool pool = PagePool.of(directBufferStartingPastAPageBoundary(0, 4 * PAGE), PAGE);
        final Set<AtomicBuffer> first = identitySet(allocateAll(pool));
        for (final AtomicBuffer page : first)
        {
            pool.release(page);
        }

        assertEquals(first, identitySet(allocateAll(pool)));
    }

    @Test
    void shouldMakeAPoolOverAGibibyteMappedFileWithoutAStructurePerPage() throws IOException
    {
        PagePool.of(directBufferStartingPastAPageBoundary(0, PAGE), PAGE);
        final AtomicBuffer buffer = new UnsafeBuffer(IoUtil.mapExistingFile(sparseFile(ONE_GIB), "pages"));
        try
        {
            final AtomicReference<PagePool> made = new AtomicReference<>();

            final long allocated = bytesAllocatedBy(() -> made.set(PagePool.of(buffer, PAGE)));

            assertTrue(
                allocated < MOST_BYTES_TO_MAKE_A_POOL, () -> "making the pool allocated " + allocated + " bytes");
            assertEquals(ONE_GIB / PAGE, made.get().pageLimit());
            assertEquals(ONE_GIB / PAGE, made.get().pagesFree());
            assertEquals(0, made.get().pagesInUse());
        }
        finally
        {
            IoUtil.unmap(buffer.byteBuffer());
        }
    }

    @Test
    void shouldHandOutEveryPageOfAGibibyteMappedFile() throws IOException
    {
        final int pageSize = 1 << 20;
        final AtomicBuffer buffer = new UnsafeBuffer(IoUtil.mapExistingFile(sparseFile(ONE_GIB), "pages"));
        try
        {
            final PagePool pool = PagePool.of(buffer, pageSize);

            final List<AtomicBuffer> pages = allocateAll(pool);

            assertEquals(ONE_GIB / pageSize, pages.size());
            final AtomicBuffer last = pages.get(pages.size() - 1);
            assertEquals(buffer.addressOffset() + ONE_GIB - pageSize, last.addressOffset());
            last.putLong(pageSize - Long.BYTES, 0x5EED_F00DL);
            assertEquals(0x5EED_F00DL, buffer.getLong((int)(ONE_GIB - Long.BYTES)));
        }
        finally
        {
            IoUtil.unmap(buffer.byteBuffer());
        }
    }

    @Test
    void shouldRefuseToTakeBackAnotherBufferOverAPageOfACallerBufferChangingNothing()
    {
        final AtomicBuffer buffer = directBufferStartingPastAPageBoundary(0, 4 * PAGE);
        final PagePool pool = PagePool.of(buffer, PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        assertRefusedAsForeign(pool, new UnsafeBuffer(buffer, 0, PAGE));
        assertUnchangedWithOnePageOut(pool, page);
    }

    @Test
    void shouldRefuseToTakeBackAPageOfACallerBufferNeverHandedOutChangingNothing()
    {
        final AtomicBuffer buffer = directBufferStartingPastAPageBoundary(0, 4 * PAGE);
        final PagePool pool = PagePool.of(buffer, PAGE);
        final AtomicBuffer page = pool.allocate(PAGE, 8);

        assertRefusedAsForeign(pool, new UnsafeBuffer(buffer, 2 * PAGE, PAGE));
        assertRefusedAsForeign(pool, new UnsafeBuffer(buffer, PAGE / 2, PAGE));
        assertUnchangedWithOnePageOut(pool, page);
    }

    @Test
    void shouldRejectANullCallerBuffer()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> PagePool.of(null, PAGE));

        assertTrue(rejected.getMessage().contains("buffer"), rejected::getMessage);
    }

    @Test
    void shouldRejectAReadOnlyCallerBuffer()
    {
        final AtomicBuffer readOnly = new UnsafeBuffer(ByteBuffer.allocateDirect(4 * PAGE).asReadOnlyBuffer());

        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> PagePool.of(readOnly, PAGE));

        assertTrue(rejected.getMessage().contains("read-only"), rejected::getMessage);
    }

    @Test
    void shouldRejectACallerBufferThatHoldsNoWholeAlignedPage()
    {
        final AtomicBuffer buffer = directBufferStartingPastAPageBoundary(8, 2 * PAGE - 16);

        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> PagePool.of(buffer, PAGE));

        assertTrue(rejected.getMessage().contains("capacity=" + (2 * PAGE - 16)), rejected::getMessage);
    }

    @Test
    void shouldRejectACallerBufferPoolOfPagesBelowTheSmallest()
    {
        final AtomicBuffer buffer = directBufferStartingPastAPageBoundary(0, 4 * PAGE);

        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> PagePool.of(buffer, PAGE / 2));

        assertTrue(rejected.getMessage().contains("pageSize=" + PAGE / 2), rejected::getMessage);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveAPageOneCacheReleasedToAnotherCache(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SlabCache first = cacheOver(pool, mode, "first");
            SlabCache second = cacheOver(pool, mode, "second"))
        {
            final long handle = first.allocate();
            final AtomicBuffer page = first.buffer(handle);
            assertEquals(SlabCache.NULL_HANDLE, second.tryAllocate());

            first.free(handle);
            first.trim();

            assertEquals(0, pool.pagesInUse());
            assertSame(page, second.buffer(second.allocate()));
            assertEquals(1, pool.pagesInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepAPageOutWhileACacheHoldsALiveSlotOfIt(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SlabCache cache = cacheOver(pool, mode, "holder"))
        {
            final long kept = cache.allocate();
            cache.free(cache.allocate());

            cache.trim();

            assertEquals(1, pool.pagesInUse());
            cache.free(kept);
            cache.trim();
            assertEquals(0, pool.pagesInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepAPageWithALiveSlotOutOfThePoolWhenItsCacheCloses(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        final SlabCache holder = cacheOver(pool, mode, "holder");
        final SlabCache emptied = cacheOver(pool, mode, "emptied");
        holder.allocate();
        emptied.free(emptied.allocate());

        holder.close();
        emptied.close();

        assertEquals(1, pool.pagesInUse());
        assertEquals(1, pool.pagesFree());
    }

    @Test
    void shouldBuildASlabCacheOverAPoolInSlabsOfOnePageAndRefuseANullPool()
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SlabCache cache = SlabCache.builder().slotSize(64).pagePool(pool).build())
        {
            assertEquals(PAGE, cache.buffer(cache.allocate()).capacity());
            assertEquals(1, pool.pagesInUse());
        }
        final IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> SlabCache.builder().pagePool(null));
        assertTrue(refused.getMessage().contains("pagePool"), refused::getMessage);
    }

    @Test
    void shouldNeverHandOutOnePageToTwoThreadsAtOnce() throws InterruptedException
    {
        final int threads = 4;
        final int pageLimit = 3;
        final PagePool pool = PagePool.direct(PAGE, (long)pageLimit * PAGE);
        final Set<Long> out = ConcurrentHashMap.newKeySet();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final Thread worker = new Thread(() ->
            {
                try
                {
                    start.await();
                    for (int i = 0; i < 20_000; i++)
                    {
                        final AtomicBuffer page;
                        try
                        {
                            page = pool.allocate(PAGE, 8);
                        }
                        catch (final SlabExhaustedException ex)
                        {
                            continue;
                        }
                        if (!out.add(page.addressOffset()) || pool.pagesInUse() > pageLimit)
                        {
                            throw new AssertionError("page " + page.addressOffset() + " out twice in " + pool);
                        }
                        out.remove(page.addressOffset());
                        pool.release(page);
                    }
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            });
            workers.add(worker);
            worker.start();
        }

        start.countDown();
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertNull(failure.get());
        assertEquals(0, pool.pagesInUse());
        assertEquals(pageLimit, pool.pagesFree());
    }

    private static SlabCache cacheOver(final PagePool pool, final ThreadSafety mode, final String name)
    {
        return SlabCache.builder()
            .name(name)
            .slotSize(64)
            .pagePool(pool)
            .retainEmptySlabs(0)
            .threadSafety(mode)
            .build();
    }

    private static List<AtomicBuffer> allocateAll(final PagePool pool)
    {
        final List<AtomicBuffer> pages = new ArrayList<>();
        while (0 != pool.pagesFree())
        {
            pages.add(pool.allocate(pool.pageSize(), 8));
        }
        return pages;
    }

    private static Set<AtomicBuffer> identitySet(final List<AtomicBuffer> buffers)
    {
        final Set<AtomicBuffer> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(buffers);
        assertEquals(buffers.size(), set.size(), "a buffer handed out twice");
        return set;
    }

    /**
     * Fills each page with its own byte, then checks that every byte of every page still holds it.
     */
    private static void assertDisjointAndWritable(final List<AtomicBuffer> pages)
    {
        for (int i = 0; i < pages.size(); i++)
        {
            pages.get(i).setMemory(0, pages.get(i).capacity(), (byte)(i + 1));
        }
        for (int i = 0; i < pages.size(); i++)
        {
            final AtomicBuffer page = pages.get(i);
            for (int offset = 0; offset < page.capacity(); offset++)
            {
                assertEquals((byte)(i + 1), page.getByte(offset), "page " + i + " byte " + offset);
            }
        }
    }

    private static void assertRefusedAsForeign(final PagePool pool, final AtomicBuffer buffer)
    {
        final IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> pool.release(buffer));
        assertTrue(refused.getMessage().contains("is not a page of"), refused::getMessage);
    }

    /**
     * Checks a pool with exactly one page out, {@code page}, still counts it and takes it back.
     */
    private static void assertUnchangedWithOnePageOut(final PagePool pool, final AtomicBuffer page)
    {
        assertEquals(1, pool.pagesInUse());
        assertEquals(pool.pageLimit() - 1, pool.pagesFree());
        pool.release(page);
        assertEquals(0, pool.pagesInUse());
        assertSame(page, pool.allocate(pool.pageSize(), 8));
    }

    /**
     * A direct buffer of {@code length} bytes whose address is {@code past} bytes after a multiple of
     * {@value PagePool#PAGE_ALIGNMENT}.
     */
    private static AtomicBuffer directBufferStartingPastAPageBoundary(final int past, final int length)
    {
        final ByteBuffer memory = ByteBuffer.allocateDirect(length + 2 * PagePool.PAGE_ALIGNMENT);
        final long address = new UnsafeBuffer(memory).addressOffset();
        final int offset = (int)(BitUtil.align(address, PagePool.PAGE_ALIGNMENT) - address) + past;
        final AtomicBuffer buffer = new UnsafeBuffer(memory, offset, length);
        assertEquals(past, buffer.addressOffset() % PagePool.PAGE_ALIGNMENT);
        return buffer;
    }

    private static long bytesAllocatedBy(final Runnable action)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private File sparseFile(final long length) throws IOException
    {
        final File file = tempDir.resolve("sparse-" + length).toFile();
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.setLength(length);
        }
        return file;
    }
}
