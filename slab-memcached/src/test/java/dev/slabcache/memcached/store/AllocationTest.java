/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.lang.management.ManagementFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * get, store, arith, touch and delete make no garbage in steady state: the bytes the thread allocates over
 * 200,000 commands stay under 64 KiB (a fraction of a byte a command, room for the measuring itself).
 */
class AllocationTest
{
    @Test
    void shouldMakeNoGarbagePerCommand()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (ItemStore store = new ItemStore(
            StoreDriver.settings(16L << 20, true), LruSettings.defaults(), new FakeClock(StoreDriver.NOW), false))
        {
            final ItemView view = new ItemView();
            final byte[][] keys = new byte[1000][];
            for (int i = 0; i < keys.length; i++)
            {
                keys[i] = StoreDriver.bytes("key:" + i);
            }
            final byte[] counter = StoreDriver.bytes("counter");
            final ByteBuf heapValue = Unpooled.wrappedBuffer(new byte[500]);
            final ByteBuf directValue = Unpooled.directBuffer(500).writeZero(500);
            final ByteBuf heapOut = Unpooled.buffer(1024);
            final ByteBuf directOut = Unpooled.directBuffer(1024);
            store.store(StoreMode.SET, counter, counter.length, 0, 0, 0, false,
                Unpooled.wrappedBuffer(StoreDriver.bytes("1")), 0, 1, view);
            run(store, view, keys, counter, heapValue, directValue, heapOut, directOut, 20_000);
            final long before = threads.getCurrentThreadAllocatedBytes();
            run(store, view, keys, counter, heapValue, directValue, heapOut, directOut, 20_000);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 64 * 1024, "200,000 commands allocated " + allocated + " bytes");
            directValue.release();
            directOut.release();
        }
    }

    private static void run(
        final ItemStore store, final ItemView view, final byte[][] keys, final byte[] counter, final ByteBuf heapValue,
        final ByteBuf directValue, final ByteBuf heapOut, final ByteBuf directOut, final int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            final byte[] key = keys[i % keys.length];
            final ByteBuf value = 0 == (i & 1) ? heapValue : directValue;
            store.store(StoreMode.SET, key, key.length, i, 0, 0, false, value, 0, 10 + i % 400, view);
            heapOut.clear();
            store.get(key, key.length, ItemStore.NO_TOUCH, view, heapOut);
            directOut.clear();
            store.get(key, key.length, 100, view, directOut);
            store.store(StoreMode.APPEND, key, key.length, 0, 0, 0, false, value, 0, 5, view);
            store.arith(counter, counter.length, 0 == (i & 2), 3, 0, ItemStore.NO_VIVIFY, 0, ItemStore.NO_TOUCH,
                view);
            store.touch(key, key.length, 0);
            final byte[] other = keys[(i + 500) % keys.length];
            store.get(other, other.length, ItemStore.NO_TOUCH, view, null);
            if (0 == i % 3)
            {
                store.delete(key, key.length, 0, false, ItemStore.NO_TOUCH);
            }
            store.get(keys[(i + 1) % keys.length], keys[(i + 1) % keys.length].length, ItemStore.NO_TOUCH, view,
                null);
        }
    }
}
