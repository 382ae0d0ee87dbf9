/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.slabcache.core.InvalidHandleException;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random allocations, frees and writes on a {@link SlabCache} over two regions of a buffer and on a
 * {@link SizeClassCache} over a pool of a caller's memory, restarted many times mid-run (close, then reopen over the
 * same memory), each step checked against a reference model of the live slots: their places, ids, versions and
 * bytes, and for size classes their class. Set {@code -Dslabcache.seed=N} to replay a failure; the seed is in its
 * message.
 */
class ReopenModelTest
{
    private static final int OPERATIONS = 20_000;
    private static final int RESTART_ONE_IN = 250;
    private static final int CHECK_INTERVAL = 1000;
    private static final int SLOT_SIZE = 40;
    private static final int SLOTS = 150;

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepWhatTheModelKeepsAcrossRestartsOfASlabCache(final ThreadSafety mode)
    {
        run(new SlabCacheTarget(mode));
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepWhatTheModelKeepsAcrossRestartsOfASizeClassCache(final ThreadSafety mode)
    {
        run(new SizeClassTarget(mode));
    }

    private static void run(final Target target)
    {
        final long seed = Long.getLong("slabcache.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final Model model = new Model();
        int step = 0;
        int restarts = 0;
        try
        {
            target.start();
            for (; step < OPERATIONS; step++)
            {
                final int choice = random.nextInt(100);
                if (0 == random.nextInt(RESTART_ONE_IN))
                {
                    restart(target, model);
                    restarts++;
                }
                else if (choice < 45 || model.isEmpty())
                {
                    allocate(target, model, random.nextInt(TaggedSlots.MIN_SLOT_SIZE, target.largest() + 1));
                }
                else if (choice < 80)
                {
                    final long position = model.pick(random);
                    final long handle = model.handle(position);
                    TaggedSlots.clear(target.buffer(handle), target.offset(handle));
                    target.free(handle);
                    model.remove(position);
                }
                else
                {
                    final long position = model.pick(random);
                    final long[] slot = model.slot(position);
                    slot[1]++;
                    final long handle = model.handle(position);
                    TaggedSlots.write(target.buffer(handle), target.offset(handle), (int)slot[2], slot[0], (int)slot[1]);
                }
                if (0 == step % CHECK_INTERVAL)
                {
                    checkAll(target, model);
                }
            }
            restart(target, model);
            assertTrue(restarts > OPERATIONS / RESTART_ONE_IN / 2, "restarts: " + restarts);
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError(target + " failed at step " + step + " after " + restarts + " restarts; replay " +
                "with -Dslabcache.seed=" + seed + ": " + ex, ex);
        }
        finally
        {
            target.close();
        }
    }

    private static void allocate(final Target target, final Model model, final int size)
    {
        final long handle = target.tryAllocate(size);
        if (SlabCache.NULL_HANDLE == handle)
        {
            target.checkExhausted(model.size());
            return;
        }
        final long position = target.position(handle);
        assertFalse(model.contains(position), "a live slot at " + position + " was handed out");
        final long id = model.nextId();
        final int slotSize = target.slotSize(handle);
        assertTrue(slotSize >= size, "slot of " + slotSize + " bytes for " + size);
        TaggedSlots.write(target.buffer(handle), target.offset(handle), slotSize, id, 0);
        model.add(position, handle, new long[] {id, 0, slotSize});
    }

    private static void restart(final Target target, final Model model)
    {
        final long earlier = model.isEmpty() ? SlabCache.NULL_HANDLE : model.handle(model.anyPosition());
        final Map<Long, Long> handles = new HashMap<>();
        target.restart(new LiveSlots()
        {
            public boolean isLive(final AtomicBuffer buffer, final int offset, final int slotSize)
            {
                return TaggedSlots.LIVE.isLive(buffer, offset, slotSize);
            }

            public void reopened(final long handle, final AtomicBuffer buffer, final int offset)
            {
                final long position = target.position(buffer, offset);
                assertEquals(null, handles.put(position, handle), "slot at " + position + " reopened twice");
            }
        });
        assertEquals(model.positions(), new HashSet<>(handles.keySet()), "live slots after the restart");
        for (final Map.Entry<Long, Long> entry : handles.entrySet())
        {
            model.rehandle(entry.getKey(), entry.getValue());
        }
        if (SlabCache.NULL_HANDLE != earlier)
        {
            assertThrows(InvalidHandleException.class, () -> target.offset(earlier));
        }
        checkAll(target, model);
    }

    private static void checkAll(final Target target, final Model model)
    {
        for (final long position : model.positions())
        {
            final long handle = model.handle(position);
            final long[] slot = model.slot(position);
            assertEquals(position, target.position(handle));
            assertEquals(slot[2], target.slotSize(handle));
            TaggedSlots.assertHolds(target.buffer(handle), target.offset(handle), (int)slot[2], slot[0], (int)slot[1]);
        }
        assertEquals(model.size(), target.slotsInUse());
    }

    /**
     * The live slots by their place in the memory: handle, and id, version and slot size; picked at random in O(1).
     */
    private static final class Model
    {
        private final Map<Long, Long> handles = new HashMap<>();
        private final Map<Long, long[]> slots = new HashMap<>();
        private final Map<Long, Integer> indexes = new HashMap<>();
        private final List<Long> order = new ArrayList<>();
        private long lastId;

        long nextId()
        {
            return ++lastId;
        }

        boolean isEmpty()
        {
            return order.isEmpty();
        }

        int size()
        {
            return order.size();
        }

        boolean contains(final long position)
        {
            return slots.containsKey(position);
        }

        Set<Long> positions()
        {
            return new HashSet<>(order);
        }

        long pick(final SplittableRandom random)
        {
            return order.get(random.nextInt(order.size()));
        }

        long anyPosition()
        {
            return order.get(0);
        }

        long handle(final long position)
        {
            return handles.get(position);
        }

        long[] slot(final long position)
        {
            return slots.get(position);
        }

        void add(final long position, final long handle, final long[] slot)
        {
            handles.put(position, handle);
            slots.put(position, slot);
            indexes.put(position, order.size());
            order.add(position);
        }

        void rehandle(final long position, final long handle)
        {
            handles.put(position, handle);
        }

        void remove(final long position)
        {
            final int index = indexes.remove(position);
            final long last = order.remove(order.size() - 1);
            if (last != position)
            {
                order.set(index, last);
                indexes.put(last, index);
            }
            handles.remove(position);
            slots.remove(position);
        }
    }

    /**
     * A cache under test, and how to restart it over the same memory.
     */
    private abstract static class Target
    {
        abstract void start();

        abstract void restart(LiveSlots liveSlots);

        abstract void close();

        abstract int largest();

        abstract long tryAllocate(int size);

        abstract void free(long handle);

        abstract AtomicBuffer buffer(long handle);

        abstract int offset(long handle);

        abstract int slotSize(long handle);

        abstract long slotsInUse();

        /**
         * @param live slots the model holds when an allocation found none.
         */
        abstract void checkExhausted(int live);

        /**
         * @return where a slot is in the memory, the same in every incarnation of the cache.
         */
        abstract long position(AtomicBuffer buffer, int offset);

        long position(final long handle)
        {
            return position(buffer(handle), offset(handle));
        }
    }

    private static final class SlabCacheTarget extends Target
    {
        private final ThreadSafety mode;
        private final AtomicBuffer memory = new UnsafeBuffer(new byte[SLOTS * SLOT_SIZE]);
        private SlabCache cache;

        SlabCacheTarget(final ThreadSafety mode)
        {
            this.mode = mode;
        }

        private SlabCacheBuilder builder()
        {
            final int half = SLOTS / 2 * SLOT_SIZE;
            return SlabCache.builder().name("model-" + mode).slotSize(SLOT_SIZE).maxSlabs(0).threadSafety(mode)
                .reattach(memory, 0, half).reattach(memory, half, memory.capacity() - half);
        }

        void start()
        {
            cache = builder().reopen(TaggedSlots.LIVE);
        }

        void restart(final LiveSlots liveSlots)
        {
            cache.close();
            cache = builder().reopen(liveSlots);
        }

        void close()
        {
            cache.close();
        }

        int largest()
        {
            return SLOT_SIZE;
        }

        long tryAllocate(final int size)
        {
            return cache.tryAllocate();
        }

        void free(final long handle)
        {
            cache.free(handle);
        }

        AtomicBuffer buffer(final long handle)
        {
            return cache.buffer(handle);
        }

        int offset(final long handle)
        {
            return cache.offset(handle);
        }

        int slotSize(final long handle)
        {
            return cache.slotSize();
        }

        long slotsInUse()
        {
            return cache.stats().slotsInUse();
        }

        void checkExhausted(final int live)
        {
            assertEquals(SLOTS, live, "no slot handed out while the model holds fewer than every slot");
        }

        long position(final AtomicBuffer buffer, final int offset)
        {
            return offset;
        }

        public String toString()
        {
            return "SlabCache " + mode;
        }
    }

    private static final class SizeClassTarget extends Target
    {
        private final ThreadSafety mode;
        private final SizeClassReopenTest.Memory memory = new SizeClassReopenTest.Memory();
        private PagePool pool;
        private SizeClassCache cache;

        SizeClassTarget(final ThreadSafety mode)
        {
            this.mode = mode;
        }

        void start()
        {
            pool = memory.pool();
            cache = memory.builder(mode, pool).build();
        }

        void restart(final LiveSlots liveSlots)
        {
            cache.close();
            pool = memory.pool();
            cache = memory.builder(mode, pool).reopen(liveSlots);
        }

        void close()
        {
            cache.close();
        }

        int largest()
        {
            return 1024;
        }

        long tryAllocate(final int size)
        {
            return cache.tryAllocate(size);
        }

        void free(final long handle)
        {
            cache.free(handle);
        }

        AtomicBuffer buffer(final long handle)
        {
            return cache.buffer(handle);
        }

        int offset(final long handle)
        {
            return cache.offset(handle);
        }

        int slotSize(final long handle)
        {
            return cache.slotSize(handle);
        }

        long slotsInUse()
        {
            return cache.stats().slotsInUse();
        }

        void checkExhausted(final int live)
        {
            assertEquals(0, pool.pagesFree(), "no slot handed out while the pool has free pages");
        }

        long position(final AtomicBuffer buffer, final int offset)
        {
            return buffer.addressOffset() - memory.buffer.addressOffset() + offset;
        }

        public String toString()
        {
            return "SizeClassCache " + mode;
        }
    }
}
