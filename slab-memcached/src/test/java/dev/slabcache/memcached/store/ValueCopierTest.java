/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ValueCopierTest
{
    private static final int SLOT_INDEX = 40;

    private final ValueCopier copier = new ValueCopier();
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[20_000]);

    @Test
    void shouldCopyInAndOutOfAHeapBuffer()
    {
        roundTrip(Unpooled.buffer(20_000), Unpooled.buffer(16));
    }

    @Test
    void shouldCopyInAndOutOfADirectBufferOfTheServersAllocator()
    {
        final ByteBuf source = ByteBufAllocator.DEFAULT.ioBuffer(20_000);
        final ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(16);
        try
        {
            roundTrip(source, out);
        }
        finally
        {
            source.release();
            out.release();
        }
    }

    @Test
    void shouldCopyInAndOutOfACompositeBufferLongerThanTheChunk()
    {
        final CompositeByteBuf source = Unpooled.compositeBuffer();
        source.addComponent(true, Unpooled.buffer(7_000)).addComponent(true, Unpooled.directBuffer(13_000));
        final CompositeByteBuf out = Unpooled.compositeBuffer();
        out.addComponent(true, Unpooled.buffer(5)).addComponent(true, Unpooled.directBuffer(5));
        try
        {
            roundTrip(source.clear(), out);
        }
        finally
        {
            source.release();
            out.release();
        }
    }

    @Test
    void shouldRefuseToCopyInPastTheEndOfADirectBuffer()
    {
        final ByteBuf source = ByteBufAllocator.DEFAULT.ioBuffer(64, 64);
        try
        {
            assertTrue(source.hasMemoryAddress(), "the server's allocator hands out buffers with an address");
            assertThrows(IndexOutOfBoundsException.class, () -> copier.copyIn(source, 60, slot, SLOT_INDEX, 5));
        }
        finally
        {
            source.release();
        }
    }

    @Test
    void shouldCopyADirectBufferOfTheServersAllocatorWithoutGarbage()
    {
        // On JDK 24 and later Netty 4.2 leaves Unsafe alone, and neither way to a direct buffer's bytes is free.
        assumeTrue(ValueCopier.ADDRESS_WITHOUT_GARBAGE, "Netty uses no Unsafe on this JDK");
        final ByteBuf source = ByteBufAllocator.DEFAULT.ioBuffer(1_000);
        final ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(1_000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        try
        {
            source.writeZero(1_000);
            final long thread = Thread.currentThread().getId();
            copyMany(source, out, 1_000);
            final long before = threads.getThreadAllocatedBytes(thread);
            copyMany(source, out, 10_000);
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // Through the internal NIO buffer, Netty 4.2's allocator makes a ByteBuffer slice per call: 24,560 bytes
            // here even after the JIT removed most of them, against under 1,000 (the measuring itself) without.
            assertTrue(allocated < 4_096, "20,000 copies allocated " + allocated + " bytes");
        }
        finally
        {
            source.release();
            out.release();
        }
    }

    private void copyMany(final ByteBuf source, final ByteBuf out, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            copier.copyIn(source, 0, slot, SLOT_INDEX, 1_000);
            copier.copyOut(slot, SLOT_INDEX, 1_000, out.clear());
        }
    }

    /** Fills {@code source} with 20,000 bytes, copies 19,990 of them from index 7 into the slot and back out. */
    private void roundTrip(final ByteBuf source, final ByteBuf out)
    {
        final byte[] bytes = new byte[20_000];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        source.writeBytes(bytes);
        final int length = 19_000;
        copier.copyIn(source, 7, slot, SLOT_INDEX, length);
        assertEquals(0, source.readerIndex(), "copyIn moves no index of its source");

        final byte[] expected = new byte[length];
        System.arraycopy(bytes, 7, expected, 0, length);
        final byte[] inSlot = new byte[length];
        slot.getBytes(SLOT_INDEX, inSlot);
        assertArrayEquals(expected, inSlot);

        out.writeBytes(new byte[] {'x', 'y'});
        copier.copyOut(slot, SLOT_INDEX, length, out);
        assertEquals(2 + length, out.writerIndex(), "copyOut appends after what the buffer held");
        final byte[] appended = new byte[length];
        out.getBytes(2, appended);
        assertArrayEquals(expected, appended);
        assertEquals('x', out.getByte(0));
    }
}
