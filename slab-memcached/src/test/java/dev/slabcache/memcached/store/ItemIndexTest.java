/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemIndexTest
{
    private final SlotsFixture slots = new SlotsFixture();
    private final ItemIndex index = slots.index(2);

    @AfterEach
    void close()
    {
        slots.close();
    }

    @Test
    void shouldFindRemoveAndReplaceWithinOneChain()
    {
        final List<String> keys = keysOfOneBucket(4, 3);
        final long[] handles = new long[keys.size()];
        for (int i = 0; i < handles.length; i++)
        {
            handles[i] = insert(keys.get(i));
        }
        assertEquals(2, index.hashPower(), "3 items in 4 buckets: no growth yet");
        for (int i = 0; i < handles.length; i++)
        {
            assertEquals(handles[i], find(keys.get(i)));
        }
        assertTrue(remove(handles[1]), "the middle of the chain");
        assertEquals(0, find(keys.get(1)));
        assertEquals(handles[0], find(keys.get(0)));
        assertEquals(handles[2], find(keys.get(2)));
        assertFalse(remove(handles[1]), "not in the index any more");

        final long replacement = slots.item(keys.get(0), "new");
        index.replace(slots.at(handles[0]), slots.at(replacement));
        assertEquals(replacement, find(keys.get(0)));
        assertEquals(handles[2], find(keys.get(2)));
        assertTrue(remove(handles[2]), "the head of the chain");
        assertTrue(remove(replacement), "the last one");
        assertEquals(0, index.count());
    }

    @Test
    void shouldMissAKeyOfTheSameBucket()
    {
        final List<String> keys = keysOfOneBucket(4, 2);
        insert(keys.get(0));
        assertEquals(0, find(keys.get(1)));
    }

    @Test
    void shouldDoubleWhenItemsExceedOneAndAHalfTimesTheBuckets()
    {
        final List<Long> handles = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            handles.add(insert("k" + i));
        }
        assertEquals(2, index.hashPower());
        handles.add(insert("k6"));
        assertEquals(2, index.hashPower(), "the insert only asks for growth");
        index.expandSteps(0);
        assertEquals(3, index.hashPower(), "7 > 1.5 * 4: the next step starts the growth");
        for (int i = 7; i < 1000; i++)
        {
            handles.add(insert("k" + i));
            index.expandSteps(ItemIndex.BUCKETS_PER_STEP);
        }
        assertEquals(10, index.hashPower(), "1000 items: 1024 buckets");
        assertEquals(8 * 1024, index.hashBytes());
        while (index.expandSteps(ItemIndex.BUCKETS_PER_STEP))
        {
            assertTrue(index.isExpanding());
        }
        assertEquals(8, index.expansions());
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(handles.get(i), find("k" + i));
        }
        assertEquals(1000, index.count());
    }

    @Test
    void shouldRefuseABadHashPower()
    {
        assertThrows(IllegalArgumentException.class, () -> slots.index(0));
        assertThrows(IllegalArgumentException.class, () -> slots.index(31));
    }

    private List<String> keysOfOneBucket(final int buckets, final int count)
    {
        final List<String> keys = new ArrayList<>();
        final int bucket = SlotsFixture.hash("seed") & (buckets - 1);
        for (int i = 0; keys.size() < count; i++)
        {
            if ((SlotsFixture.hash("key" + i) & (buckets - 1)) == bucket)
            {
                keys.add("key" + i);
            }
        }
        return keys;
    }

    private long insert(final String key)
    {
        final long handle = slots.item(key, "value of " + key);
        index.insert(slots.at(handle));
        return handle;
    }

    private long find(final String key)
    {
        return slots.find(index, key);
    }

    private boolean remove(final long handle)
    {
        return index.remove(slots.at(handle));
    }
}
