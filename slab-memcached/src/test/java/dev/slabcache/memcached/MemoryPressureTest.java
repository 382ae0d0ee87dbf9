/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose memory is all taken: a set must still be stored, evicting old items, whatever its size. The real
 * memcached does it by giving every size class its first page even over -m (slabs.c, do_slabs_newslab), and then
 * moving pages between classes.
 */
class MemoryPressureTest
{
    @Test
    void shouldStoreAnItemOfASizeNoPageHoldsYetWhenMemoryIsFullOfSmallerOnes() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "16", "-t", "2"));
            TextConnection connection = new TextConnection(server.port()))
        {
            final byte[] small = ValueCodec.pattern(300, 1);
            for (int i = 0; number(connection.stats(null), "evictions") == 0; i += 1_000)
            {
                for (int j = i; j < i + 1_000; j++)
                {
                    connection.writeStorage("set", "small-" + j, small);
                }
                connection.flush();
                for (int j = i; j < i + 1_000; j++)
                {
                    assertEquals("STORED", connection.readLine(), "set small-" + j);
                }
            }

            final byte[] large = ValueCodec.pattern(3_000, 2);
            connection.writeStorage("set", "large", large);
            connection.flush();
            assertEquals("STORED", connection.readLine(), "a 3,000-byte item once 300-byte ones filled memory");
            connection.writeLine("get large");
            connection.flush();
            assertArrayEquals(large, connection.readGet("large"));
        }
    }

    @Test
    void shouldEvictTheOldestRatherThanRefuseWhenItsClassIsFull() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "16", "-t", "2"));
            TextConnection connection = new TextConnection(server.port()))
        {
            final byte[] value = ValueCodec.pattern(1_000, 3);
            final int count = 40_000;
            for (int i = 0; i < count; i += 1_000)
            {
                for (int j = i; j < i + 1_000; j++)
                {
                    connection.writeStorage("set", "item-" + j, value);
                }
                connection.flush();
                for (int j = i; j < i + 1_000; j++)
                {
                    assertEquals("STORED", connection.readLine(), "set item-" + j);
                }
            }

            final Map<String, String> stats = connection.stats(null);
            assertTrue(number(stats, "evictions") > 0, stats.toString());
            assertEquals(count, number(stats, "curr_items") + number(stats, "evictions"));
            connection.writeLine("get item-0");
            connection.writeLine("get item-" + (count - 1));
            connection.flush();
            assertEquals(null, connection.readGet("item-0"), "the oldest item was evicted");
            assertArrayEquals(value, connection.readGet("item-" + (count - 1)), "the newest item is there");
        }
    }

    private static long number(final Map<String, String> stats, final String name)
    {
        return Long.parseLong(stats.get(name));
    }
}
