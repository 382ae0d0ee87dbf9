/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index grows in steps: a doubled array, old buckets moved a bounded number at a time, every key found exactly
 * once at every step; and the store moves one step's buckets by each write.
 */
class ItemIndexGrowthTest
{
    private static final int OPERATIONS = 6_000;

    private final SlotsFixture slots = new SlotsFixture();

    @AfterEach
    void close()
    {
        slots.close();
    }

    @Test
    void shouldFindEveryKeyExactlyOnceAtEveryStepOfGrowthAgainstAModel()
    {
        final long seed = Long.getLong("index.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final ItemIndex index = slots.index(2);
        final Map<String, Long> model = new HashMap<>();
        final List<String> keys = new ArrayList<>();
        int grown = 0;
        for (int op = 0; op < OPERATIONS; op++)
        {
            final String where = "seed=" + seed + " (-Dindex.seed) op=" + op;
            final int choice = random.nextInt(10);
            if (choice < 5 || keys.isEmpty())
            {
                final String key = "key" + random.nextInt(4 * OPERATIONS);
                if (!model.containsKey(key))
                {
                    model.put(key, insert(index, key));
                    keys.add(key);
                }
            }
            else if (choice < 7)
            {
                final String key = keys.remove(random.nextInt(keys.size()));
                assertTrue(remove(index, model.remove(key)), where);
            }
            else if (choice < 8)
            {
                final String key = keys.get(random.nextInt(keys.size()));
                final long old = model.get(key);
                final long replacement = slots.item(key, "replacement");
                index.replace(slots.at(old), slots.at(replacement));
                model.put(key, replacement);
            }
            else
            {
                final int before = index.bucketsToMove();
                final int steps = random.nextInt(4);
                index.expandSteps(steps);
                assertTrue(before - index.bucketsToMove() <= steps, where);
                grown += before > 0 && 0 == index.bucketsToMove() ? 1 : 0;
            }
            assertExactlyOnce(index, model, keys, random, where);
        }
        assertTrue(index.hashPower() > 9, "the index grew: 2^" + index.hashPower() + ", seed=" + seed);
        assertEquals(grown, index.expansions(), "seed=" + seed);
    }

    @Test
    void shouldMoveAtMostTheBoundOfBucketsAStepAndFinishWithTheLast()
    {
        final ItemIndex index = slots.index(4);
        final List<Long> handles = new ArrayList<>();
        for (int i = 0; i < 25; i++)
        {
            handles.add(insert(index, "k" + i));
        }
        assertFalse(index.isExpanding(), "an insert only asks for growth");
        assertTrue(index.expandSteps(0), "the next step starts it");
        assertTrue(index.isExpanding(), "25 > 1.5 * 16");
        assertEquals(5, index.hashPower());
        assertEquals(32 * Long.BYTES, index.hashBytes(), "the new array's bytes, as memcached counts them");
        assertEquals(16, index.bucketsToMove());
        assertEquals(0, index.expansions());
        for (int left = 16; left > 0; left -= 3)
        {
            assertEquals(left > 3, index.expandSteps(3));
            assertEquals(Math.max(0, left - 3), index.bucketsToMove());
            for (int i = 0; i < handles.size(); i++)
            {
                assertEquals(handles.get(i), find(index, "k" + i));
            }
        }
        assertFalse(index.isExpanding());
        assertEquals(1, index.expansions());
        assertFalse(index.expandSteps(3), "nothing to move");
    }

    @Test
    void shouldMoveOneStepOfBucketsByEachWriteOfTheStoreAndNoneByAGet()
    {
        final StoreSettings settings = new StoreSettings(8L << 20, 1.25, 48, 1 << 20, true, null, 6);
        try (StoreDriver items = new StoreDriver(settings))
        {
            final int oldBuckets = 1 << 6;
            int i = 0;
            while (0 == items.stat("hash_is_expanding"))
            {
                assertEquals(StoreResult.STORED, items.set("k" + i++, "v"));
            }
            assertEquals(oldBuckets + (oldBuckets >> 1) + 1, i, "started by the set that passed 1.5 items a bucket");
            assertEquals(7, items.stat("hash_power_level"));
            assertEquals(2L * oldBuckets * Long.BYTES, items.stat("hash_bytes"));
            int writes = 1;
            while (0 != items.stat("hash_is_expanding"))
            {
                assertEquals("v", items.get("k0"), "a get moves no bucket");
                switch (writes % 3)
                {
                    case 0 -> items.set("k" + i++, "v");
                    case 1 -> items.delete("k" + (writes % i));
                    default -> items.incr("absent" + writes, 1);
                }
                writes++;
            }
            assertEquals(oldBuckets, writes, "one bucket a write: the starting set's and one each after");
        }
    }

    private void assertExactlyOnce(
        final ItemIndex index, final Map<String, Long> model, final List<String> keys, final SplittableRandom random,
        final String where)
    {
        assertEquals(model.size(), index.count(), where);
        for (final Map.Entry<String, Long> entry : model.entrySet())
        {
            assertEquals(entry.getValue().longValue(), find(index, entry.getKey()), where + " key=" + entry.getKey());
        }
        if (!keys.isEmpty())
        {
            final String key = keys.get(random.nextInt(keys.size()));
            final long handle = model.get(key);
            assertTrue(remove(index, handle), where);
            assertEquals(0, find(index, key), where + ": no second copy of " + key);
            index.insert(slots.at(handle));
        }
    }

    private long insert(final ItemIndex index, final String key)
    {
        final long handle = slots.item(key, "value of " + key);
        index.insert(slots.at(handle));
        return handle;
    }

    private long find(final ItemIndex index, final String key)
    {
        return slots.find(index, key);
    }

    private boolean remove(final ItemIndex index, final long handle)
    {
        return index.remove(slots.at(handle));
    }
}
