/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Copies values between Netty buffers and item slots: a heap buffer through its array, a direct one with a memory
 * address through a view each thread reuses (an Agrona buffer aimed at the address), any other direct one through
 * its internal NIO buffer, any other (a composite) through a chunk each thread reuses. Not Netty's copy of a direct
 * buffer to or from a byte[], which may duplicate a ByteBuffer per call, and not the internal NIO buffer first:
 * Netty 4.2's adaptive allocator makes a new ByteBuffer slice for each call of it. The address is used only where
 * Netty reads it from the buffer ({@link #ADDRESS_WITHOUT_GARBAGE}); where Netty may not use Unsafe (JDK 24 and
 * later) it makes an object per call to find it, and the internal NIO buffer, whose slice the JIT may remove, is
 * the lesser cost. One per store, used by every thread at once.
 */
final class ValueCopier
{
    private static final int CHUNK = 8192;
    /** Whether Netty reads a direct buffer's memory address without making an object: when it may use Unsafe. */
    static final boolean ADDRESS_WITHOUT_GARBAGE = PlatformDependent.hasUnsafe();

    private final ThreadLocal<byte[]> chunks = ThreadLocal.withInitial(() -> new byte[CHUNK]);
    private final ThreadLocal<UnsafeBuffer> views = ThreadLocal.withInitial(() -> new UnsafeBuffer(new byte[0]));

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
        else if (ADDRESS_WITHOUT_GARBAGE && source.hasMemoryAddress())
        {
            slot.putBytes(slotIndex, view(source, sourceIndex, length), 0, length);
        }
        else if (1 == source.nioBufferCount())
        {
            final ByteBuffer nio = source.internalNioBuffer(sourceIndex, length);
            slot.putBytes(slotIndex, nio, nio.position(), length);
        }
        else
        {
            final byte[] chunk = chunks.get();
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
        else if (ADDRESS_WITHOUT_GARBAGE && out.hasMemoryAddress())
        {
            slot.getBytes(slotIndex, view(out, writerIndex, length), 0, length);
        }
        else if (1 == out.nioBufferCount())
        {
            final ByteBuffer nio = out.internalNioBuffer(writerIndex, length);
            slot.getBytes(slotIndex, nio, nio.position(), length);
        }
        else
        {
            final byte[] chunk = chunks.get();
            for (int done = 0; done < length; done += CHUNK)
            {
                final int n = Math.min(CHUNK, length - done);
                slot.getBytes(slotIndex + done, chunk, 0, n);
                out.setBytes(writerIndex + done, chunk, 0, n);
            }
        }
        out.writerIndex(writerIndex + length);
    }

    /**
     * Aims this thread's view at {@code length} bytes of {@code buffer} from {@code index}.
     *
     * @throws IndexOutOfBoundsException when they are not all within the buffer's capacity, as Netty's own copy would.
     */
    private UnsafeBuffer view(final ByteBuf buffer, final int index, final int length)
    {
        if (index < 0 || index > buffer.capacity() - length)
        {
            throw new IndexOutOfBoundsException(
                "index=" + index + " length=" + length + " must lie within capacity=" + buffer.capacity());
        }
        final UnsafeBuffer view = views.get();
        view.wrap(buffer.memoryAddress() + index, length);
        return view;
    }
}
