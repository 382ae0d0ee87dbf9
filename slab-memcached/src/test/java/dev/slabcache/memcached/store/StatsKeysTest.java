/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.ServerConfig;
import dev.slabcache.memcached.TextConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every key of memcached 1.6.18's "stats", "stats settings", "stats items" and "stats slabs", in its order: the
 * resources hold memcached's own replies, captured from 1.6.18 (Debian's build) with two items in class 1.
 */
class StatsKeysTest
{
    private static MemcachedServer server;
    private static TextConnection client;

    @BeforeAll
    static void start() throws IOException
    {
        server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "16", "-t", "2"));
        client = new TextConnection(server.port());
        client.writeStorage("set", "foo", "bar".getBytes(StandardCharsets.US_ASCII));
        client.writeStorage("set", "baz", "hi".getBytes(StandardCharsets.US_ASCII));
        client.writeLine("get foo");
        client.flush();
        assertEquals("STORED", client.readLine());
        assertEquals("STORED", client.readLine());
        assertEquals("bar", new String(client.readGet("foo"), StandardCharsets.US_ASCII));
    }

    @AfterAll
    static void stop() throws IOException
    {
        client.close();
        server.close();
    }

    private static List<String> memcachedKeys(final String reply) throws IOException
    {
        try (InputStream in = StatsKeysTest.class.getResourceAsStream("/memcached-1.6.18/" + reply + ".txt"))
        {
            final List<String> keys = new ArrayList<>();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"))
            {
                if (line.startsWith("STAT "))
                {
                    keys.add(line.split(" ")[1]);
                }
            }
            return keys;
        }
    }

    @Test
    void shouldReportEveryGeneralStatOfMemcachedInItsOrder() throws IOException
    {
        assertEquals(memcachedKeys("stats"), new ArrayList<>(client.stats(null).keySet()));
    }

    @Test
    void shouldReportEverySettingOfMemcachedInItsOrder() throws IOException
    {
        assertEquals(memcachedKeys("stats-settings"), new ArrayList<>(client.stats("settings").keySet()));
    }

    @Test
    void shouldReportEveryItemsStatOfMemcachedInItsOrder() throws IOException
    {
        assertEquals(memcachedKeys("stats-items"), new ArrayList<>(client.stats("items").keySet()));
    }

    @Test
    void shouldReportEverySlabsStatOfMemcachedInItsOrder() throws IOException
    {
        assertEquals(memcachedKeys("stats-slabs"), new ArrayList<>(client.stats("slabs").keySet()));
    }

    @Test
    void shouldReportTheItemsOfEachListOfTheSegmentedLru() throws IOException
    {
        final Map<String, String> items = client.stats("items");
        assertEquals("2", items.get("items:1:number"));
        assertEquals(2, Integer.parseInt(items.get("items:1:number_hot")) +
            Integer.parseInt(items.get("items:1:number_warm")) + Integer.parseInt(items.get("items:1:number_cold")));
        assertTrue(Integer.parseInt(items.get("items:1:moves_to_cold")) >= 1);
        assertEquals("1", items.get("items:1:hits_to_cold"), "baz's allocation moved foo to the cold list");
        assertEquals("0", items.get("items:1:hits_to_hot"));
        assertEquals(String.valueOf(2 * ItemLayout.headerLength(true) + 6 + 5), items.get("items:1:mem_requested"));
    }

    @Test
    void shouldSplitCpuTimeIntoUserAndSystemTime() throws IOException
    {
        final Map<String, String> stats = client.stats(null);
        final double user = Double.parseDouble(stats.get("rusage_user"));
        final double system = Double.parseDouble(stats.get("rusage_system"));
        assertTrue(user > 0, "a JVM that started has spent user time: " + user);
        assertTrue(system > 0, "and system time, mapping its heap and loading classes: " + system);
        assertTrue(stats.get("rusage_system").matches("\\d+\\.\\d{6}"), stats.get("rusage_system"));
    }

    @Test
    void shouldCountValuesRefusedForTheirSize() throws IOException
    {
        final long before = Long.parseLong(client.stats(null).get("store_too_large"));
        try (TextConnection other = new TextConnection(server.port()))
        {
            other.writeStorage("set", "big", new byte[2 << 20]);
            other.flush();
            assertEquals("SERVER_ERROR object too large for cache", other.readLine());
        }
        assertEquals(before + 1, Long.parseLong(client.stats(null).get("store_too_large")));
    }
}
