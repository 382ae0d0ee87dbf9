/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Run in a JVM of its own by {@link DirectMemoryLimitTest}: starts a server of {@link #FLAGS}, fills its memory
 * three times over with items of sizes from 100 B to 200 KB on 16 connections, and prints {@code key=value} lines:
 * the replies that were not STORED, the server's evictions and page bytes, and the JVM's direct memory in use.
 */
final class FullMemoryProbe
{
    static final String[] FLAGS = {"-p", "0", "-m", "16", "-c", "16", "-t", "1"};

    private static final int[] SIZES = {100, 1_000, 10_000, 50_000, 200_000};
    private static final int CONNECTIONS = 16;

    private FullMemoryProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse(FLAGS)))
        {
            final TextConnection[] connections = new TextConnection[CONNECTIONS];
            for (int i = 0; i < CONNECTIONS; i++)
            {
                connections[i] = new TextConnection(server.port());
            }
            long refused = 0;
            long written = 0;
            for (int round = 0; written < 3 * (16L << 20); round++)
            {
                final byte[] value = ValueCodec.pattern(SIZES[round % SIZES.length], round);
                for (int i = 0; i < CONNECTIONS; i++)
                {
                    connections[i].writeStorage("set", "key-" + round + "-" + i, value);
                    connections[i].flush();
                    written += value.length;
                }
                for (int i = 0; i < CONNECTIONS; i++)
                {
                    final String reply = connections[i].readLine();
                    if (!"STORED".equals(reply))
                    {
                        System.out.println("reply=" + reply);
                        refused++;
                    }
                }
            }
            final Map<String, String> stats = connections[0].stats(null);
            final Map<String, String> slabs = connections[0].stats("slabs");
            for (final TextConnection connection : connections)
            {
                connection.close();
            }
            System.out.println("refused=" + refused);
            System.out.println("evictions=" + stats.get("evictions"));
            System.out.println("total_malloced=" + slabs.get("total_malloced"));
            for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
            {
                if ("direct".equals(pool.getName()))
                {
                    System.out.println("direct_used=" + pool.getMemoryUsed());
                }
            }
        }
    }

    static Map<String, String> values(final String output)
    {
        final Map<String, String> values = new HashMap<>();
        for (final String line : output.split("\\R"))
        {
            final int equals = line.indexOf('=');
            if (equals > 0)
            {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }
}
