/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two million commands from several threads on a server whose memory is far too small for them, so that items are
 * evicted and pages move between size classes all along; every reply is checked, and at the end the server's
 * statistics must add up to what the clients saw. The seed is printed; {@code -Dsoak.seed=N} runs another.
 */
@Tag("soak")
class SoakTest
{
    private static final int THREADS = 4;
    private static final int OPERATIONS = 2_000_000;
    private static final int KEYS_PER_THREAD = 25_000;
    private static final int COUNTERS_PER_THREAD = 500;
    private static final int MEMORY_MIB = 16;

    @Test
    void shouldStayCorrectAndCountRightThroughEvictionsAndPageMoves() throws Exception
    {
        final long seed = Long.getLong("soak.seed", 0x51abcac4eL);
        System.out.println("SoakTest seed " + seed + " (-Dsoak.seed=" + seed + " repeats it)");
        final ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try (MemcachedServer server = MemcachedServer.start(
            ServerConfig.parse("-p", "0", "-m", Integer.toString(MEMORY_MIB), "-t", "4")))
        {
            final List<SoakClient> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                clients.add(new SoakClient(t, KEYS_PER_THREAD, COUNTERS_PER_THREAD, seed + t, server.port()));
            }
            final List<Future<?>> runs = new ArrayList<>();
            for (final SoakClient client : clients)
            {
                runs.add(executor.submit(() ->
                {
                    client.run(OPERATIONS / THREADS);
                    return null;
                }));
            }
            for (final Future<?> run : runs)
            {
                run.get(10, TimeUnit.MINUTES);
            }

            final Map<String, String> stats = clients.get(0).connection().stats(null);
            long reachable = 0;
            for (final SoakClient client : clients)
            {
                reachable += client.sweep();
            }
            final long found = reachable;
            final Map<String, String> after = clients.get(0).connection().stats(null);
            final Map<String, String> slabs = clients.get(0).connection().stats("slabs");
            System.out.println("SoakTest: " + summary(clients) + "; " + found + " items reachable at the end; stats "
                + pick(stats, "curr_items", "total_items", "evictions", "slabs_moved", "bytes", "limit_maxbytes")
                + "; active_slabs " + slabs.get("active_slabs"));

            assertAll(
                () -> assertEquals(sum(clients, c -> c.gets), number(after, "cmd_get"), "cmd_get"),
                () -> assertEquals(sum(clients, c -> c.getHits), number(after, "get_hits"), "get_hits"),
                () -> assertEquals(number(after, "cmd_get"), number(after, "get_hits") + number(after, "get_misses"),
                    "cmd_get = get_hits + get_misses"),
                () -> assertEquals(sum(clients, c -> c.sets), number(stats, "cmd_set"), "cmd_set"),
                () -> assertEquals(sum(clients, c -> c.deleteHits), number(stats, "delete_hits"), "delete_hits"),
                () -> assertEquals(sum(clients, c -> c.deletes - c.deleteHits), number(stats, "delete_misses"),
                    "delete_misses"),
                () -> assertEquals(sum(clients, c -> c.incrHits), number(stats, "incr_hits"), "incr_hits"),
                () -> assertEquals(sum(clients, c -> c.incrs - c.incrHits), number(stats, "incr_misses"),
                    "incr_misses"),
                () -> assertEquals(found, number(after, "curr_items"),
                    "curr_items = the items found by a get of each key"),
                () -> assertTrue(number(after, "total_items") >= number(after, "curr_items"),
                    "total_items >= curr_items"),
                () -> assertTrue(number(after, "bytes") <= number(after, "limit_maxbytes"), "bytes <= limit_maxbytes"),
                () -> assertTrue(sum(clients, c -> c.failedSets) * 100 <= sum(clients, c -> c.sets),
                    "at most 1% of the sets fail for want of memory"),
                () -> assertTrue(number(after, "evictions") > 0, "evictions happened"),
                () -> assertTrue(number(after, "slabs_moved") > 0, "pages moved between size classes"));
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    private static long number(final Map<String, String> stats, final String name)
    {
        final String value = stats.get(name);
        if (null == value)
        {
            throw new AssertionError("stats has no " + name + ": " + stats.keySet());
        }
        return Long.parseLong(value);
    }

    private static long sum(final List<SoakClient> clients, final ToLongFunction<SoakClient> f)
    {
        return clients.stream().mapToLong(f).sum();
    }

    private static String summary(final List<SoakClient> clients)
    {
        return "gets " + sum(clients, c -> c.gets) + " (hits " + sum(clients, c -> c.getHits) + "), sets "
            + sum(clients, c -> c.sets) + " (failed " + sum(clients, c -> c.failedSets) + "), deletes "
            + sum(clients, c -> c.deletes) + ", incrs " + sum(clients, c -> c.incrs);
    }

    private static String pick(final Map<String, String> stats, final String... names)
    {
        final StringBuilder text = new StringBuilder();
        for (final String name : names)
        {
            text.append(name).append('=').append(stats.get(name)).append(' ');
        }
        return text.toString().trim();
    }
}
