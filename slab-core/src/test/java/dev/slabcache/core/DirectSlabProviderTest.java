/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import java.util.Map;

import dev.slabcache.core.testing.DirectMemory;
import dev.slabcache.core.testing.ForkedJvm;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectSlabProviderTest
{
    private static final int CAPACITY = 100_000;
    private static final int ALIGNMENT = 64;
    private static final int BUFFERS = 3;
    private static final int LIMITED_CAPACITY = 600_000;

    private final SlabProvider provider = SlabProvider.direct();

    @Test
    void shouldGiveMemoryBackToTheDirectPoolAtOnceOnRelease()
    {
        final Map<String, String> values = ForkedJvm.values(ForkedJvm.runWithAgrona(ReleaseProbe.class));

        final long before = ForkedJvm.longValue(values, "before.count");
        final long beforeUsed = ForkedJvm.longValue(values, "before.used");
        assertEquals(before + BUFFERS, ForkedJvm.longValue(values, "allocated.count"), values::toString);
        assertEquals(beforeUsed + (long)BUFFERS * (CAPACITY + ALIGNMENT), ForkedJvm.longValue(values, "allocated.used"),
            values::toString);
        assertEquals(before, ForkedJvm.longValue(values, "released.count"), values::toString);
        assertEquals(beforeUsed, ForkedJvm.longValue(values, "released.used"), values::toString);
    }

    @Test
    void shouldLeaveAReleasedBufferReachingNoMemory()
    {
        final AtomicBuffer buffer = provider.allocate(64, 64);
        buffer.putLong(0, 99L);

        provider.release(buffer);

        assertEquals(0, buffer.capacity());
        assertNull(buffer.byteBuffer());
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getLong(0));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putInt(0, 1));
    }

    @Test
    void shouldRejectAReleaseTwiceChangingNothing()
    {
        final AtomicBuffer buffer = provider.allocate(64, 64);
        provider.release(buffer);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> provider.release(buffer));

        assertTrue(ex.getMessage().contains("released already"), ex.getMessage());
        assertEquals(0, buffer.capacity());
    }

    @Test
    void shouldRejectReleasingMemoryItDidNotMakeChangingNothing()
    {
        final AtomicBuffer heap = SlabProvider.heap().allocate(64, 8);
        final AtomicBuffer slice = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        slice.putLong(8, 42L);

        assertThrows(IllegalArgumentException.class, () -> provider.release(null));
        assertThrows(IllegalArgumentException.class, () -> provider.release(heap));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> provider.release(slice));

        assertTrue(ex.getMessage().contains("slice or duplicate"), ex.getMessage());
        assertEquals(64, heap.capacity());
        assertEquals(256, slice.capacity());
        assertEquals(42L, slice.getLong(8));
    }

    @Test
    void shouldRejectACapacityTooLargeForADirectBuffer()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> provider.allocate(Integer.MAX_VALUE - 10, 64));

        assertTrue(ex.getMessage().contains("capacity=" + (Integer.MAX_VALUE - 10)), ex.getMessage());
    }

    @Test
    void shouldTurnTheDirectMemoryLimitIntoSlabExhaustedAndServeAgainOnceMemoryIsReleased()
    {
        final Map<String, String> values =
            ForkedJvm.values(ForkedJvm.runWithAgrona(LimitProbe.class, "-XX:MaxDirectMemorySize=1m"));

        final String message = values.get("failure.message");
        assertEquals(SlabExhaustedException.class.getName(), values.get("failure"), values::toString);
        assertTrue(message.contains(DirectSlabProvider.DIRECT_MEMORY_LIMIT_OPTION), message);
        assertTrue(message.contains(Integer.toString(LIMITED_CAPACITY)), message);
        assertTrue(message.contains("limit: 1048576"), message);
        assertEquals(OutOfMemoryError.class.getName(), values.get("failure.cause"), values::toString);
        assertEquals(values.get("first.used"), values.get("failed.used"), "a failed allocation holds no memory");
        assertEquals("true", values.get("second.allocated"), values::toString);
    }

    /**
     * Allocates and releases direct buffers in a JVM no other test disturbs, printing the direct pool's figures.
     */
    static final class ReleaseProbe
    {
        public static void main(final String[] args)
        {
            final SlabProvider provider = SlabProvider.direct();
            DirectMemory.print("before");
            final AtomicBuffer[] buffers = new AtomicBuffer[BUFFERS];
            for (int i = 0; i < BUFFERS; i++)
            {
                buffers[i] = provider.allocate(CAPACITY, ALIGNMENT);
            }
            DirectMemory.print("allocated");
            for (final AtomicBuffer buffer : buffers)
            {
                provider.release(buffer);
            }
            DirectMemory.print("released");
        }
    }

    /**
     * Run with {@code -XX:MaxDirectMemorySize=1m}: a second buffer does not fit until the first is released.
     */
    static final class LimitProbe
    {
        public static void main(final String[] args)
        {
            final SlabProvider provider = SlabProvider.direct();
            final AtomicBuffer first = provider.allocate(LIMITED_CAPACITY, ALIGNMENT);
            System.out.println("first.used=" + DirectMemory.used());
            try
            {
                provider.allocate(LIMITED_CAPACITY, ALIGNMENT);
                System.out.println("failure=none");
            }
            catch (final RuntimeException ex)
            {
                System.out.println("failure=" + ex.getClass().getName());
                System.out.println("failure.message=" + ex.getMessage());
                System.out.println("failure.cause=" + (null == ex.getCause() ? null : ex.getCause().getClass().getName()));
            }
            System.out.println("failed.used=" + DirectMemory.used());
            provider.release(first);
            final AtomicBuffer second = provider.allocate(LIMITED_CAPACITY, ALIGNMENT);
            System.out.println("second.allocated=" + (LIMITED_CAPACITY == second.capacity()));
        }
    }
}
