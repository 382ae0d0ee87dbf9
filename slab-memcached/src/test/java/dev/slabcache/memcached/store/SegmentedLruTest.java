/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * memcached 1.6's segmented LRU rules, one by one, on a store driven by hand (test clock, maintain() for the
 * maintainer). Every key here is short with a one-byte value, so that all items are of one size, in class 1.
 */
class SegmentedLruTest
{
    private StoreDriver items;

    @AfterEach
    void close()
    {
        if (null != items)
        {
            items.close();
        }
    }

    private StoreDriver store(final LruSettings lru)
    {
        items = new StoreDriver(StoreDriver.settings(2L << 20, true), lru, new FakeClock(StoreDriver.NOW));
        return items;
    }

    private long stat(final String name)
    {
        final String value = items.itemStats().get("items:1:" + name);
        return null == value ? 0 : Long.parseLong(value);
    }

    private void setAll(final String prefix, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            assertEquals(StoreResult.STORED, items.set(prefix + i, "v"));
        }
    }

    @Test
    void shouldPutANewItemOnTheHotList()
    {
        store(LruSettings.defaults());
        items.set("a", "v");
        assertEquals(1, stat("number_hot"));
        assertEquals(0, stat("number_cold"));
        assertEquals("v", items.get("a"));
        assertEquals(1, stat("hits_to_hot"));
    }

    @Test
    void shouldMoveHotItemsOverTheHotShareToTheColdListOnEveryWrite()
    {
        store(LruSettings.defaults());
        setAll("k", 10);
        items.store.maintain();
        // 20 % of ten items' bytes: two stay hot, the newest; nothing else was asked of the store.
        assertEquals(2, stat("number_hot"));
        assertEquals(8, stat("number_cold"));
        assertEquals(8, stat("moves_to_cold"));
        assertEquals(10, stat("number"));
        items.get("k9");
        items.get("k0");
        assertEquals(1, stat("hits_to_hot"));
        assertEquals(1, stat("hits_to_cold"));
    }

    @Test
    void shouldMoveAHotItemIdleLongerThanHotMaxFactorTimesTheColdTailsAgeToTheColdList()
    {
        store(new LruSettings(true, 79, 1, 0.2, 2.0, false, 61));
        items.set("c", "v");
        items.store.maintain();
        assertEquals(1, stat("number_cold"), "one item is over any share of itself");
        items.clock.advance(100);
        items.set("h", "v");
        items.store.maintain();
        assertEquals(1, stat("number_hot"), "within 79 % of the bytes, and not idle");
        items.clock.advance(25);
        items.store.maintain();
        assertEquals(1, stat("number_hot"), "idle 25 s: not above 0.2 times the cold tail's 125 s");
        items.clock.advance(1);
        items.store.maintain();
        assertEquals(0, stat("number_hot"), "idle 26 s: above 0.2 times 126 s");
        assertEquals(2, stat("number_cold"));
        assertEquals(2, stat("moves_to_cold"));
    }

    @Test
    void shouldMoveAColdItemToTheWarmListOnItsSecondRead()
    {
        store(LruSettings.defaults());
        items.set("a", "v");
        items.store.maintain();
        assertEquals(1, stat("number_cold"));
        assertEquals("v", items.get("a"));
        assertEquals(1, stat("number_cold"), "the first read only marks it fetched");
        assertEquals("v", items.get("a"));
        assertEquals(1, stat("number_warm"), "the second makes it active: moved inline");
        assertEquals(0, stat("number_cold"));
        assertEquals(1, stat("moves_to_warm"));
        assertEquals("v", items.get("a"));
        assertEquals(2, stat("hits_to_cold"));
        assertEquals(1, stat("hits_to_warm"));
    }

    @Test
    void shouldMoveAnActiveHotItemToTheWarmListInsteadOfTheColdOne()
    {
        store(LruSettings.defaults());
        setAll("filler", 8);
        items.store.maintain();
        assertEquals(1, stat("number_hot"), "20 % of eight items' bytes");
        items.set("a", "v");
        items.get("a");
        items.get("a");
        assertEquals(2, stat("number_hot"), "a hot item read twice only becomes active");
        items.store.maintain();
        assertEquals(1, stat("number_warm"));
        assertEquals(1, stat("moves_to_warm"));
        assertEquals(8, stat("moves_to_cold"), "the fillers only");
        items.get("a");
        assertEquals(1, stat("hits_to_warm"));
    }

    @Test
    void shouldBumpAnActiveWarmTailWithinTheWarmListAndMoveAnInactiveOneToTheColdList()
    {
        store(new LruSettings(true, 20, 20, 0.2, 2.0, false, 61));
        setAll("k", 10);
        items.store.maintain();
        assertEquals(8, stat("number_cold"));
        readTwice("k0");
        readTwice("k1");
        assertEquals(2, stat("number_warm"), "20 % of ten items' bytes: within the warm share");
        items.get("k0"); // active again, at the warm tail
        readTwice("k2");
        assertEquals(3, stat("moves_to_warm"));
        items.store.maintain();
        assertEquals(1, stat("moves_within_lru"), "k0, the warm tail, was active: rescued to the warm head");
        assertEquals(2, stat("number_warm"), "k1 was not: over the warm share, it went cold");
        final long coldHits = stat("hits_to_cold");
        final long warmHits = stat("hits_to_warm");
        items.get("k1");
        items.get("k0");
        items.get("k2");
        assertEquals(coldHits + 1, stat("hits_to_cold"));
        assertEquals(warmHits + 2, stat("hits_to_warm"));
    }

    private void readTwice(final String key)
    {
        assertNotNull(items.get(key));
        assertNotNull(items.get(key));
    }

    @Test
    void shouldKeepItemsReadTwiceThroughAScanOfNewKeys()
    {
        store(LruSettings.defaults());
        assertTrue(scanKeepsTheWorkingSet(items), "segmented: the working set stays");
        assertTrue(items.stat("direct_reclaims") >= items.stat("evictions"));
        assertTrue(items.stat("moves_to_warm") >= 100);
    }

    @Test
    void shouldLoseItemsReadTwiceToAScanOfNewKeysInAFlatLru()
    {
        store(LruSettings.defaults().flat());
        assertFalse(scanKeepsTheWorkingSet(items), "flat, at full speed: first in, first out");
    }

    /**
     * Fills the memory, stores a working set of 100 items and reads each twice, then stores five times the memory
     * in new keys, read never, all in the same second.
     *
     * @return whether every item of the working set is still there.
     */
    private static boolean scanKeepsTheWorkingSet(final StoreDriver items)
    {
        final String value = "w".repeat(1000);
        for (int i = 0; i < 2000; i++)
        {
            assertEquals(StoreResult.STORED, items.set("fill" + i, value));
        }
        for (int i = 0; i < 100; i++)
        {
            items.set("work" + i, value);
            items.get("work" + i);
            items.get("work" + i);
        }
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals(StoreResult.STORED, items.set("scan" + i, value));
        }
        assertTrue(items.stat("evictions") > 5000);
        for (int i = 0; i < 100; i++)
        {
            if (null == items.get("work" + i))
            {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldEvictTheHotTailThroughTheColdListWhenTheColdListIsEmpty()
    {
        store(LruSettings.defaults());
        final boolean[] all = new boolean[ItemDumps.MAX_CLASS_ID];
        java.util.Arrays.fill(all, true);
        items.store.admin().dump((dumps, now) -> dumps.startMetadump(all)); // holds every move: no juggles
        final String value = "h".repeat(1000);
        int stored = 0;
        while (0 == items.stat("evictions"))
        {
            assertEquals(StoreResult.STORED, items.set("h" + stored++, value));
        }
        final int classId = EvictionTest.classOf(items, "h0");
        assertEquals("0", items.itemStats().get("items:" + classId + ":number_cold"), "evicted through it");
        assertEquals(1, items.stat("moves_to_cold"), "the hot tail went to the cold list, then was evicted");
        assertEquals(2, items.stat("direct_reclaims"), "two pulls: the empty cold list's, then the hot list's");
        assertNull(items.get("h0"), "the oldest");
        assertNotNull(items.get("h1"));
        assertNotNull(items.get("h" + (stored - 1)));
    }

    @Test
    void shouldKeepShortLivedItemsOnTheTemporaryListWithTempLru()
    {
        store(new LruSettings(true, 20, 40, 0.2, 2.0, true, 61));
        items.set("short", "v", 61);
        items.set("long", "v", 62);
        items.set("never", "v");
        assertEquals(1, stat("number_temp"));
        assertEquals(2, stat("number_hot") + stat("number_cold"));
        items.get("short");
        items.get("short");
        items.store.maintain();
        assertEquals(1, stat("number_temp"), "never bumped, never moved");
        assertEquals(2, stat("hits_to_temp"));
        items.clock.advance(61);
        items.store.maintain();
        assertEquals(0, stat("number_temp"));
        assertEquals(1, stat("reclaimed"), "the maintainer reclaims expired temporary items");
        assertNotNull(items.get("long"));
    }

    @Test
    void shouldKeepOneFlatListWithoutTheMaintainerAndReportItAsMemcachedDoes()
    {
        store(LruSettings.defaults().flat());
        setAll("k", 5);
        items.get("k0");
        items.get("k0");
        items.store.maintain();
        final Map<String, String> stats = items.itemStats();
        assertEquals("5", stats.get("items:1:number"));
        assertNull(stats.get("items:1:number_cold"), "memcached shows the lists only with its maintainer");
        assertNull(stats.get("items:1:hits_to_cold"));
        assertNull(stats.get("items:1:moves_to_cold"));
        assertNull(items.stats().get("lru_maintainer_juggles"));
        assertNull(items.stats().get("moves_to_warm"));
    }

    @Test
    void shouldCountTheMaintainersJuggles()
    {
        store(LruSettings.defaults());
        items.store.maintain();
        items.store.maintain();
        assertEquals(2, items.stat("lru_maintainer_juggles"));
    }

    @Test
    void shouldReclaimDeadItemsAtTheListTailsWhenJuggling()
    {
        store(LruSettings.defaults());
        items.set("a", "v", 5);
        items.set("b", "v", 5);
        items.clock.advance(5);
        items.store.maintain();
        assertEquals(2, items.stat("reclaimed"));
        assertEquals(0, items.stat("curr_items"));
        assertEquals(0, items.stat("crawler_reclaimed"), "the juggle came first");
    }
}
