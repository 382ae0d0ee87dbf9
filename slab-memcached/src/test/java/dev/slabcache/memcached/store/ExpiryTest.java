/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpiryTest
{
    private static final long THIRTY_DAYS = 2_592_000L;
    private static final long NOW = StoreDriver.NOW;

    private final StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true));
    /** A flat LRU, whose lists no maintainer juggles (and reclaims from) before the crawler or a reader comes. */
    private final StoreDriver flat =
        new StoreDriver(StoreDriver.settings(8L << 20, true), LruSettings.defaults().flat(), new FakeClock(NOW));

    @AfterEach
    void close()
    {
        items.close();
        flat.close();
    }

    @Test
    void shouldNeverExpireWithZero()
    {
        items.set("k", "v", 0);
        items.clock.advance(100L * THIRTY_DAYS);
        assertEquals("v", items.get("k"));
        assertEquals(0, items.view.expiresAt);
    }

    @Test
    void shouldExpireANegativeExptimeAtOnce()
    {
        items.set("k", "old");
        assertEquals(StoreResult.STORED, items.set("k", "v", -1));
        assertNull(items.get("k"));
        assertEquals(1, items.stat("get_expired"));
        assertEquals(0, items.stat("curr_items"));
    }

    @Test
    void shouldExpireARelativeExptimeAtItsSecond()
    {
        items.set("k", "v", 10);
        items.clock.advance(9);
        assertEquals("v", items.get("k"));
        assertEquals(StoreDriver.NOW + 10, items.view.expiresAt);
        items.clock.advance(1);
        assertNull(items.get("k"));
    }

    @Test
    void shouldTakeThirtyDaysAsRelativeAndMoreAsAbsolute()
    {
        items.set("rel", "v", THIRTY_DAYS);
        items.get("rel");
        assertEquals(StoreDriver.NOW + THIRTY_DAYS, items.view.expiresAt);
        items.set("abs", "v", StoreDriver.NOW + 50);
        items.get("abs");
        assertEquals(StoreDriver.NOW + 50, items.view.expiresAt);
        items.set("past", "v", THIRTY_DAYS + 1);
        assertNull(items.get("past"), "an absolute time in the past has expired");
        items.clock.advance(50);
        assertNull(items.get("abs"));
        assertEquals("v", items.get("rel"));
    }

    @Test
    void shouldTouchAndGetAndTouch()
    {
        items.set("k", "v", 10);
        assertTrue(items.touch("k", 100));
        items.clock.advance(50);
        assertEquals("v", items.getAndTouch("k", 5));
        assertEquals(items.clock.getAsLong() + 5, items.view.expiresAt);
        items.clock.advance(5);
        assertNull(items.get("k"));
        assertFalse(items.touch("k", 100));
        assertNull(items.getAndTouch("k", 100));
        assertEquals(4, items.stat("cmd_touch"));
        assertEquals(2, items.stat("touch_hits"));
        assertEquals(2, items.stat("touch_misses"));
        assertEquals(items.stat("cmd_get"), items.stat("get_hits") + items.stat("get_misses"));
    }

    @Test
    void shouldFlushEverythingStoredBeforeAFlushAllInTheSameSecond()
    {
        flat.set("a", "1");
        flat.set("b", "2");
        flat.store.flushAll(0);
        flat.set("c", "3");
        assertNull(flat.get("a"));
        assertNull(flat.get("b"));
        assertEquals("3", flat.get("c"));
        assertEquals(2, flat.stat("get_flushed"));
        assertEquals(1, flat.stat("cmd_flush"));
        assertEquals(1, flat.stat("curr_items"));
    }

    /** memcached 1.6.18: "flush_all 10" sets oldest_live to now + 9, and items at or before it go when it comes. */
    @Test
    void shouldFlushWithADelayAtTheSecondMemcachedDoes()
    {
        items.set("a", "1");
        items.store.flushAll(10);
        items.clock.advance(5);
        items.set("b", "2");
        items.clock.advance(3);
        assertEquals("1", items.get("a"));
        items.clock.advance(1);
        assertNull(items.get("a"), "now + 9 is oldest_live: flushed");
        assertNull(items.get("b"), "stored before oldest_live");
        items.set("c", "3");
        assertNull(items.get("c"), "stored in the second of oldest_live itself, as memcached");
        items.clock.advance(1);
        items.set("d", "4");
        assertEquals("4", items.get("d"));
        assertEquals(1, items.stat("cmd_flush"));
    }

    /** memcached 1.6.18 answers END to "set a", "flush_all 1", "get a", "set b", "get b" on one connection. */
    @Test
    void shouldFlushAtOnceWithADelayOfOneSecondAsMemcached()
    {
        items.set("a", "1");
        items.store.flushAll(1);
        assertNull(items.get("a"), "flush_all 1 takes effect at once");
        items.set("b", "2");
        assertNull(items.get("b"), "and flushes what is stored in the rest of the second");
        items.clock.advance(1);
        items.set("c", "3");
        assertEquals("3", items.get("c"));
    }

    @Test
    void shouldLetALaterFlushReplaceAnEarlierOneAsMemcached()
    {
        items.set("a", "1");
        items.store.flushAll(10);
        items.store.flushAll(20);
        items.clock.advance(10);
        assertEquals("1", items.get("a"), "the pending flush was replaced");
        items.clock.advance(9);
        assertNull(items.get("a"));
    }

    /**
     * memcached 1.6.18 answers "VALUE x 0 1" to "set x", "flush_all", "flush_all 100", "get x": a delayed flush
     * replaces oldest_live, and item_is_flushed flushes nothing while oldest_live is in the future.
     */
    @Test
    void shouldServeAnItemNotYetReclaimedWhileALaterDelayedFlushIsPendingAsMemcached()
    {
        items.set("x", "1");
        items.store.flushAll(0);
        items.store.flushAll(100);
        assertEquals("1", items.get("x"));
        items.store.flushAll(0);
        assertNull(items.get("x"));
    }

    @Test
    void shouldReclaimExpiredAndFlushedItemsWithTheCrawler()
    {
        for (int i = 0; i < 1000; i++)
        {
            flat.set("e" + i, "v", 10);
            flat.set("f" + i, "v".repeat(200));
            flat.set("keep" + i, "v");
        }
        flat.clock.advance(10);
        flat.store.flushAll(1);
        flat.clock.advance(1);
        flat.set("new", "v");
        flat.store.maintain();
        assertEquals(1, flat.stat("curr_items"));
        assertEquals(3000, flat.stat("crawler_reclaimed"));
        assertEquals(3000, flat.stat("expired_unfetched"));
        assertTrue(flat.stat("crawler_items_checked") >= 3001);
        assertEquals("v", flat.get("new"));
    }

    @Test
    void shouldCrawlInBoundedBatches()
    {
        for (int i = 0; i < 30_000; i++)
        {
            flat.set("e" + i, "v", 10);
        }
        flat.clock.advance(10);
        flat.store.maintain();
        final long left = flat.stat("curr_items");
        assertEquals(30_000 - Crawler.BATCH_ITEMS * Crawler.BATCHES_PER_TICK, left);
        flat.store.maintain();
        flat.store.maintain();
        assertEquals(0, flat.stat("curr_items"));
    }

    @Test
    void shouldComputeExpiryByTheRules()
    {
        assertEquals(0, ExpiryRules.expiresAt(0, 1000));
        assertEquals(1000, ExpiryRules.expiresAt(-5, 1000));
        assertEquals(1001, ExpiryRules.expiresAt(1, 1000));
        assertEquals(1000 + THIRTY_DAYS, ExpiryRules.expiresAt(THIRTY_DAYS, 1000));
        assertEquals(THIRTY_DAYS + 1, ExpiryRules.expiresAt(THIRTY_DAYS + 1, 1000));
    }
}
