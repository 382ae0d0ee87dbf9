/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.slabcache.master.SizeClassReopenTest.Memory;
import dev.slabcache.master.SizeClassReopenTest.Positions;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.slabcache.master.SizeClassReopenTest.PAGE;
import static dev.slabcache.master.SizeClassReopenTest.PAGES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link SizeClassLayout} that is truncated, zeroed, shuffled, torn, foreign, of another version, or written for
 * other settings is refused by {@link SizeClassCacheBuilder#reopen(LiveSlots)} with a message naming what did not
 * match; no page is taken from the pool, no byte of the memory or the layout is written, and the good layout still
 * reopens afterwards.
 */
class SizeClassLayoutTest
{
    private static final int SIZES = SizeClassLayout.HEADER_LENGTH;

    private Memory memory;
    private Map<Long, long[]> live;
    private byte[] goodLayout;
    private byte[] memoryBytes;

    @BeforeEach
    void closeACacheWithLiveSlots()
    {
        memory = new Memory();
        live = memory.fill(ThreadSafety.LOCKED, 7);
        goodLayout = bytes(memory.layout);
        memoryBytes = bytes(memory.buffer);
    }

    @Test
    void shouldRefuseALayoutTruncatedShorterThanItsHeader()
    {
        assertRefused("fewer than a layout's header", (layout) -> new UnsafeBuffer(goodLayout.clone(), 0, 20));
    }

    @Test
    void shouldRefuseALayoutTruncatedShorterThanItsLength()
    {
        final int length = memory.layout.getInt(12, ByteOrder.LITTLE_ENDIAN);
        assertRefused("truncated", (layout) -> new UnsafeBuffer(goodLayout.clone(), 0, length - 2));
    }

    @Test
    void shouldRefuseAZeroedLayout()
    {
        assertRefused("magic is 0", (layout) -> new UnsafeBuffer(new byte[goodLayout.length]));
    }

    @Test
    void shouldRefuseAForeignBuffer()
    {
        assertRefused("foreign", (layout) ->
        {
            final AtomicBuffer foreign = copy();
            foreign.putStringWithoutLengthAscii(0, "PK\u0003\u0004zip!");
            return foreign;
        });
    }

    @Test
    void shouldRefuseAnotherVersion()
    {
        assertRefused("version=2", (layout) -> changed((copy) -> copy.putInt(8, 2, ByteOrder.LITTLE_ENDIAN)));
    }

    @Test
    void shouldRefuseShuffledClassSizes()
    {
        assertRefused("checksum", (layout) -> changed((copy) ->
        {
            final int first = copy.getInt(SIZES);
            copy.putInt(SIZES, copy.getInt(SIZES + 4));
            copy.putInt(SIZES + 4, first);
        }));
    }

    @Test
    void shouldRefuseShuffledPages()
    {
        final int pageMap = SIZES + 7 * Integer.BYTES;
        assertRefused("checksum", (layout) -> changed((copy) ->
        {
            final short first = copy.getShort(pageMap);
            int other = 1;
            while (copy.getShort(pageMap + 2 * other) == first)
            {
                other++;
            }
            copy.putShort(pageMap, copy.getShort(pageMap + 2 * other));
            copy.putShort(pageMap + 2 * other, first);
        }));
    }

    @Test
    void shouldRefuseATornLayout()
    {
        assertRefused("torn", (layout) -> changed((copy) ->
        {
            final int length = copy.getInt(12, ByteOrder.LITTLE_ENDIAN);
            for (int i = length / 2; i < length; i++)
            {
                copy.putByte(i, (byte)0);
            }
        }));
    }

    @Test
    void shouldRefuseALayoutOfOtherClassSizes()
    {
        final PagePool pool = memory.pool();
        assertRefused("size of class 0=24 differs from the builder's size of class 0=16",
            memory.builder(ThreadSafety.LOCKED, pool).minSlotSize(16), pool);
        final PagePool other = memory.pool();
        assertRefused("classes=7 differs from the builder's classes=6", memory.builder(ThreadSafety.LOCKED, other)
            .minSlotSize(32), other);
    }

    @Test
    void shouldRefuseALayoutOfAnotherPageSizeOrPoolSize()
    {
        final PagePool bigPages = PagePool.of(memory.buffer, 2 * PAGE);
        assertRefused("pageSize=4096 differs from the pool's pageSize=8192",
            memory.builder(ThreadSafety.LOCKED, bigPages), bigPages);
        final PagePool fewerPages = PagePool.of(new UnsafeBuffer(memory.buffer, 0, (PAGES - 1) * PAGE), PAGE);
        assertRefused("pages=12 differs from the pool's pages=11",
            memory.builder(ThreadSafety.LOCKED, fewerPages), fewerPages);
    }

    @Test
    void shouldRefuseAPageThatAnotherCacheOverThePoolHolds()
    {
        final PagePool pool = memory.pool();
        try (SizeClassCache other = SizeClassCache.builder().pagePool(pool).minSlotSize(24).maxSlotSize(1024).build())
        {
            other.allocate(100);
            assertRefused("page 0 of PagePool", memory.builder(ThreadSafety.LOCKED, pool), pool);
            assertEquals(1, pool.pagesInUse());
        }
    }

    private void assertRefused(final String part, final Function<AtomicBuffer, AtomicBuffer> layoutOf)
    {
        final PagePool pool = memory.pool();
        final AtomicBuffer bad = layoutOf.apply(memory.layout);
        final byte[] badBytes = bytes(bad);
        final SizeClassCacheBuilder builder = SizeClassCache.builder().name("refused").minSlotSize(24)
            .maxSlotSize(1024).growthFactor(2).pagePool(pool).layout(bad);
        assertRefused(part, builder, pool);
        assertArrayEquals(badBytes, bytes(bad), "the refused layout was written");
    }

    private void assertRefused(final String part, final SizeClassCacheBuilder builder, final PagePool pool)
    {
        final int pagesBefore = pool.pagesInUse();
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> builder.reopen(TaggedSlots.LIVE));
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
        assertTrue(ex.getMessage().contains("nothing attached") || ex.getMessage().contains("out already"),
            ex.getMessage());
        assertEquals(pagesBefore, pool.pagesInUse(), "pages taken from the pool");
        assertArrayEquals(memoryBytes, bytes(memory.buffer), "the memory was written");
        assertArrayEquals(goodLayout, bytes(memory.layout), "the good layout was written");

        final Positions reopened = new Positions(memory.buffer);
        try (SizeClassCache cache = memory.builder(ThreadSafety.LOCKED, memory.pool()).reopen(reopened))
        {
            assertEquals(live.keySet(), reopened.handles.keySet());
            assertEquals(live.size(), cache.stats().slotsInUse());
        }
        goodLayout = bytes(memory.layout);
        memoryBytes = bytes(memory.buffer);
    }

    private AtomicBuffer copy()
    {
        return new UnsafeBuffer(goodLayout.clone());
    }

    private AtomicBuffer changed(final Consumer<AtomicBuffer> change)
    {
        final AtomicBuffer copy = copy();
        change.accept(copy);
        return copy;
    }

    private static byte[] bytes(final AtomicBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.capacity()];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
