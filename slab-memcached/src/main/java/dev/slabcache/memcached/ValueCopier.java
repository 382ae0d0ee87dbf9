/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Copies values between Netty buffers and item slots with no garbage: a heap buffer through its array, a direct
 * one through a reused view of its memory, any other (a composite) through a reused chunk. One per store, used
 * under its lock.
 */
final class ValueCopier
{
    private static final int CHUNK = 8192;

    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final byte[] chunk = new byte[CHUNK];

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
            view.wrap(source.memoryAddress() + sourceIndex, length);
            slot.putBytes(slotIndex, view, 0, length);
            view.wrap(0, 0);
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
            view.wrap(out.memoryAddress() + writerIndex, length);
            slot.getBytes(slotIndex, view, 0, length);
            view.wrap(0, 0);
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
