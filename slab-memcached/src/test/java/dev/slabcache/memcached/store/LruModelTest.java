/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random sets, gets, deletes and touches, with time passing, expiries and evictions, against a HashMap
 * model, checking the LRU's invariants as they go: every linked item on exactly one list, the one of its class and
 * of the segment its header names, in the index, with the lists' links, sizes and bytes right; "stats items" adding
 * up; every hit agreeing with the model, and keys lost never more than the evictions and the items page moves took.
 * The seed is printed on failure; pass -Dlru.seed=N to replay one.
 */
class LruModelTest
{
    private static final int OPERATIONS = 40_000;
    private static final int KEYS = 16_000;
    private static final int CHECK_EVERY = 2000;

    @Test
    void shouldKeepTheSegmentedLruWhole()
    {
        run(LruSettings.defaults());
    }

    @Test
    void shouldKeepTheSegmentedLruWithATemporaryListWhole()
    {
        run(new LruSettings(true, 20, 40, 0.2, 2.0, true, 61));
    }

    @Test
    void shouldKeepTheFlatLruWhole()
    {
        run(LruSettings.defaults().flat());
    }

    private static void run(final LruSettings lru)
    {
        final long seed = Long.getLong("lru.seed", System.nanoTime());
        try (StoreDriver items = new StoreDriver(
            StoreDriver.settings(8L << 20, true), lru, new FakeClock(StoreDriver.NOW)))
        {
            new Run(items, new Random(seed), lru).run();
        }
        catch (final AssertionError | RuntimeException | ReflectiveOperationException ex)
        {
            throw new AssertionError("LruModelTest failed with -Dlru.seed=" + seed + ": " + ex.getMessage(), ex);
        }
    }

    private record Entry(String value, long expiresAt)
    {
    }

    private static final class Run
    {
        private final StoreDriver items;
        private final Random random;
        private final LruSettings lru;
        private final Map<String, Entry> model = new HashMap<>();
        private final ItemTable table;
        private long lost;

        Run(final StoreDriver items, final Random random, final LruSettings lru) throws ReflectiveOperationException
        {
            this.items = items;
            this.random = random;
            this.lru = lru;
            final Field field = ItemStore.class.getDeclaredField("table");
            field.setAccessible(true);
            this.table = (ItemTable)field.get(items.store);
        }

        void run()
        {
            for (int i = 1; i <= OPERATIONS; i++)
            {
                step();
                if (0 == i % CHECK_EVERY)
                {
                    checkLists();
                    checkStats();
                }
            }
            assertTrue(items.stat("evictions") > 0, "the run should have evicted");
        }

        private void step()
        {
            final String key = "k" + random.nextInt(KEYS);
            final int op = random.nextInt(100);
            final long now = items.clock.getAsLong();
            if (op < 45)
            {
                // Two bands of sizes, a few classes: each has pages enough to evict from.
                final String value =
                    "v".repeat(random.nextBoolean() ? 1 + random.nextInt(100) : 800 + random.nextInt(400));
                final long ttl = random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(120);
                assertEquals(StoreResult.STORED, items.set(key, value, ttl));
                model.put(key, new Entry(value, 0 == ttl ? 0 : now + ttl));
            }
            else if (op < 90)
            {
                final String found = items.get(key);
                final Entry entry = live(key, now);
                if (null != found)
                {
                    assertTrue(null != entry && entry.value.equals(found), "a hit agrees with the model: " + key);
                }
                else if (null != entry)
                {
                    model.remove(key);
                    lost++;
                    assertTrue(lost <= items.stat("evictions") + items.stat("slab_reassign_evictions_nomem"),
                        "a key is lost only to an eviction or a page move: " + key);
                }
            }
            else if (op < 95)
            {
                items.delete(key);
                model.remove(key);
            }
            else if (op < 97)
            {
                final long ttl = 1 + random.nextInt(120);
                if (items.touch(key, ttl) && null != live(key, now))
                {
                    model.put(key, new Entry(model.get(key).value, now + ttl));
                }
            }
            else if (op < 99)
            {
                items.clock.advance(random.nextInt(3));
            }
            else
            {
                items.store.maintain();
            }
        }

        private Entry live(final String key, final long now)
        {
            final Entry entry = model.get(key);
            if (null != entry && 0 != entry.expiresAt && entry.expiresAt <= now)
            {
                model.remove(key);
                return null;
            }
            return entry;
        }

        private void checkLists()
        {
            final ItemLru lists = table.lru;
            final Item item = new Item();
            final Item found = new Item();
            final Set<Long> seen = new HashSet<>();
            for (int list = 0; list < lists.lists(); list++)
            {
                long count = 0;
                long bytes = 0;
                long newer = 0;
                for (long handle = lists.head(list); 0 != handle; )
                {
                    item.wrap(table.memory, handle);
                    assertTrue(seen.add(handle), "an item on two lists, or twice on one: " + handle);
                    assertEquals(list % ItemLru.SEGMENTS, item.segment(), "its segment");
                    assertEquals(list / ItemLru.SEGMENTS, item.sizeClass(), "its class");
                    assertEquals(newer, item.lruPrev(), "the link towards the head");
                    final byte[] key = item.keyBytes();
                    assertTrue(table.index.find(key, key.length, (int)KeyHash.hash(key, key.length), found),
                        "a listed item is in the index");
                    assertEquals(handle, found.handle(), "a listed item is the index's");
                    count++;
                    bytes += item.itemLength();
                    newer = handle;
                    handle = item.lruNext();
                }
                assertEquals(newer, lists.tail(list), "the tail");
                assertEquals(count, lists.size(list), "the list's size");
                assertEquals(bytes, lists.bytes(list), "the list's bytes");
                final int segment = list % ItemLru.SEGMENTS;
                if (ItemLru.TEMP == segment && !lru.tempLru())
                {
                    assertEquals(0, count, "no temporary list without temp_lru");
                }
                if (ItemLru.COLD != segment && !lru.maintainer())
                {
                    assertEquals(0, count, "a flat LRU has its cold lists only");
                }
            }
            assertEquals(table.count(), seen.size(), "every indexed item is on a list");
        }

        private void checkStats()
        {
            final Map<String, String> stats = items.itemStats();
            long number = 0;
            long hits = 0;
            for (final Map.Entry<String, String> stat : stats.entrySet())
            {
                if (stat.getKey().endsWith(":number"))
                {
                    final String prefix = stat.getKey().substring(0, stat.getKey().length() - "number".length());
                    final long n = Long.parseLong(stat.getValue());
                    number += n;
                    if (lru.maintainer())
                    {
                        assertEquals(n, value(stats, prefix + "number_hot") + value(stats, prefix + "number_warm") +
                            value(stats, prefix + "number_cold") + value(stats, prefix + "number_temp"), prefix);
                        hits += value(stats, prefix + "hits_to_hot") + value(stats, prefix + "hits_to_warm") +
                            value(stats, prefix + "hits_to_cold") + value(stats, prefix + "hits_to_temp");
                    }
                }
            }
            assertEquals(items.stat("curr_items"), number, "the classes' items are curr_items");
            if (lru.maintainer())
            {
                // Hits of classes emptied since are not shown: at most get_hits.
                assertTrue(hits <= items.stat("get_hits"), "hits_to_* add up to at most get_hits");
            }
        }

        private static long value(final Map<String, String> stats, final String name)
        {
            final String value = stats.get(name);
            return null == value ? 0 : Long.parseLong(value);
        }
    }
}
