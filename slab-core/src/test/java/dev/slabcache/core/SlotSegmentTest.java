/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotSegmentTest
{
    private static AtomicBuffer direct(final int capacity)
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, 64));
    }

    @Test
    void shouldHoldExactlySixtyFourSlotsOfSixtyFourBytesInFourKilobytes()
    {
        final SlotSegment segment = new SlotSegment(direct(4096), 64);

        assertEquals(64, segment.capacity());
        assertEquals(0, segment.firstSlotOffset());
        assertEquals(64, segment.stride());
    }

    @Test
    void shouldStartFreeBecomePartialThenFullAndFreeAgain()
    {
        final SlotSegment segment = new SlotSegment(direct(256), 64);
        assertEquals(SegmentState.FREE, segment.state());

        final int a = segment.allocate();
        assertEquals(SegmentState.PARTIAL, segment.state());
        segment.allocate();
        segment.allocate();
        final int d = segment.allocate();
        assertEquals(SegmentState.FULL, segment.state());
        assertEquals(SlotSegment.NO_SLOT, segment.allocate());
        assertEquals(SegmentState.FULL, segment.state());

        segment.free(d);
        assertEquals(SegmentState.PARTIAL, segment.state());
        assertEquals(3, segment.usedSlots());
        assertEquals(1, segment.freeSlots());
        segment.free(a);
        assertEquals(2, segment.usedSlots());
    }

    @Test
    void shouldHandOutTheMostRecentlyFreedSlotFirst()
    {
        final SlotSegment segment = new SlotSegment(direct(1024), 16);
        final int a = segment.allocate();
        final int b = segment.allocate();
        segment.allocate();

        segment.free(a);
        segment.free(b);

        assertEquals(b, segment.allocate());
        assertEquals(a, segment.allocate());
        assertEquals(3, segment.allocate());
    }

    @Test
    void shouldStoreTheNextFreeIndexInTheFirstFourBytesOfAFreeSlot()
    {
        final AtomicBuffer buffer = direct(1024);
        final SlotSegment segment = new SlotSegment(buffer, 16);
        final int a = segment.allocate();
        final int b = segment.allocate();

        segment.free(a);
        segment.free(b);

        assertEquals(a, buffer.getInt(segment.offsetOf(b)));
        assertEquals(SlotSegment.NO_SLOT, buffer.getInt(segment.offsetOf(a)));
    }

    @Test
    void shouldNotTouchSlotsAboveTheHighWaterMark()
    {
        final AtomicBuffer buffer = direct(1024);
        buffer.setMemory(0, 1024, (byte)0x5A);
        final SlotSegment segment = new SlotSegment(buffer, 16);

        final int slot = segment.allocate();
        segment.free(slot);

        assertEquals(1, segment.highWaterMark());
        for (int i = 16; i < 1024; i++)
        {
            assertEquals((byte)0x5A, buffer.getByte(i), "byte " + i);
        }
    }

    @Test
    void shouldBuildOverAGibibyteOfEightByteSlotsWithoutTouchingIt()
    {
        final AtomicBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 30));
        final SlotSegment segment = new SlotSegment(buffer, 8);

        assertEquals(1 << 27, segment.capacity());
        assertEquals(0, segment.highWaterMark());
        final int last = (1 << 27) - 1;
        assertFalse(segment.isAllocated(last));
        assertEquals(0, segment.allocate());
    }

    @Test
    void shouldAddressMoreThanTwoToTheTwentyEightSlots()
    {
        final int length = Integer.MAX_VALUE - 8;
        final AtomicBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        final SlotSegment segment = new SlotSegment(buffer, 0, length, 4, 4);

        assertTrue(segment.capacity() > 1 << 28, "capacity " + segment.capacity());
        final int last = segment.capacity() - 1;
        final int offset = segment.offsetOf(last);
        assertEquals(last, segment.slotAt(offset));
        assertFalse(segment.isAllocated(last));
    }

    @Test
    void shouldRoundTheStrideUpToTheAlignment()
    {
        final SlotSegment segment = new SlotSegment(direct(100), 0, 100, 12, 8);

        assertEquals(16, segment.stride());
        assertEquals(6, segment.capacity(), "slot 5 ends at 92, slot 6 would end at 108");
        assertEquals(80, segment.offsetOf(5));
    }

    @Test
    void shouldChooseEightByteAlignmentForMultiplesOfEightAndFourOtherwise()
    {
        assertEquals(8, new SlotSegment(direct(64), 24).slotAlignment());
        assertEquals(4, new SlotSegment(direct(64), 12).slotAlignment());
        assertEquals(12, new SlotSegment(direct(64), 12).stride());
        assertEquals(4, new SlotSegment(direct(64), 4).slotAlignment());
    }

    @Test
    void shouldStartTheFirstSlotAtTheFirstAlignedAddressOfTheRegion()
    {
        final AtomicBuffer buffer = direct(4096);
        final SlotSegment segment = new SlotSegment(buffer, 3, 4000, 64, 64);

        assertEquals(64, segment.firstSlotOffset());
        assertEquals(0, (buffer.addressOffset() + segment.offsetOf(0)) % 64);
        assertEquals(0, (buffer.addressOffset() + segment.offsetOf(1)) % 64);
        assertEquals(61, segment.capacity(), "bytes 64..4003 hold 61 whole slots of 64");
    }

    @Test
    void shouldKeepSlotsInsideTheRegion()
    {
        final AtomicBuffer buffer = direct(256);
        final SlotSegment segment = new SlotSegment(buffer, 64, 128, 32, 32);

        assertEquals(4, segment.capacity());
        assertEquals(64, segment.offsetOf(0));
        assertEquals(160, segment.offsetOf(3));
    }

    @Test
    void shouldWorkOverAHeapByteArray()
    {
        final SlotSegment segment = new SlotSegment(new UnsafeBuffer(new byte[1024]), 32);
        final int slot = segment.allocate();
        segment.buffer().putLong(segment.offsetOf(slot), 42L);

        assertEquals(42L, segment.buffer().getLong(segment.offsetOf(slot)));
        assertTrue(segment.capacity() >= 31);
    }

    @Test
    void shouldMapOffsetsAndSlotsBothWays()
    {
        final SlotSegment segment = new SlotSegment(direct(1024), 24);
        for (int slot = 0; slot < segment.capacity(); slot++)
        {
            assertEquals(slot, segment.slotAt(segment.offsetOf(slot)));
        }
    }

    @Test
    void shouldRejectDoubleFreeAndChangeNothing()
    {
        final SlotSegment segment = new SlotSegment(direct(1024), 16);
        final int a = segment.allocate();
        final int b = segment.allocate();
        segment.free(a);
        final String before = segment.toString();

        final DoubleFreeException ex = assertThrows(DoubleFreeException.class, () -> segment.free(a));

        assertTrue(ex.getMessage().contains("slot " + a), ex.getMessage());
        assertEquals(before, segment.toString());
        assertEquals(a, segment.allocate());
        assertTrue(segment.isAllocated(b));
    }

    @Test
    void shouldRejectFreeOfASlotNeverAllocated()
    {
        final SlotSegment segment = new SlotSegment(direct(1024), 16);
        segment.allocate();

        assertThrows(DoubleFreeException.class, () -> segment.free(7));
        assertEquals(1, segment.usedSlots());
        assertEquals(1, segment.allocate());
    }

    @Test
    void shouldRejectOutOfRangeSlotIndexes()
    {
        final SlotSegment segment = new SlotSegment(direct(1024), 16);
        segment.allocate();

        final InvalidHandleException negative = assertThrows(InvalidHandleException.class, () -> segment.free(-1));
        assertFalse(negative instanceof DoubleFreeException);
        assertTrue(negative.getMessage().contains("slot -1"), negative.getMessage());
        assertThrows(InvalidHandleException.class, () -> segment.free(64));
        assertThrows(InvalidHandleException.class, () -> segment.offsetOf(64));
        assertThrows(InvalidHandleException.class, () -> segment.isAllocated(Integer.MIN_VALUE));
        assertEquals(1, segment.usedSlots());
    }

    @Test
    void shouldRejectOffsetsOffTheSlotGrid()
    {
        final SlotSegment segment = new SlotSegment(direct(1024), 0, 1024, 24, 8);

        assertThrows(InvalidHandleException.class, () -> segment.slotAt(1));
        assertThrows(InvalidHandleException.class, () -> segment.slotAt(23));
        assertThrows(InvalidHandleException.class, () -> segment.slotAt(-24));
        assertThrows(InvalidHandleException.class, () -> segment.slotAt(segment.capacity() * 24));
        assertThrows(InvalidHandleException.class, () -> segment.slotAt(Integer.MAX_VALUE));
        assertEquals(2, segment.slotAt(48));
    }

    @Test
    void shouldDetectAFreeListOverwrittenAfterFreeAndChangeNothing()
    {
        final AtomicBuffer buffer = direct(1024);
        final SlotSegment segment = new SlotSegment(buffer, 16);
        final int a = segment.allocate();
        final int b = segment.allocate();
        segment.free(a);
        buffer.putInt(segment.offsetOf(a), b);

        final SlabException ex = assertThrows(SlabException.class, segment::allocate);

        assertTrue(ex.getMessage().contains("free list corrupted"), ex.getMessage());
        assertEquals(1, segment.usedSlots());
        assertFalse(segment.isAllocated(a));
    }

    @Test
    void shouldRejectANullBuffer()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> new SlotSegment(null, 16));
        assertTrue(ex.getMessage().contains("buffer"), ex.getMessage());
    }

    @Test
    void shouldRejectASlotSizeBelowFour()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> new SlotSegment(direct(64), 3));
        assertTrue(ex.getMessage().contains("slotSize=3"), ex.getMessage());
        assertTrue(ex.getMessage().contains("at least 4"), ex.getMessage());
    }

    @Test
    void shouldRejectAnAlignmentThatIsNotAPowerOfTwoOrBelowFour()
    {
        for (final int alignment : new int[]{0, 2, 6, 12, -8})
        {
            final IllegalArgumentException ex = assertThrows(
                IllegalArgumentException.class, () -> new SlotSegment(direct(64), 0, 64, 8, alignment));
            assertTrue(ex.getMessage().contains("slotAlignment=" + alignment), ex.getMessage());
            assertTrue(ex.getMessage().contains("power of two"), ex.getMessage());
        }
    }

    @Test
    void shouldRejectARegionOutsideTheBuffer()
    {
        final AtomicBuffer buffer = direct(64);
        for (final int[] region : new int[][]{{-1, 8}, {0, 65}, {60, 8}, {8, -1}, {Integer.MAX_VALUE, 8}})
        {
            final IllegalArgumentException ex = assertThrows(
                IllegalArgumentException.class, () -> new SlotSegment(buffer, region[0], region[1], 8, 8));
            assertTrue(ex.getMessage().contains("offset=" + region[0]), ex.getMessage());
            assertTrue(ex.getMessage().contains("capacity=64"), ex.getMessage());
        }
    }

    @Test
    void shouldRejectARegionTooSmallForOneSlot()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> new SlotSegment(direct(64), 0, 15, 16, 16));
        assertTrue(ex.getMessage().contains("length=15"), ex.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new SlotSegment(direct(128), 1, 70, 64, 64));
    }

    @Test
    void shouldRejectAReadOnlyBuffer()
    {
        final ByteBuffer readOnly = ByteBuffer.allocateDirect(64).asReadOnlyBuffer();

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> new SlotSegment(new UnsafeBuffer(readOnly), 16));
        assertTrue(ex.getMessage().contains("read-only"), ex.getMessage());
    }

    @Test
    void shouldHandOutEverySlotExactlyOnce()
    {
        final SlotSegment segment = new SlotSegment(direct(1 << 20), 0, 1 << 20, 8, 8);
        final Set<Integer> seen = new HashSet<>();
        int slot;
        while (SlotSegment.NO_SLOT != (slot = segment.allocate()))
        {
            assertTrue(seen.add(slot), "slot handed out twice: " + slot);
        }

        assertEquals(segment.capacity(), seen.size());
        assertEquals(SegmentState.FULL, segment.state());
    }

    @Test
    void shouldCrossBitmapPagesCorrectly()
    {
        final int slots = SlotSegment.BITMAP_PAGE_SLOTS * 2 + 7;
        final SlotSegment segment = new SlotSegment(direct(slots * 4), 0, slots * 4, 4, 4);
        assertEquals(slots, segment.capacity());
        for (int i = 0; i < slots; i++)
        {
            assertEquals(i, segment.allocate());
        }

        segment.free(SlotSegment.BITMAP_PAGE_SLOTS);
        segment.free(slots - 1);
        assertFalse(segment.isAllocated(SlotSegment.BITMAP_PAGE_SLOTS));
        assertTrue(segment.isAllocated(SlotSegment.BITMAP_PAGE_SLOTS - 1));
        assertTrue(segment.isAllocated(SlotSegment.BITMAP_PAGE_SLOTS + 1));
        assertThrows(DoubleFreeException.class, () -> segment.free(slots - 1));
        assertEquals(slots - 1, segment.allocate());
        assertEquals(SlotSegment.BITMAP_PAGE_SLOTS, segment.allocate());
        assertEquals(SlotSegment.NO_SLOT, segment.allocate());
    }

    @Test
    void shouldRefuseAFreedSlotWrittenToLinkToItselfInsteadOfHandingItOutTwice()
    {
        final SlotSegment segment = new SlotSegment(direct(256), 16);
        final int a = segment.allocate();
        final int b = segment.allocate();
        segment.free(b);
        segment.buffer().putInt(segment.offsetOf(b), b);

        final SlabException corrupted = assertThrows(SlabException.class, segment::allocate);

        assertTrue(corrupted.getMessage().contains("free slot " + b + " links to " + b), corrupted.getMessage());
        assertEquals(1, segment.usedSlots());
        assertTrue(segment.isAllocated(a));
        assertFalse(segment.isAllocated(b));
        segment.buffer().putInt(segment.offsetOf(b), SlotSegment.NO_SLOT);
        assertEquals(b, segment.allocate());
        assertEquals(2, segment.allocate());
        assertEquals(3, segment.usedSlots());
    }

    @Test
    void shouldRejectAStrideThatDoesNotFitInAnInt()
    {
        final AtomicBuffer unbacked = new UnsafeBuffer(1L << 40, Integer.MAX_VALUE);

        final IllegalArgumentException rejected = assertThrows(
            IllegalArgumentException.class,
            () -> new SlotSegment(unbacked, 0, Integer.MAX_VALUE, Integer.MAX_VALUE - 3, 8));

        assertTrue(rejected.getMessage().contains("slotSize=" + (Integer.MAX_VALUE - 3)), rejected.getMessage());
        assertTrue(rejected.getMessage().contains("stride"), rejected.getMessage());
    }

    @Test
    void shouldReadBackTheOnlySlotOfTheLargestStride()
    {
        final AtomicBuffer unbacked = new UnsafeBuffer(1L << 40, Integer.MAX_VALUE);
        final SlotSegment segment = new SlotSegment(unbacked, 0, Integer.MAX_VALUE, Integer.MAX_VALUE - 7, 8);

        assertEquals(1, segment.capacity());
        assertEquals(Integer.MAX_VALUE - 7, segment.stride());
        assertEquals(0, segment.slotAt(segment.offsetOf(0)));
    }
}
