/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million items leave the Java heap nearly as it was: they live in slots, and the heap holds only the bucket
 * array and the slabs' own bookkeeping. Measured as heap in use after System.gc() before and after; System.gc()
 * is a request, so the figure can carry some garbage, which is why the bound (64 MiB) is far above what the store
 * needs (about 8 MiB of buckets and a few MiB of slab state) and far below what a Java object per item would take
 * (at least 100 bytes each: about 100 MiB).
 */
class HeapFootprintTest
{
    private static final int ITEMS = 1_000_000;

    @Test
    void shouldKeepAMillionItemsOffTheHeap()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final long before = heapAfterGc(memory);
        try (ItemStore store = new ItemStore(
            StoreDriver.settings(256L << 20, true), LruSettings.defaults(), new FakeClock(StoreDriver.NOW), false))
        {
            final ItemView view = new ItemView();
            final byte[] key = new byte[11];
            final ByteBuf value = Unpooled.wrappedBuffer(new byte[100]);
            for (int i = 0; i < ITEMS; i++)
            {
                writeKey(key, i);
                assertEquals(StoreResult.STORED,
                    store.store(StoreMode.SET, key, key.length, 0, 0, 0, false, value, 0, 100, view));
            }
            final long after = heapAfterGc(memory);
            final long growth = after - before;
            final long[] curr = new long[2];
            store.admin().stats((name, v) ->
            {
                if ("curr_items".equals(name))
                {
                    curr[0] = Long.parseLong(v);
                }
                if ("evictions".equals(name))
                {
                    curr[1] = Long.parseLong(v);
                }
            });
            assertEquals(ITEMS, curr[0]);
            assertEquals(0, curr[1]);
            System.out.println("heap growth for " + ITEMS + " items: " + (growth >> 10) + " KiB");
            assertTrue(growth < 64L << 20, "heap grew by " + growth + " bytes");
            writeKey(key, 123_456);
            assertTrue(store.get(key, key.length, ItemStore.NO_TOUCH, view, null));
        }
    }

    private static void writeKey(final byte[] key, final int i)
    {
        key[0] = 'k';
        key[1] = 'e';
        key[2] = 'y';
        key[3] = ':';
        int n = i;
        for (int d = 10; d >= 4; d--)
        {
            key[d] = (byte)('0' + n % 10);
            n /= 10;
        }
    }

    private static long heapAfterGc(final MemoryMXBean memory)
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
