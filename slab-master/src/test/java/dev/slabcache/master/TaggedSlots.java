/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import org.agrona.concurrent.AtomicBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Slots as the reopen tests fill them: a nonzero id at byte 8 marks a slot live (a freed slot's first 4 bytes hold
 * the free list, so the mark sits past them), a version at byte 16, then a pattern of both up to byte 64. A slot
 * is cleared before it is freed, so that a reopen sees it free.
 */
final class TaggedSlots
{
    static final int MIN_SLOT_SIZE = 20;
    static final LiveSlots LIVE = (buffer, offset, slotSize) -> 0 != buffer.getLong(offset + 8);

    private static final int ID = 8;
    private static final int VERSION = 16;
    private static final int PATTERN = 20;
    private static final int END = 64;

    private TaggedSlots()
    {
    }

    static void write(final AtomicBuffer buffer, final int offset, final int slotSize, final long id, final int version)
    {
        buffer.putLong(offset + ID, id);
        buffer.putInt(offset + VERSION, version);
        for (int i = PATTERN; i < Math.min(slotSize, END); i++)
        {
            buffer.putByte(offset + i, pattern(id, version, i));
        }
    }

    static void clear(final AtomicBuffer buffer, final int offset)
    {
        buffer.putLong(offset + ID, 0);
    }

    static long idAt(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + ID);
    }

    static void assertHolds(
        final AtomicBuffer buffer, final int offset, final int slotSize, final long id, final int version)
    {
        assertEquals(id, buffer.getLong(offset + ID), "id of the slot at " + offset);
        assertEquals(version, buffer.getInt(offset + VERSION), "version of slot " + id);
        for (int i = PATTERN; i < Math.min(slotSize, END); i++)
        {
            assertEquals(pattern(id, version, i), buffer.getByte(offset + i), "byte " + i + " of slot " + id);
        }
    }

    private static byte pattern(final long id, final int version, final int index)
    {
        return (byte)(id * 31 + version * 7 + index);
    }
}
