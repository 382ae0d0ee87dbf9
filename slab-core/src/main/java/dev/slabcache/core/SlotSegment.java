/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.slabcache.core.internal.AgronaCheck;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One slab: fixed-size slots carved out of a region of an {@link AtomicBuffer}. Not thread-safe: a master or
 * the single owner serialises calls.
 * <p>
 * Layout of the region, every byte of which is slots (all metadata lives on the heap, in this object):
 * <pre>
 *   region offset                                                       region offset + length
 *   |&lt;- padding -&gt;|&lt;---- stride ----&gt;|&lt;---- stride ----&gt;|     |&lt;- slotSize -&gt;|&lt;- tail -&gt;|
 *   +-------------+------------------+------------------+ ... +--------------+----------+
 *   |   unused    |  slot 0          |  slot 1          |     |  slot n-1    |  unused  |
 *   +-------------+------------------+------------------+ ... +--------------+----------+
 *                 ^ first address that is a multiple of slotAlignment
 *
 *   stride = slotSize rounded up to slotAlignment
 *
 *   A free slot on the free list:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          index of the next free slot, or NO_SLOT              |
 *   +---------------------------------------------------------------+
 *   |                 rest of the slot, not touched                ...
 * </pre>
 * Slots are handed out from the intrusive free list first, then from a high-water mark over slots never used,
 * so building a segment over a buffer of any size costs the same. An allocation bitmap on the heap, one bit a
 * slot, makes every free checked: a double free or an index off the slot grid throws and changes nothing.
 * The bitmap is kept in pages of {@value #BITMAP_PAGE_SLOTS} slots, each made when the high-water mark first
 * reaches it, in a table that grows with them, so that a huge region costs nothing until its slots are used.
 * <p>
 * A free list entry is checked when it is popped: a slot written after it was freed cannot make the segment
 * hand out an allocated slot or one off the grid; it throws {@link SlabException} instead.
 */
public final class SlotSegment
{
    /**
     * Returned by {@link #allocate()} when every slot is allocated; also ends the free list.
     */
    public static final int NO_SLOT = -1;

    /**
     * The smallest slot: a free slot holds the int index of the next free slot.
     */
    public static final int MIN_SLOT_SIZE = Integer.BYTES;

    /**
     * The smallest slot alignment: the free list's index is an aligned int.
     */
    public static final int MIN_SLOT_ALIGNMENT = Integer.BYTES;

    /**
     * Slots covered by one page of the allocation bitmap.
     */
    public static final int BITMAP_PAGE_SLOTS = 1 << 15;

    private static final int PAGE_SHIFT = 15;
    private static final int WORD_SHIFT = 6;
    private static final int WORD_MASK = (BITMAP_PAGE_SLOTS >>> WORD_SHIFT) - 1;

    private final AtomicBuffer buffer;
    private final int slotSize;
    private final int slotAlignment;
    private final int stride;
    private final int firstSlotOffset;
    private final int capacity;
    private long[][] allocatedPages = new long[1][];

    private int freeListHead = NO_SLOT;
    private int highWaterMark;
    private int usedSlots;

    /**
     * A segment over the whole buffer, aligned to 8 bytes when {@code slotSize} is a multiple of 8, else to 4.
     *
     * @param buffer   the memory to carve slots from; must be writable.
     * @param slotSize bytes in a slot, at least {@value #MIN_SLOT_SIZE}.
     * @throws IllegalArgumentException naming the parameter and the rule it broke.
     */
    public SlotSegment(final AtomicBuffer buffer, final int slotSize)
    {
        this(buffer, 0, null == buffer ? 0 : buffer.capacity(), slotSize, defaultAlignment(slotSize));
    }

    /**
     * A segment over {@code length} bytes of {@code buffer} from {@code offset}.
     *
     * @param buffer        the memory to carve slots from; must be writable.
     * @param offset        where the region starts in the buffer.
     * @param length        bytes in the region.
     * @param slotSize      bytes in a slot, at least {@value #MIN_SLOT_SIZE}.
     * @param slotAlignment a power of two, at least {@value #MIN_SLOT_ALIGNMENT}: each slot starts at an address
     *                      that is a multiple of it, and the stride between slots is {@code slotSize} rounded up
     *                      to it.
     * @throws IllegalArgumentException naming the parameter and the rule it broke, when the buffer is null or
     *                                  read-only, the sizes break their rules (the stride, {@code slotSize}
     *                                  rounded up to {@code slotAlignment}, must fit in an {@code int}), the
     *                                  region lies outside the buffer, or the region cannot hold one slot.
     */
    public SlotSegment(
        final AtomicBuffer buffer, final int offset, final int length, final int slotSize, final int slotAlignment)
    {
        AgronaCheck.ensureAvailable();
        checkBuffer(buffer);
        checkSlotSize(slotSize);
        checkSlotAlignment(slotAlignment);
        checkRegion(buffer, offset, length);

        final long address = buffer.addressOffset() + offset;
        final long padding = -address & (slotAlignment - 1);
        final long stride = BitUtil.align((long)slotSize, slotAlignment);
        if (stride > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(
                "slotSize=" + slotSize + " rounded up to slotAlignment=" + slotAlignment + " is " + stride +
                " bytes, more than the largest stride of " + Integer.MAX_VALUE + ": use a smaller slot or alignment");
        }
        final long usable = length - padding;
        if (usable < slotSize)
        {
            throw new IllegalArgumentException(
                "length=" + length + " must hold at least one slot: slotSize=" + slotSize + " after " + padding +
                " bytes of padding to reach slotAlignment=" + slotAlignment + " at offset=" + offset);
        }

        this.buffer = buffer;
        this.slotSize = slotSize;
        this.slotAlignment = slotAlignment;
        this.stride = (int)stride;
        this.firstSlotOffset = (int)(offset + padding);
        this.capacity = (int)((usable - slotSize) / stride + 1);
    }

    /**
     * The alignment the two-argument constructor uses for a slot size.
     *
     * @param slotSize bytes in a slot.
     * @return 8 when {@code slotSize} is a multiple of 8, else 4.
     */
    public static int defaultAlignment(final int slotSize)
    {
        return 0 == (slotSize & 7) ? 8 : 4;
    }

    /**
     * Takes a free slot.
     *
     * @return the slot's index, or {@link #NO_SLOT} when every slot is allocated.
     * @throws SlabException when the free list was overwritten by a write to a freed slot; nothing changes.
     */
    public int allocate()
    {
        final int slot = freeListHead;
        if (NO_SLOT == slot)
        {
            return allocateFromHighWaterMark();
        }

        final int next = buffer.getInt(firstSlotOffset + slot * stride);
        // The head is not marked allocated yet, so a slot that links to itself must be caught by name.
        if (NO_SLOT != next && (next < 0 || next >= highWaterMark || next == slot || isCarvedSlotAllocated(next)))
        {
            throw new SlabException(
                "free list corrupted: free slot " + slot + " links to " + next + ", which is not a free slot below " +
                highWaterMark + "; a slot was written after it was freed");
        }

        freeListHead = next;
        markAllocated(slot);
        return slot;
    }

    /**
     * Gives a slot back. Its first {@value #MIN_SLOT_SIZE} bytes are overwritten by the free list.
     *
     * @param slot an index returned by {@link #allocate()} and not freed since.
     * @throws InvalidHandleException when {@code slot} is outside {@code [0, capacity)}; nothing changes.
     * @throws DoubleFreeException    when {@code slot} is not allocated; nothing changes.
     */
    public void free(final int slot)
    {
        checkSlotIndex(slot);
        if (!isAllocated(slot))
        {
            throw new DoubleFreeException(
                "slot " + slot + " is not allocated (freed twice, or never allocated) in " + this);
        }

        buffer.putInt(firstSlotOffset + slot * stride, freeListHead);
        freeListHead = slot;
        allocatedPages[slot >>> PAGE_SHIFT][(slot >>> WORD_SHIFT) & WORD_MASK] &= ~(1L << slot);
        usedSlots--;
    }

    /**
     * Where a slot starts in {@link #buffer()}.
     *
     * @param slot a slot index.
     * @return the slot's offset in the buffer.
     * @throws InvalidHandleException when {@code slot} is outside {@code [0, capacity)}.
     */
    public int offsetOf(final int slot)
    {
        checkSlotIndex(slot);
        return firstSlotOffset + slot * stride;
    }

    /**
     * The slot that starts at an offset of {@link #buffer()}.
     *
     * @param offset an offset returned by {@link #offsetOf(int)}.
     * @return the slot's index.
     * @throws InvalidHandleException when no slot starts at {@code offset}: outside the slots, or not at a slot
     *                                boundary.
     */
    public int slotAt(final int offset)
    {
        final long relative = (long)offset - firstSlotOffset;
        if (relative < 0 || relative >= (long)capacity * stride || 0 != relative % stride)
        {
            throw new InvalidHandleException(
                "offset " + offset + " is not the start of a slot: slots start at " + firstSlotOffset +
                " every " + stride + " bytes, " + capacity + " of them, in " + this);
        }

        return (int)(relative / stride);
    }

    /**
     * Whether a slot is allocated.
     *
     * @param slot a slot index.
     * @return true when the slot has been allocated and not freed since.
     * @throws InvalidHandleException when {@code slot} is outside {@code [0, capacity)}.
     */
    public boolean isAllocated(final int slot)
    {
        checkSlotIndex(slot);
        return slot < highWaterMark && isCarvedSlotAllocated(slot);
    }

    /**
     * How full the segment is, in O(1).
     *
     * @return {@link SegmentState#FREE} when no slot is allocated, {@link SegmentState#FULL} when all are,
     * else {@link SegmentState#PARTIAL}.
     */
    public SegmentState state()
    {
        if (0 == usedSlots)
        {
            return SegmentState.FREE;
        }

        return capacity == usedSlots ? SegmentState.FULL : SegmentState.PARTIAL;
    }

    /** {@return how many slots the segment holds, used or not} */
    public int capacity()
    {
        return capacity;
    }

    /** {@return how many slots are allocated now} */
    public int usedSlots()
    {
        return usedSlots;
    }

    /** {@return how many slots are free now, carved or not} */
    public int freeSlots()
    {
        return capacity - usedSlots;
    }

    /** {@return the buffer the slots are carved from, to read and write an allocated slot at {@link #offsetOf(int)}} */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    /** {@return the bytes in a slot, as given to the constructor} */
    public int slotSize()
    {
        return slotSize;
    }

    /** {@return the alignment of every slot's address, as given to the constructor} */
    public int slotAlignment()
    {
        return slotAlignment;
    }

    /**
     * {@return the bytes from the start of one slot to the start of the next: the slot size rounded up to the
     * alignment}
     */
    public int stride()
    {
        return stride;
    }

    /** {@return the offset in {@link #buffer()} of slot 0, past any padding to the alignment} */
    public int firstSlotOffset()
    {
        return firstSlotOffset;
    }

    /**
     * Returns the high-water mark: how many slots were ever carved.
     *
     * @return how many slots have ever been handed out from the high-water mark; slots at or above it have
     * never been touched.
     */
    public int highWaterMark()
    {
        return highWaterMark;
    }

    /** {@return the segment's layout and counts, for messages and debugging} */
    @Override
    public String toString()
    {
        return "SlotSegment{slotSize=" + slotSize + ", slotAlignment=" + slotAlignment + ", stride=" + stride +
            ", firstSlotOffset=" + firstSlotOffset + ", capacity=" + capacity + ", usedSlots=" + usedSlots +
            ", highWaterMark=" + highWaterMark + ", state=" + state() + '}';
    }

    private int allocateFromHighWaterMark()
    {
        final int slot = highWaterMark;
        if (slot == capacity)
        {
            return NO_SLOT;
        }

        final int page = slot >>> PAGE_SHIFT;
        if (page == allocatedPages.length)
        {
            allocatedPages = Arrays.copyOf(allocatedPages, 2 * page);
        }
        if (null == allocatedPages[page])
        {
            final int slotsInPage = Math.min(BITMAP_PAGE_SLOTS, capacity - (page << PAGE_SHIFT));
            allocatedPages[page] = new long[(slotsInPage + Long.SIZE - 1) >>> WORD_SHIFT];
        }

        highWaterMark = slot + 1;
        markAllocated(slot);
        return slot;
    }

    private void markAllocated(final int slot)
    {
        allocatedPages[slot >>> PAGE_SHIFT][(slot >>> WORD_SHIFT) & WORD_MASK] |= 1L << slot;
        usedSlots++;
    }

    private boolean isCarvedSlotAllocated(final int slot)
    {
        return 0 != (allocatedPages[slot >>> PAGE_SHIFT][(slot >>> WORD_SHIFT) & WORD_MASK] & (1L << slot));
    }

    private void checkSlotIndex(final int slot)
    {
        if (slot < 0 || slot >= capacity)
        {
            throw new InvalidHandleException(
                "slot " + slot + " is out of range: a slot index must be in [0, " + capacity + ") in " + this);
        }
    }

    private static void checkBuffer(final AtomicBuffer buffer)
    {
        if (null == buffer)
        {
            throw new IllegalArgumentException("buffer must not be null");
        }

        final ByteBuffer byteBuffer = buffer.byteBuffer();
        if (null != byteBuffer && byteBuffer.isReadOnly())
        {
            throw new IllegalArgumentException(
                "buffer wraps a read-only ByteBuffer: slots must be writable (a free slot holds the free list)");
        }
    }

    private static void checkSlotSize(final int slotSize)
    {
        if (slotSize < MIN_SLOT_SIZE)
        {
            throw new IllegalArgumentException(
                "slotSize=" + slotSize + " must be at least " + MIN_SLOT_SIZE +
                ": a free slot holds the int index of the next free slot");
        }
    }

    private static void checkSlotAlignment(final int slotAlignment)
    {
        if (slotAlignment < MIN_SLOT_ALIGNMENT || !BitUtil.isPowerOfTwo(slotAlignment))
        {
            throw new IllegalArgumentException(
                "slotAlignment=" + slotAlignment + " must be a power of two and at least " + MIN_SLOT_ALIGNMENT);
        }
    }

    private static void checkRegion(final AtomicBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            throw new IllegalArgumentException(
                "region offset=" + offset + " length=" + length + " must lie inside the buffer of capacity=" +
                buffer.capacity());
        }
    }
}
