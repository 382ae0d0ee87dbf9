/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlabMoverTest
{
    private static final String SMALL = "s".repeat(100);
    private static final String BIG = "b".repeat(100_000);
    private static final int SMALL_ITEMS = 30_000;

    @Test
    void shouldGiveAPageOfAnOldClassToAnEvictingOne()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true)))
        {
            for (int i = 0; i < SMALL_ITEMS; i++)
            {
                items.set(String.format("s%05d", i), SMALL);
            }
            items.clock.advance(1000);
            final int smallClass = classWithChunk(items, (int)ItemLayout.totalLength(true, 6, SMALL.length()));
            final long smallPages = pages(items, smallClass);
            assertTrue(smallPages > 2, "the old class holds more than 2 pages: " + smallPages);

            int ticks = 0;
            int big = 0;
            while (0 == items.stat("slabs_moved"))
            {
                assertTrue(++ticks <= SlabMover.WINDOW + 1, "a page moves once the window has filled");
                for (int i = 0; i < 5; i++)
                {
                    assertEquals(StoreResult.STORED, items.set("b" + big++, BIG));
                }
                items.clock.advance(1);
                items.store.maintain();
            }
            assertEquals(SlabMover.WINDOW + 1, ticks);
            final int bigClass = classWithChunk(items, (int)ItemLayout.totalLength(true, 7, BIG.length()));
            assertEquals(smallPages - 1, pages(items, smallClass));
            assertEquals(1, items.stat("slabs_moved"));

            final long movedOut = items.stat("slab_reassign_evictions_nomem");
            assertTrue(movedOut > 0);
            int smallLeft = 0;
            for (int i = 0; i < SMALL_ITEMS; i++)
            {
                smallLeft += null == items.get(String.format("s%05d", i)) ? 0 : 1;
            }
            assertEquals(SMALL_ITEMS - movedOut, smallLeft, "the items moved out are gone from the index");
            final long bigLeft = items.stat("curr_items") - smallLeft;
            assertEquals(bigLeft, Long.parseLong(items.itemStats().get("items:" + bigClass + ":number")));
            assertEquals(smallLeft, Long.parseLong(items.itemStats().get("items:" + smallClass + ":number")));

            final long bigPages = pages(items, bigClass);
            final long evictionsBefore = items.stat("evictions");
            for (int i = 0; i < (int)(bigPages * 10); i++)
            {
                items.set("more" + i, BIG);
            }
            assertTrue(items.stat("evictions") > evictionsBefore);
            assertEquals(bigPages, pages(items, bigClass), "the class grew into the moved page");
            assertTrue(bigPages >= 3, "2 pages of its own and the moved one: " + bigPages);
        }
    }

    @Test
    void shouldMoveAPageOfFreeSlotsToAnEvictingClass()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true)))
        {
            for (int i = 0; i < SMALL_ITEMS; i++)
            {
                items.set(String.format("s%05d", i), SMALL);
            }
            for (int i = 0; i < SMALL_ITEMS; i += 4)
            {
                for (int j = 1; j < 4; j++)
                {
                    items.delete(String.format("s%05d", i + j));
                }
            }
            final int smallClass = classWithChunk(items, (int)ItemLayout.totalLength(true, 6, SMALL.length()));
            final long smallPages = pages(items, smallClass);
            int ticks = 0;
            int big = 0;
            while (0 == items.stat("slabs_moved"))
            {
                assertTrue(++ticks <= SlabMover.WINDOW + 1, "a page moves once the window has filled");
                items.set("b" + big++, BIG);
                items.store.maintain();
            }
            assertEquals(smallPages - 1, pages(items, smallClass));
            int smallLeft = 0;
            for (int i = 0; i < SMALL_ITEMS; i++)
            {
                smallLeft += null == items.get(String.format("s%05d", i)) ? 0 : 1;
            }
            assertEquals(SMALL_ITEMS / 4 - items.stat("slab_reassign_evictions_nomem"), smallLeft);
        }
    }

    @Test
    void shouldNotMoveWhenNoClassEvicts()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true)))
        {
            for (int i = 0; i < SMALL_ITEMS; i++)
            {
                items.set(String.format("s%05d", i), SMALL);
            }
            for (int tick = 0; tick < 3 * SlabMover.WINDOW; tick++)
            {
                items.set("b" + (tick % 3), BIG);
                items.clock.advance(1);
                items.store.maintain();
            }
            assertEquals(0, items.stat("evictions"));
            assertEquals(0, items.stat("slabs_moved"));
            assertEquals(SMALL_ITEMS + 3, items.stat("curr_items"));
        }
    }

    static int classWithChunk(final StoreDriver items, final int size)
    {
        int best = -1;
        int bestSize = Integer.MAX_VALUE;
        for (final Map.Entry<String, String> e : items.slabStats().entrySet())
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

    private static long pages(final StoreDriver items, final int sizeClass)
    {
        final String pages = items.slabStats().get(sizeClass + ":total_pages");
        return null == pages ? 0 : Long.parseLong(pages);
    }
}
