/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import org.agrona.concurrent.AtomicBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A plain reference model of one segment: the set of live slots and the bytes each was given. Every step runs
 * one operation on the segment and on the model and checks that the two agree. Choices come from a function
 * {@code bound -> [0, bound)}, so a seeded random test and a fuzzer drive the same checks.
 */
final class SegmentModel
{
    private static final int OPERATIONS = 5;

    private final SlotSegment segment;
    private final AtomicBuffer buffer;
    private final int regionOffset;
    private final int regionLength;
    private final IntUnaryOperator choose;
    private final List<Integer> live = new ArrayList<>();
    private final Map<Integer, Long> cookies = new HashMap<>();
    private long nextCookie = 1;

    SegmentModel(
        final AtomicBuffer buffer,
        final int regionOffset,
        final int regionLength,
        final int slotSize,
        final int slotAlignment,
        final IntUnaryOperator choose)
    {
        this.segment = new SlotSegment(buffer, regionOffset, regionLength, slotSize, slotAlignment);
        this.buffer = buffer;
        this.regionOffset = regionOffset;
        this.regionLength = regionLength;
        this.choose = choose;
        checkLayout();
    }

    SlotSegment segment()
    {
        return segment;
    }

    void step()
    {
        switch (choose.applyAsInt(OPERATIONS))
        {
            case 0:
            case 1:
                allocate();
                break;
            case 2:
                freeLive();
                break;
            case 3:
                freeWrongSlot();
                break;
            default:
                checkOffsetsOfLiveSlot();
                break;
        }
        checkCounts();
    }

    void checkAllContents()
    {
        for (final int slot : live)
        {
            checkContents(slot);
        }
    }

    private void allocate()
    {
        final int slot = segment.allocate();
        if (live.size() == segment.capacity())
        {
            assertEquals(SlotSegment.NO_SLOT, slot, "allocate of a full segment");
            return;
        }

        assertTrue(slot >= 0 && slot < segment.capacity(), "slot out of range: " + slot);
        assertFalse(cookies.containsKey(slot), "slot handed out while live: " + slot);
        assertTrue(segment.isAllocated(slot));
        final long cookie = nextCookie++;
        live.add(slot);
        cookies.put(slot, cookie);
        fill(slot, cookie);
    }

    private void freeLive()
    {
        if (live.isEmpty())
        {
            return;
        }

        final int index = choose.applyAsInt(live.size());
        final int slot = live.get(index);
        checkContents(slot);
        segment.free(slot);
        live.set(index, live.get(live.size() - 1));
        live.remove(live.size() - 1);
        cookies.remove(slot);
        assertFalse(segment.isAllocated(slot));
    }

    private void freeWrongSlot()
    {
        final String before = segment.toString();
        final int pick = choose.applyAsInt(3);
        if (0 == pick)
        {
            final int slot = choose.applyAsInt(segment.capacity());
            if (cookies.containsKey(slot))
            {
                return;
            }
            assertThrows(DoubleFreeException.class, () -> segment.free(slot));
        }
        else
        {
            final int slot = 1 == pick ? -1 - choose.applyAsInt(1000) : segment.capacity() + choose.applyAsInt(1000);
            final InvalidHandleException ex = assertThrows(InvalidHandleException.class, () -> segment.free(slot));
            assertFalse(ex instanceof DoubleFreeException, ex.getMessage());
        }
        assertEquals(before, segment.toString(), "a rejected free changed the segment");
    }

    private void checkOffsetsOfLiveSlot()
    {
        if (live.isEmpty())
        {
            return;
        }

        final int slot = live.get(choose.applyAsInt(live.size()));
        final int offset = segment.offsetOf(slot);
        assertEquals(slot, segment.slotAt(offset));
        if (segment.stride() > 1)
        {
            final int inside = offset + 1 + choose.applyAsInt(segment.stride() - 1);
            assertThrows(InvalidHandleException.class, () -> segment.slotAt(inside));
        }
        checkContents(slot);
    }

    private void checkCounts()
    {
        assertEquals(live.size(), segment.usedSlots(), "usedSlots");
        assertEquals(segment.capacity() - live.size(), segment.freeSlots(), "freeSlots");
        final SegmentState expected = live.isEmpty() ? SegmentState.FREE :
            live.size() == segment.capacity() ? SegmentState.FULL : SegmentState.PARTIAL;
        assertEquals(expected, segment.state(), "state");
    }

    private void checkLayout()
    {
        final int first = segment.offsetOf(0);
        final int last = segment.offsetOf(segment.capacity() - 1);
        assertTrue(first >= regionOffset, "first slot before the region");
        assertTrue((long)last + segment.slotSize() <= (long)regionOffset + regionLength, "last slot past the region");
        assertTrue(last + segment.stride() + segment.slotSize() > regionOffset + regionLength, "a slot was left out");
        assertEquals(0, (buffer.addressOffset() + first) % segment.slotAlignment(), "first slot misaligned");
        assertTrue(first - regionOffset < segment.slotAlignment(), "padding larger than needed");
        assertTrue(segment.stride() >= segment.slotSize(), "slots overlap");
        assertEquals(0, segment.stride() % segment.slotAlignment(), "stride not aligned");
        if (segment.capacity() > 1)
        {
            assertEquals(segment.stride(), segment.offsetOf(1) - first, "stride");
        }
    }

    private void fill(final int slot, final long cookie)
    {
        final int offset = segment.offsetOf(slot);
        for (int i = 0; i < segment.slotSize(); i++)
        {
            buffer.putByte(offset + i, patternByte(cookie, i));
        }
    }

    private void checkContents(final int slot)
    {
        final long cookie = cookies.get(slot);
        final int offset = segment.offsetOf(slot);
        for (int i = 0; i < segment.slotSize(); i++)
        {
            if (patternByte(cookie, i) != buffer.getByte(offset + i))
            {
                fail("slot " + slot + " byte " + i + " overwritten while live");
            }
        }
        assertNotEquals(0, cookie);
    }

    private static byte patternByte(final long cookie, final int index)
    {
        return (byte)(cookie * 0x9E3779B97F4A7C15L >>> 56 ^ index);
    }
}
