/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.HashSet;
import java.util.Set;

import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PagePool#claim(int[])}, with which a reopen takes the pages a layout names: the pages named come out, all
 * or none, and the pool then hands out every other page and never a claimed one; and {@link ZeroedPages}, which a
 * cache with a layout takes its pages through.
 */
class PagePoolClaimTest
{
    private static final int PAGE = 4096;
    private static final int PAGES = 8;

    private final AtomicBuffer memory = new UnsafeBuffer(BufferUtil.allocateDirectAligned(PAGES * PAGE, PAGE));

    @Test
    void shouldHandOutEveryPageButTheClaimedOnesAfterAClaim()
    {
        final PagePool pool = PagePool.of(memory, PAGE);
        final AtomicBuffer[] claimed = pool.claim(new int[] {2, 5});

        assertEquals(2, pool.pagesInUse());
        assertEquals(2 * PAGE, claimed[0].addressOffset() - memory.addressOffset());
        assertEquals(5 * PAGE, claimed[1].addressOffset() - memory.addressOffset());
        final Set<Long> handedOut = new HashSet<>();
        for (int i = 0; i < PAGES - 2; i++)
        {
            final long page = (pool.allocate(PAGE, 8).addressOffset() - memory.addressOffset()) / PAGE;
            assertTrue(2 != page && 5 != page && handedOut.add(page), "page " + page);
        }
        assertEquals(PAGES, pool.pagesInUse());

        pool.giveBack(claimed[0]);
        assertSame(claimed[0], pool.allocate(PAGE, 8));
    }

    @Test
    void shouldClaimAPageThatWasGivenBack()
    {
        final PagePool pool = PagePool.of(memory, PAGE);
        final AtomicBuffer first = pool.allocate(PAGE, 8);
        pool.allocate(PAGE, 8);
        pool.release(first);

        assertSame(first, pool.claim(new int[] {0})[0]);
        assertEquals(2, pool.pagesInUse());
        assertEquals(2 * PAGE, pool.allocate(PAGE, 8).addressOffset() - memory.addressOffset());
    }

    @Test
    void shouldClaimNothingWhenOnePageIsOut()
    {
        final PagePool pool = PagePool.of(memory, PAGE);
        pool.allocate(PAGE, 8);

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> pool.claim(new int[] {3, 0}));
        assertTrue(ex.getMessage().contains("page 0 of PagePool"), ex.getMessage());
        assertEquals(1, pool.pagesInUse());
        assertEquals(PAGE, pool.allocate(PAGE, 8).addressOffset() - memory.addressOffset());
    }

    @Test
    void shouldZeroEachPageACacheWithALayoutTakes()
    {
        memory.setMemory(0, memory.capacity(), (byte)0x7F);
        final PagePool pool = PagePool.of(memory, PAGE);
        final AtomicBuffer layout = new UnsafeBuffer(new byte[SizeClassLayout.lengthFor(pool)]);
        try (SizeClassCache cache = SizeClassCache.builder().pagePool(pool).minSlotSize(64).maxSlotSize(1024)
            .layout(layout).build())
        {
            final long handle = cache.allocate(100);
            final AtomicBuffer page = cache.buffer(handle);
            for (int i = 0; i < page.capacity(); i++)
            {
                assertEquals(0, page.getByte(i), "byte " + i + " of the page");
            }
        }
        memory.setMemory(0, memory.capacity(), (byte)0x7F);
        try (SizeClassCache cache = SizeClassCache.builder().pagePool(PagePool.of(memory, PAGE)).minSlotSize(64)
            .maxSlotSize(1024).build())
        {
            final long handle = cache.allocate(100);
            assertEquals(0x7F, cache.buffer(handle).getByte(PAGE - 1), "a cache without a layout zeroes nothing");
        }
    }
}
