/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Copies values between Netty buffers and item slots with no garbage: a heap buffer through its array, a direct
 * one through its memory address (a reused view, not the NIO buffer Netty duplicates once per pooled buffer it
 * hands out), any other (a composite) through a reused chunk. Not Netty's copy of a direct buffer to or from a
 * byte[], which may duplicate a ByteBuffer per call. One per store, used under its lock.
 */
final class ValueCopier
{
    private static final int CHUNK = 8192;

    private final byte[] chunk = new byte[CHUNK];
    private final UnsafeBuffer direct = new UnsafeBuffer();

    /**
     * Copies {@code length} bytes of {@code source} from {@code sourceIndex} into the slot; moves no index.
     */
    void copyIn(final ByteBuf source, final int sourceIndex, final AtomicBuffer slot, final int slotIndex,
        final int length)
    {
        if (0 == length)
        {
            return;
        }
        if (source.hasArray())
        {
            slot.putBytes(slotIndex, source.array(), source.arrayOffset() + sourceIndex, length);
        }
        else if (source.hasMemoryAddress())
        {
            checkRange(source, sourceIndex, length);
            direct.wrap(source.memoryAddress() + sourceIndex, length);
            slot.putBytes(slotIndex, direct, 0, length);
        }
        else if (1 == source.nioBufferCount())
        {
            final ByteBuffer nio = source.internalNioBuffer(sourceIndex, length);
            slot.putBytes(slotIndex, nio, nio.position(), length);
        }
        else
        {
            for (int done = 0; done < length; done += CHUNK)
            {
                final int n = Math.min(CHUNK, length - done);
                source.getBytes(sourceIndex + done, chunk, 0, n);
                slot.putBytes(slotIndex + done, chunk, 0, n);
            }
        }
    }

    /** A raw copy from an address checks no bounds: this keeps one from reading past the buffer. */
    private static void checkRange(final ByteBuf buffer, final int index, final int length)
    {
        if (index < 0 || length < 0 || index > buffer.capacity() - length)
        {
            throw new IndexOutOfBoundsException("value bytes [" + index + ", " + index + " + " + length +
                ") must lie within the buffer's capacity " + buffer.capacity());
        }
    }

    /**
     * Appends {@code length} bytes of the slot from {@code slotIndex} to {@code out}.
     */
    void copyOut(final AtomicBuffer slot, final int slotIndex, final int length, final ByteBuf out)
    {
        out.ensureWritable(length);
        final int writerIndex = out.writerIndex();
        if (out.hasArray())
        {
            slot.getBytes(slotIndex, out.array(), out.arrayOffset() + writerIndex, length);
        }
        else if (out.hasMemoryAddress())
        {
            direct.wrap(out.memoryAddress() + writerIndex, length);
            slot.getBytes(slotIndex, direct, 0, length);
        }
        else if (1 == out.nioBufferCount())
        {
            final ByteBuffer nio = out.internalNioBuffer(writerIndex, length);
            slot.getBytes(slotIndex, nio, nio.position(), length);
        }
        else
        {
            for (int done = 0; done < length; done += CHUNK)
            {
                final int n = Math.min(CHUNK, length - done);
                slot.getBytes(slotIndex + done, chunk, 0, n);
                out.setBytes(writerIndex + done, chunk, 0, n);
            }
        }
        out.writerIndex(writerIndex + length);
    }
}
