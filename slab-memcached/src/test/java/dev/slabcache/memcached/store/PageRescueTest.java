/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page move rescues the valid items of the page into free slots of their class, keeping each item's value,
 * flags, cas, expiry and place in its LRU; it evicts only what finds no room, and never grows the class for it.
 */
class PageRescueTest
{
    private static final String VALUE = "v".repeat(100);
    private static final int SIZE = ItemLayout.headerLength(true) + 6 + VALUE.length() + 5;

    @Test
    void shouldRescueEveryValidItemOfTheMovedPageWhenItsClassHasRoom()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true)))
        {
            final int perPage = chunksPerPage(items);
            final int count = 3 * perPage;
            for (int i = 0; i < count; i++)
            {
                items.store(StoreMode.SET, key(i), value(i), i, 0 == i % 8 ? 0 : 86_400 + i, 0, false);
            }
            for (int i = 0; i < count; i++)
            {
                if (0 != i % 8 && 4 != i % 8)
                {
                    items.delete(key(i));
                }
                else if (4 == i % 8)
                {
                    items.store(StoreMode.SET, key(i), value(i), i, 10, 0, false);
                }
            }
            final List<ItemView> kept = views(items, count);
            items.clock.advance(20);
            final int sizeClass = SlabMoverTest.classWithChunk(items, SIZE);
            final String lruBefore = cachedump(items, sizeClass);
            final long currItems = items.stat("curr_items");

            assertEquals(ReassignResult.OK, items.store.admin().reassign(sizeClass, sizeClass + 1));

            final long rescued = items.stat("slab_reassign_rescues");
            final long dropped = currItems - items.stat("curr_items");
            assertTrue(rescued > 0, "the moved page held valid items: " + rescued);
            assertTrue(dropped > 0, "the expired items of the moved page are unlinked: " + dropped);
            assertTrue(rescued + dropped <= perPage, "no more than a page: " + rescued + " + " + dropped);
            assertEquals(0, items.stat("slab_reassign_evictions_nomem"));
            assertEquals(1, items.stat("slabs_moved"));
            assertEquals(2, pages(items, sizeClass));
            assertEquals(validLines(lruBefore), validLines(cachedump(items, sizeClass)), "each keeps its LRU place");
            assertSameItems(items, kept, count);
            for (int i = 4; i < count; i += 8)
            {
                assertNull(items.get(key(i)));
            }
        }
    }

    @Test
    void shouldEvictWhatFindsNoFreeSlotWithoutGrowingTheClass()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true)))
        {
            final int perPage = chunksPerPage(items);
            final int onLastPage = 30;
            final int room = 10;
            final int count = 2 * perPage + onLastPage;
            for (int i = 0; i < count; i++)
            {
                items.store(StoreMode.SET, key(i), value(i), i, 0, 0, false);
            }
            for (int i = 0; i < room; i++)
            {
                items.delete(key(i));
            }
            final List<ItemView> kept = views(items, 2 * perPage);
            final int sizeClass = SlabMoverTest.classWithChunk(items, SIZE);
            assertEquals(3, pages(items, sizeClass));
            final long poolBefore = items.stat("slab_global_page_pool");

            assertEquals(ReassignResult.OK, items.store.admin().reassign(sizeClass, sizeClass + 1));

            assertEquals(room, items.stat("slab_reassign_rescues"), "the page holding fewest items moved");
            assertEquals(onLastPage - room, items.stat("slab_reassign_evictions_nomem"));
            assertEquals(count - room - (onLastPage - room), items.stat("curr_items"));
            assertEquals(2, pages(items, sizeClass), "the class took no page from the pool to rescue into");
            assertEquals(poolBefore, items.stat("slab_global_page_pool"));
            assertEquals(0, Long.parseLong(items.slabStats().get(sizeClass + ":free_chunks")));
            assertSameItems(items, kept, 2 * perPage);
            int found = 0;
            for (int i = 2 * perPage; i < count; i++)
            {
                found += null == items.get(key(i)) ? 0 : 1;
            }
            assertEquals(room, found);
        }
    }

    private static String key(final int i)
    {
        return String.format("k%05d", i);
    }

    private static String value(final int i)
    {
        return VALUE + String.format("%05d", i);
    }

    /**
     * @return the view of each of the first {@code count} keys that holds an item, null for the others.
     */
    private static List<ItemView> views(final StoreDriver items, final int count)
    {
        final List<ItemView> views = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final ItemView view = new ItemView();
            final byte[] k = StoreDriver.bytes(key(i));
            views.add(items.store.get(k, k.length, ItemStore.NO_TOUCH, view, null) ? view : null);
        }
        return views;
    }

    private static void assertSameItems(final StoreDriver items, final List<ItemView> kept, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final ItemView before = kept.get(i);
            if (null == before || 0 == before.expiresAt || before.expiresAt > items.clock.getAsLong())
            {
                final String value = items.get(key(i));
                if (null == before)
                {
                    assertNull(value, key(i));
                    continue;
                }
                assertEquals(value(i), value, key(i));
                assertEquals(before.flags, items.view.flags, key(i));
                assertEquals(before.cas, items.view.cas, key(i));
                assertEquals(before.expiresAt, items.view.expiresAt, key(i));
            }
        }
    }

    private static String cachedump(final StoreDriver items, final int sizeClass)
    {
        final ByteBuf out = Unpooled.buffer();
        items.store.admin().dump((dumps, now) -> dumps.cachedump(sizeClass, 0, out));
        return out.toString(StandardCharsets.US_ASCII);
    }

    /**
     * @return the lines of the dump but those of the items given a 10 s expiry, in order.
     */
    private static List<String> validLines(final String dump)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : dump.split("\r\n"))
        {
            if (!line.startsWith("ITEM k") || 4 != Integer.parseInt(line.substring(6, 11)) % 8)
            {
                lines.add(line);
            }
        }
        return lines;
    }

    private static int chunksPerPage(final StoreDriver items)
    {
        items.set(key(0), value(0));
        final int sizeClass = SlabMoverTest.classWithChunk(items, SIZE);
        final int perPage = Integer.parseInt(items.slabStats().get(sizeClass + ":chunks_per_page"));
        items.delete(key(0));
        return perPage;
    }

    private static long pages(final StoreDriver items, final int sizeClass)
    {
        final String pages = items.slabStats().get(sizeClass + ":total_pages");
        return null == pages ? 0 : Long.parseLong(pages);
    }
}
