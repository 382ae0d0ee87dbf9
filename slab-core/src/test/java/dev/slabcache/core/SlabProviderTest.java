/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlabProviderTest
{
    @Test
    void shouldAllocateAlignedDirectBuffersOfTheExactCapacity()
    {
        final SlabProvider provider = SlabProvider.direct();
        for (final int alignment : new int[]{8, 64, 4096})
        {
            final AtomicBuffer buffer = provider.allocate(10_000, alignment);

            assertEquals(10_000, buffer.capacity());
            assertNotNull(buffer.byteBuffer());
            assertTrue(buffer.byteBuffer().isDirect());
            assertEquals(0, buffer.addressOffset() % alignment, "alignment " + alignment);
            buffer.putLong(9_992, 7L);
            provider.release(buffer);
        }
    }

    @Test
    void shouldAllocateHeapBuffersAlignedToTheArrayBase()
    {
        final SlabProvider provider = SlabProvider.heap();
        for (final int alignment : new int[]{4, 8, 64})
        {
            final AtomicBuffer buffer = provider.allocate(1000, alignment);

            assertEquals(1000, buffer.capacity());
            assertNotNull(buffer.byteArray());
            assertNull(buffer.byteBuffer());
            assertEquals(0, buffer.addressOffset() % alignment, "alignment " + alignment);
            final SlotSegment segment = new SlotSegment(buffer, 0, 1000, 64, Math.max(4, alignment));
            assertEquals(0, segment.firstSlotOffset(), "no padding needed");
        }
    }

    @Test
    void shouldRejectBadCapacityAndAlignment()
    {
        for (final SlabProvider provider : new SlabProvider[]{SlabProvider.direct(), SlabProvider.heap()})
        {
            final IllegalArgumentException capacity =
                assertThrows(IllegalArgumentException.class, () -> provider.allocate(0, 8));
            assertTrue(capacity.getMessage().contains("capacity=0"), capacity.getMessage());
            final IllegalArgumentException alignment =
                assertThrows(IllegalArgumentException.class, () -> provider.allocate(64, 3));
            assertTrue(alignment.getMessage().contains("alignment=3"), alignment.getMessage());
        }
    }
}
