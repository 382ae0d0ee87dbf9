/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class StatsTest
{
    private final StoreDriver items = new StoreDriver(StoreDriver.settings(16L << 20, true));

    @AfterEach
    void close()
    {
        items.close();
    }

    @Test
    void shouldAddUp()
    {
        long bytes = 0;
        for (int i = 0; i < 1000; i++)
        {
            final String key = "key" + i;
            final String value = "v".repeat(i % 300);
            items.set(key, value, i % 3 == 0 ? 10 : 0);
            bytes += ItemLayout.totalLength(true, key.length(), value.length());
        }
        assertEquals(bytes, items.stat("bytes"));
        for (int i = 0; i < 1000; i += 2)
        {
            items.get("key" + i);
            items.get("nokey" + i);
        }
        items.delete("key1");
        items.delete("key1");
        items.clock.advance(10);
        for (int i = 0; i < 1000; i += 5)
        {
            items.get("key" + i);
        }

        // curr_items counts the items in the index, as memcached's: expired ones until they are reclaimed.
        assertEquals(999 - 67, items.stat("curr_items"), "less the 67 expired ones the reads of every fifth key met");
        int live = 0;
        for (int i = 0; i < 1000; i++)
        {
            live += null == items.get("key" + i) ? 0 : 1;
        }
        assertEquals(1000 - 334 - 1, live);
        final Map<String, String> stats = items.stats();
        assertEquals(live, Long.parseLong(stats.get("curr_items")), "the reads reclaimed the expired ones");
        assertEquals(Long.parseLong(stats.get("cmd_get")),
            Long.parseLong(stats.get("get_hits")) + Long.parseLong(stats.get("get_misses")));
        assertEquals(1000, Long.parseLong(stats.get("cmd_set")));
        assertEquals(1000, Long.parseLong(stats.get("total_items")));
        assertEquals(1, Long.parseLong(stats.get("delete_hits")));
        assertEquals(1, Long.parseLong(stats.get("delete_misses")));

        long number = 0;
        for (final Map.Entry<String, String> e : items.itemStats().entrySet())
        {
            if (e.getKey().endsWith(":number"))
            {
                number += Long.parseLong(e.getValue());
            }
        }
        long used = 0;
        long getHits = 0;
        long pages = 0;
        final Map<String, String> slabs = items.slabStats();
        for (final Map.Entry<String, String> e : slabs.entrySet())
        {
            if (e.getKey().endsWith(":used_chunks"))
            {
                used += Long.parseLong(e.getValue());
            }
            if (e.getKey().endsWith(":total_pages"))
            {
                pages += Long.parseLong(e.getValue());
            }
            if (e.getKey().endsWith(":get_hits"))
            {
                getHits += Long.parseLong(e.getValue());
            }
        }
        final long currNow = items.stat("curr_items");
        assertEquals(currNow, number);
        assertEquals(currNow, used);
        assertEquals(items.stat("get_hits"), getHits);
        assertNotNull(slabs.get("active_slabs"));
        assertEquals(pages << 20, Long.parseLong(slabs.get("total_malloced")));
        assertEquals((16 - pages), items.stat("slab_global_page_pool"));
    }

    @Test
    void shouldGrowTheHashTableAndReportIt()
    {
        assertEquals(16, items.stat("hash_power_level"));
        assertEquals(8L << 16, items.stat("hash_bytes"));
        for (int i = 0; i <= 3 * (1 << 15); i++)
        {
            items.set("k" + i, "v");
        }
        assertEquals(17, items.stat("hash_power_level"));
        assertEquals(8L << 17, items.stat("hash_bytes"));
        for (int i = 0; i <= 3 * (1 << 15); i++)
        {
            assertEquals("v", items.get("k" + i));
        }
    }

    @Test
    void shouldReportSettings()
    {
        final Map<String, String> settings = new java.util.HashMap<>();
        items.store.admin().statsSettings(settings::put);
        assertEquals(String.valueOf(16L << 20), settings.get("maxbytes"));
        assertEquals("1.25", settings.get("growth_factor"));
        assertEquals("48", settings.get("chunk_size"));
        assertEquals(String.valueOf(1 << 20), settings.get("item_size_max"));
        assertEquals("on", settings.get("evictions"));
        assertEquals("1", settings.get("slab_automove"));
    }
}
