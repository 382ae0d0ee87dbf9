/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmRestartTest
{
    @TempDir
    Path dir;

    private static <T> T field(final Object owner, final String name, final Class<T> type)
    {
        try
        {
            final Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return type.cast(field.get(owner));
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** @return the line the store's start logged. */
    private static String note(final StoreDriver items)
    {
        return field(items.store, "memory", StoreMemory.class).warmRestart().note();
    }

    /** @return the keys of each LRU list, head (newest) first, with the time of each. */
    private static List<List<String>> lists(final StoreDriver items)
    {
        final ItemTable table = field(items.store, "table", ItemTable.class);
        final Item item = new Item();
        final List<List<String>> lists = new ArrayList<>();
        for (int list = 0; list < table.lru.lists(); list++)
        {
            final List<String> keys = new ArrayList<>();
            long last = Long.MAX_VALUE;
            for (long handle = table.lru.head(list); 0 != handle; handle = item.lruNext())
            {
                item.wrap(table.memory, handle);
                keys.add(new String(item.keyBytes(), StandardCharsets.US_ASCII) + "@" + item.time());
                assertTrue(item.time() <= last, "list " + list + " is newest first by last access: " + keys);
                last = item.time();
            }
            lists.add(keys);
        }
        return lists;
    }

    private StoreSettings settings(final long memory, final double factor, final int minData, final int maxItem,
        final boolean cas)
    {
        return new StoreSettings(memory, factor, minData, maxItem, true, dir.resolve("items.mem"), 16, cas);
    }

    private StoreSettings settings()
    {
        return settings(64L << 20, 1.25, 48, 1 << 20, true);
    }

    private static String value(final Random random, final int i)
    {
        return "v" + i + "-" + "x".repeat(random.nextInt(300));
    }

    @Test
    void shouldServeEveryItemWithItsValueFlagsCasAndExpiryAfterACleanStop()
    {
        final long seed = System.nanoTime();
        final int count = 100_000;
        final long[] cas = new long[count];
        final long[] expiresAt = new long[count];
        final FakeClock clock = new FakeClock(StoreDriver.NOW);
        try (StoreDriver items = new StoreDriver(settings(), clock))
        {
            final Random random = new Random(seed);
            for (int i = 0; i < count; i++)
            {
                assertEquals(StoreResult.STORED,
                    items.store(StoreMode.SET, "key:" + i, value(random, i), i * 7, i % 3 * 1000, 0, false));
                cas[i] = items.view.cas;
            }
            for (int i = 0; i < count; i++)
            {
                assertNotNull(items.get("key:" + i));
                expiresAt[i] = items.view.expiresAt;
            }
        }
        assertTrue(Files.exists(RestartMeta.pathOf(dir.resolve("items.mem"))));
        clock.advance(10);
        try (StoreDriver items = new StoreDriver(settings(), clock))
        {
            assertTrue(note(items).startsWith("warm restart: kept " + count + " items"),
                note(items));
            assertEquals(count, items.stat("curr_items"));
            final Random random = new Random(seed);
            long maxCas = 0;
            for (int i = 0; i < count; i++)
            {
                final String key = "key:" + i;
                assertEquals(value(random, i), items.get(key), key + " (seed " + seed + ")");
                assertEquals(i * 7, items.view.flags, key);
                assertEquals(cas[i], items.view.cas, key);
                assertEquals(expiresAt[i], items.view.expiresAt, key);
                maxCas = Math.max(maxCas, cas[i]);
            }
            assertEquals(StoreResult.STORED, items.store(StoreMode.CAS, "key:5", "new", 1, 0, cas[5], false),
                "a cas with the unique given before the restart");
            assertTrue(items.view.cas > maxCas, "the cas counter goes on past every kept one");
            assertEquals(StoreResult.STORED, items.set("after", "restart"));
            assertEquals("new", items.get("key:5"));
        }
    }

    @Test
    void shouldDropItemsThatExpiredOrWereFlushedWhileStopped()
    {
        final FakeClock clock = new FakeClock(StoreDriver.NOW);
        try (StoreDriver items = new StoreDriver(settings(), clock))
        {
            items.set("short", "gone", 100);
            items.set("long", "kept", 10_000);
            items.set("forever", "kept", 0);
            items.store.flushAll(500);
        }
        clock.advance(200);
        try (StoreDriver items = new StoreDriver(settings(), clock))
        {
            assertNull(items.get("short"), "expired while the server was stopped");
            assertEquals("kept", items.get("long"));
            assertEquals(StoreDriver.NOW + 10_000, items.view.expiresAt);
            assertEquals("kept", items.get("forever"));
            assertTrue(note(items).contains("dropped 1 expired"),
                note(items));
        }
        clock.advance(400);
        try (StoreDriver items = new StoreDriver(settings(), clock))
        {
            assertNull(items.get("long"), "the delayed flush_all is kept across the restart");
            assertNull(items.get("forever"));
        }
    }

    @Test
    void shouldStartEmptyWithOtherSizes()
    {
        final StoreSettings[] others = {
            settings(32L << 20, 1.25, 48, 1 << 20, true),
            settings(64L << 20, 1.5, 48, 1 << 20, true),
            settings(64L << 20, 1.25, 96, 1 << 20, true),
            settings(64L << 20, 1.25, 48, 2 << 20, true),
            settings(64L << 20, 1.25, 48, 1 << 20, false),
        };
        final String[] names = {"-m", "-f", "-n", "-I", "-C"};
        for (int i = 0; i < others.length; i++)
        {
            try (StoreDriver items = new StoreDriver(settings()))
            {
                items.set("k", "v");
            }
            try (StoreDriver items = new StoreDriver(others[i]))
            {
                final String note = note(items);
                assertTrue(note.startsWith("warm restart: starting empty: the settings differ") &&
                    note.contains(" " + names[i] + " "), note);
                assertNull(items.get("k"));
                assertEquals(0, items.stat("curr_items"));
                items.set("k", "other");
            }
            try (StoreDriver items = new StoreDriver(settings()))
            {
                assertNull(items.get("k"), "the file was written with other sizes: " + names[i]);
            }
        }
    }

    @Test
    void shouldStartEmptyWhenTheLastRunDidNotStopCleanly()
    {
        try (StoreDriver items = new StoreDriver(settings()))
        {
            items.set("k", "v");
        }
        final StoreDriver crashed = new StoreDriver(settings());
        assertEquals("v", crashed.get("k"));
        crashed.set("k", "changed since");
        // No close: as a process killed here, the metadata was invalidated when it started and never written again.
        try (StoreDriver items = new StoreDriver(settings()))
        {
            final String note = note(items);
            assertTrue(note.contains("holds no valid header"), note);
            assertNull(items.get("k"));
        }
    }

    @Test
    void shouldStartEmptyWithoutAMetadataFileOrWithATornOne() throws Exception
    {
        try (StoreDriver items = new StoreDriver(settings()))
        {
            assertTrue(note(items).contains("no metadata file"));
            items.set("k", "v");
        }
        final Path meta = RestartMeta.pathOf(dir.resolve("items.mem"));
        final byte[] bytes = Files.readAllBytes(meta);
        bytes[50] ^= 1;
        Files.write(meta, bytes);
        try (StoreDriver items = new StoreDriver(settings()))
        {
            assertTrue(note(items).contains("fails its checksum"),
                note(items));
            assertNull(items.get("k"));
            items.set("k", "v2");
        }
        Files.delete(meta);
        try (StoreDriver items = new StoreDriver(settings()))
        {
            assertTrue(note(items).contains("no metadata file"));
            assertNull(items.get("k"));
            items.set("k", "v3");
        }
        Files.write(meta, Arrays.copyOf(Files.readAllBytes(meta), 100));
        try (StoreDriver items = new StoreDriver(settings()))
        {
            assertTrue(note(items).contains("is truncated to 100 bytes"), note(items));
            assertNull(items.get("k"));
        }
    }

    @Test
    void shouldNeverKeepADeletedReplacedOrEvictedItem()
    {
        final StoreSettings small = settings(4L << 20, 1.25, 48, 1 << 20, true);
        try (StoreDriver items = new StoreDriver(small))
        {
            items.set("deleted", "v");
            items.delete("deleted");
            items.set("replaced", "old");
            items.set("replaced", "new-and-longer-than-the-old-value");
            items.set("inplace", "aaaa");
            items.store(StoreMode.APPEND, "inplace", "b");
            for (int i = 0; i < 20_000; i++)
            {
                items.set("fill" + i, "x".repeat(500));
            }
            assertTrue(items.stat("evictions") > 0);
        }
        try (StoreDriver items = new StoreDriver(small))
        {
            assertNull(items.get("deleted"));
            assertEquals("new-and-longer-than-the-old-value", items.get("replaced"));
            assertEquals("aaaab", items.get("inplace"));
            long kept = 0;
            for (int i = 0; i < 20_000; i++)
            {
                final String value = items.get("fill" + i);
                if (null != value)
                {
                    assertEquals("x".repeat(500), value);
                    kept++;
                }
            }
            assertEquals(kept + 2, items.stat("curr_items"), "every linked item is findable, and no other");
            assertFalse(note(items).contains(" 0 items"));
        }
    }

    @Test
    void shouldPutEachItemBackOnItsLruListNewestAccessFirst()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final FakeClock clock = new FakeClock(StoreDriver.NOW);
        final StoreSettings small = settings(4L << 20, 1.25, 48, 1 << 20, true);
        final List<List<String>> before;
        try (StoreDriver items = new StoreDriver(small, LruSettings.defaults(), clock))
        {
            for (int i = 0; i < 30_000; i++)
            {
                clock.advance(random.nextInt(2));
                if (random.nextInt(3) > 0)
                {
                    items.set("k" + random.nextInt(8_000), "x".repeat(random.nextInt(400)));
                }
                else
                {
                    items.get("k" + random.nextInt(8_000));
                }
                if (0 == i % 1000)
                {
                    items.store.maintain();
                }
            }
            before = lists(items);
        }
        try (StoreDriver items = new StoreDriver(small, LruSettings.defaults(), clock))
        {
            final List<List<String>> after = lists(items);
            for (int list = 0; list < before.size(); list++)
            {
                assertEquals(new HashSet<>(before.get(list)), new HashSet<>(after.get(list)),
                    "list " + list + " holds the same items (seed " + seed + ")");
            }
        }
    }

    @Test
    void shouldKeepWhatAPageMoveRescuedAndNothingItLeftBehind()
    {
        final StoreSettings small = settings(8L << 20, 1.25, 48, 1 << 20, true);
        final Map<String, String> expected = new HashMap<>();
        final long currItems;
        try (StoreDriver items = new StoreDriver(small))
        {
            final StoreMemory memory = field(items.store, "memory", StoreMemory.class);
            final int sizeClass = memory.classFor((int)ItemLayout.totalLength(true, 8, 500));
            final int perPage = (1 << 20) / memory.classes().get(sizeClass).slotSize();
            for (int i = 0; i < 3 * perPage; i++)
            {
                items.set(String.format("a%07d", i), String.format("%07d", i).repeat(500 / 7) + "xxx");
            }
            for (int i = 0; i < 3 * perPage; i++)
            {
                if (0 != i % 4)
                {
                    items.delete(String.format("a%07d", i));
                }
            }
            // memcached's class ids, from 1.
            assertEquals(ReassignResult.OK, items.store.admin().reassign(sizeClass + 1, sizeClass + 2));
            assertTrue(items.stat("slab_reassign_rescues") > 0);
            final int bigger = memory.classes().get(sizeClass + 1).slotSize();
            final int valueLength = bigger - (int)ItemLayout.totalLength(true, 8, 0);
            for (int i = 0; i < 2 * (1 << 20) / bigger; i++)
            {
                items.set(String.format("b%07d", i), "b".repeat(valueLength));
            }
            for (int i = 0; i < 3 * perPage; i++)
            {
                final String key = String.format("a%07d", i);
                final String value = items.get(key);
                if (null != value)
                {
                    expected.put(key, value);
                }
            }
            currItems = items.stat("curr_items");
        }
        try (StoreDriver items = new StoreDriver(small))
        {
            assertEquals(currItems, items.stat("curr_items"), note(items));
            for (int i = 0; i < 3 * 1024 * 1024 / 500; i++)
            {
                final String key = String.format("a%07d", i);
                assertEquals(expected.get(key), items.get(key), key);
            }
        }
    }

    @Test
    void shouldCallLiveOnlyALinkedItemWithAWholeHeaderAndClearTheMarkOfAnyOther()
    {
        final WarmRestart restart = new WarmRestart(settings(), System.err);
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[256]);
        final Item item = new Item().wrapMoving(1, slot, 0);
        final byte[] key = StoreDriver.bytes("key");
        item.writeHeader(true, 3, (int)KeyHash.hash(key, key.length), key, key.length, 7, 100, 0, StoreDriver.NOW);
        assertFalse(restart.isLive(slot, 0, 256), "written but not linked: as an item half written at a stop");
        item.linked(true);
        assertTrue(item.isLinked());
        assertEquals(3, item.sizeClass(), "the mark is not part of the class");
        assertTrue(restart.isLive(slot, 0, 256));
        assertFalse(restart.isLive(slot, 0, 150), "the item is longer than the slot");
        assertFalse(item.isLinked(), "a slot found not live keeps no mark");
        item.linked(true);
        slot.putByte(ItemLayout.KEY_LENGTH, (byte)0);
        assertFalse(restart.isLive(slot, 0, 256), "no key");
        assertFalse(item.isLinked());
        slot.putByte(ItemLayout.KEY_LENGTH, (byte)key.length);
        item.linked(true);
        assertFalse(new WarmRestart(settings(64L << 20, 1.25, 48, 1 << 20, false), System.err).isLive(slot, 0, 256),
            "an item with a cas in a store without");
    }
}
