/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.Arrays;

import dev.slabcache.core.SlotSegment;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Debug mode's poison for the freed slots of one slab: which slots a caller freed and the poison still fills, and
 * where each was freed when that was recorded. Made for a slab at its first debug free and dropped with it, so a
 * slab made again over the same memory (a page another class grows into, a buffer attached again) starts clean.
 * Under the cache's lock.
 * <pre>
 *   A freed slot in debug mode:
 *   0         4                                                  slotSize
 *   +---------+--------------------------------------------------+
 *   | next    | POISON POISON POISON ...                         |
 *   +---------+--------------------------------------------------+
 *     free list link, written by the segment, never checked here
 * </pre>
 */
final class SlabPoison
{
    /**
     * The byte a freed slot is filled with beyond its free-list link, jemalloc's junk byte for freed memory.
     */
    static final byte POISON = 0x5A;

    /**
     * The first byte of a slot the poison covers: the bytes before it hold the free list's link.
     */
    static final int FIRST_BYTE = SlotSegment.MIN_SLOT_SIZE;

    /**
     * Returned by {@link #take(SlabRecord, int, int)} when the slot was not poisoned or its poison is intact.
     */
    static final int INTACT = -1;

    private static final long POISON_LONG = 0x5A5A5A5A5A5A5A5AL;

    // One bit a slot: set while the poison a caller's free put in is unchecked.
    private long[] poisoned = new long[1];
    private final Int2ObjectHashMap<Throwable> freeSites = new Int2ObjectHashMap<>();

    /**
     * Fills a slot a caller just freed, before any other thread can have it.
     *
     * @param freeSite where it was freed, or null when not recorded.
     */
    void fill(final SlabRecord slab, final int slot, final int slotSize, final Throwable freeSite)
    {
        final int offset = slab.offsetOf(slot);
        slab.buffer.setMemory(offset + FIRST_BYTE, slotSize - FIRST_BYTE, POISON);
        final int word = slot >>> 6;
        if (word >= poisoned.length)
        {
            poisoned = Arrays.copyOf(poisoned, Math.max(word + 1, 2 * poisoned.length));
        }
        poisoned[word] |= 1L << slot;
        if (null != freeSite)
        {
            freeSites.put(slot, freeSite);
        }
        else
        {
            freeSites.remove(slot);
        }
    }

    /**
     * Checks the poison of a slot being handed out and forgets it; the poison stays in the slot.
     *
     * @return the first byte of the slot that does not hold the poison, or {@link #INTACT}.
     */
    int take(final SlabRecord slab, final int slot, final int slotSize)
    {
        final int word = slot >>> 6;
        if (word >= poisoned.length || 0 == (poisoned[word] & 1L << slot))
        {
            return INTACT;
        }
        poisoned[word] &= ~(1L << slot);

        final AtomicBuffer buffer = slab.buffer;
        final int start = slab.offsetOf(slot);
        int index = FIRST_BYTE;
        while (index + Long.BYTES <= slotSize && POISON_LONG == buffer.getLong(start + index))
        {
            index += Long.BYTES;
        }
        while (index < slotSize)
        {
            if (POISON != buffer.getByte(start + index))
            {
                return index;
            }
            index++;
        }
        return INTACT;
    }

    /**
     * @return where the slot was last freed, or null when not recorded; forgets it.
     */
    Throwable takeFreeSite(final int slot)
    {
        return freeSites.remove(slot);
    }
}
