/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvictionTest
{
    private static final String VALUE = "v".repeat(1000);
    private static final String BIG = "b".repeat(30_000);

    @Test
    void shouldEvictTheLeastRecentlyUsedOfTheClass()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(2L << 20, true)))
        {
            final int stored = 3000;
            for (int i = 0; i < stored; i++)
            {
                assertEquals(StoreResult.STORED, items.set("k" + i, VALUE));
            }
            final long evictions = items.stat("evictions");
            assertTrue(evictions > 0);
            assertEquals(stored, items.stat("curr_items") + evictions);
            assertEquals(evictions, items.stat("evicted_unfetched"));
            for (int i = 0; i < stored; i++)
            {
                assertEquals(i >= evictions, null != items.get("k" + i), "key " + i);
            }
        }
    }

    @Test
    void shouldGiveAClassWithNoItemAPageTakenFromAnotherClassWhenMemoryIsFull()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(2L << 20, true)))
        {
            assertEquals(StoreResult.STORED, items.set("small", "s"));
            items.clock.advance(100);
            assertEquals(StoreResult.STORED, items.set("medium", VALUE)); // the two pages are now in use

            assertEquals(StoreResult.STORED, items.set("big", BIG));

            assertEquals(BIG, items.get("big"));
            assertEquals(null, items.get("small"), "the page came from the class with the oldest tail");
            assertEquals(VALUE, items.get("medium"));
            assertEquals(1, items.stat("slabs_moved"));
        }
    }

    @Test
    void shouldNeverTakeThePageOfTheItemBeingReplacedToGiveItsNewClassAPage()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(2L << 20, true)))
        {
            assertEquals(StoreResult.STORED, items.set("old", VALUE));
            items.clock.advance(100);
            assertEquals(StoreResult.STORED, items.set("young", "s")); // the two pages are now in use

            // "old" has the oldest tail, but the store still reads it while it replaces it: "young"'s page moves.
            assertEquals(StoreResult.STORED, items.store(StoreMode.APPEND, "old", BIG));

            assertEquals(VALUE + BIG, items.get("old"));
            assertEquals(null, items.get("young"));
            assertEquals(1, items.stat("slabs_moved"));
        }
    }

    @Test
    void shouldEvictOnlyFromTheClassThatNeedsASlot()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(2L << 20, true)))
        {
            for (int i = 0; i < 100; i++)
            {
                items.set("small" + i, VALUE);
            }
            for (int i = 0; i < 200; i++)
            {
                assertEquals(StoreResult.STORED, items.set("big" + i, BIG));
            }
            assertTrue(items.stat("evictions") > 0);
            for (int i = 0; i < 100; i++)
            {
                assertEquals(VALUE, items.get("small" + i));
            }
            assertEquals(BIG, items.get("big199"));
        }
    }

    @Test
    void shouldSpareAnItemBumpedAfterTheUpdateIntervalInAFlatLru()
    {
        try (StoreDriver items = new StoreDriver(
            StoreDriver.settings(2L << 20, true), LruSettings.defaults().flat(), new FakeClock(StoreDriver.NOW)))
        {
            fillClass(items, "k");
            items.clock.advance(ItemStore.UPDATE_INTERVAL_SECONDS - 1);
            items.get("k1");
            items.clock.advance(1);
            items.get("k0");
            items.set("more0", VALUE);
            items.set("more1", VALUE);
            assertNotNull(items.get("k0"), "bumped after 60 s: moved to the head");
            assertNull(items.get("k1"), "read within 60 s of its last bump: not moved");
            assertNull(items.get("k2"));
            assertEquals(2, items.stat("evictions"));
            assertEquals(1, items.stat("evicted_unfetched"), "k1 was read, k2 not");
        }
    }

    @Test
    void shouldReclaimAnExpiredTailItemInsteadOfEvicting()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(2L << 20, true)))
        {
            items.set("short", VALUE, 5);
            final int count = fillClass(items, "k");
            items.clock.advance(5);
            items.set("new", VALUE);
            assertEquals(0, items.stat("evictions"));
            assertEquals(1, items.stat("reclaimed"));
            assertEquals(1, items.stat("expired_unfetched"));
            assertEquals(count + 1, items.stat("curr_items"));
        }
    }

    @Test
    void shouldAnswerOutOfMemoryWithEvictionsOff()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(2L << 20, false)))
        {
            int stored = 0;
            StoreResult result;
            while (StoreResult.STORED == (result = items.set("k" + stored, VALUE)))
            {
                stored++;
            }
            assertEquals(StoreResult.NO_MEMORY, result);
            assertEquals(0, items.stat("evictions"));
            assertEquals(stored, items.stat("curr_items"));
            assertEquals(StoreResult.NO_MEMORY, items.set("again", VALUE));
            final String out = items.itemStats().get("items:" + classOf(items, "k0") + ":outofmemory");
            assertEquals("2", out);
            assertEquals(VALUE, items.get("k0"));

            assertEquals(StoreResult.NO_MEMORY, items.set("k1", BIG), "another class, no page left");
            assertNull(items.get("k1"), "a failed set leaves no stale value");
            assertEquals(StoreResult.STORED, items.set("k1", VALUE), "the freed slot serves");
        }
    }

    @Test
    void shouldStillReclaimExpiredItemsWithEvictionsOff()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(2L << 20, false)))
        {
            items.set("short", VALUE, 5);
            int stored = 0;
            while (StoreResult.STORED == items.set("k" + stored, VALUE))
            {
                stored++;
            }
            items.clock.advance(5);
            assertEquals(StoreResult.STORED, items.set("new", VALUE));
            assertEquals(1, items.stat("reclaimed"));
        }
    }

    @Test
    void shouldNeverEvictTheItemBeingReplaced()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(2L << 20, true)))
        {
            fillClass(items, "k");
            assertEquals(StoreResult.STORED, items.store(StoreMode.APPEND, "k0", "x".repeat(10)));
            assertEquals(VALUE + "x".repeat(10), items.get("k0"));
        }
    }

    /**
     * Stores items of one class until the first eviction would come; returns how many.
     */
    private static int fillClass(final StoreDriver items, final String prefix)
    {
        int i = 0;
        while (true)
        {
            items.set(prefix + i, VALUE);
            if (0 != items.stat("evictions") || 0 != items.stat("reclaimed"))
            {
                throw new AssertionError("fillClass went too far");
            }
            i++;
            final String used = items.slabStats().get(classOf(items, prefix + "0") + ":used_chunks");
            final String total = items.slabStats().get(classOf(items, prefix + "0") + ":total_chunks");
            if (used.equals(total) && 0 == items.stat("slab_global_page_pool"))
            {
                return i;
            }
        }
    }

    /**
     * @return the number "stats slabs" gives the class of a stored key of a {@link #VALUE}: the smallest active
     * class it fits.
     */
    static int classOf(final StoreDriver items, final String key)
    {
        final int size = (int)ItemLayout.totalLength(true, key.length(), VALUE.length());
        int best = -1;
        int bestSize = Integer.MAX_VALUE;
        for (final java.util.Map.Entry<String, String> e : items.slabStats().entrySet())
        {
            if (e.getKey().endsWith(":chunk_size"))
            {
                final int chunk = Integer.parseInt(e.getValue());
                if (chunk >= size && chunk < bestSize)
                {
                    bestSize = chunk;
                    best = Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf(':')));
                }
            }
        }
        return best;
    }
}
