/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.ServerConfig;
import dev.slabcache.memcached.TextConnection;
import dev.slabcache.memcached.store.ItemDumps;
import dev.slabcache.memcached.store.StoreDriver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaDumpTest
{
    private static final boolean[] ALL = new boolean[ItemDumps.MAX_CLASS_ID];

    static
    {
        java.util.Arrays.fill(ALL, 1, ALL.length, true);
    }

    private static List<String> keysOf(final ByteBuf out)
    {
        final List<String> keys = new ArrayList<>();
        for (final String line : out.toString(StandardCharsets.US_ASCII).split("\n"))
        {
            if (line.startsWith("key="))
            {
                keys.add(line.substring(4, line.indexOf(' ')));
            }
        }
        return keys;
    }

    private static boolean batch(final StoreDriver items, final int maxItems, final ByteBuf out)
    {
        final boolean[] more = new boolean[1];
        items.store.admin().dump((dumps, now) -> more[0] = dumps.metadumpBatch(maxItems, now, out));
        return more[0];
    }

    @Test
    void shouldListEveryItemThatStaysOnceWhileItemsLeaveBetweenBatches()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(16L << 20, true)))
        {
            for (int i = 0; i < 10; i++)
            {
                items.set("k" + i, "v");
            }
            final boolean[] started = new boolean[1];
            items.store.admin().dump((dumps, now) -> started[0] = dumps.startMetadump(ALL));
            assertTrue(started[0]);
            final boolean[] second = new boolean[1];
            items.store.admin().dump((dumps, now) -> second[0] = dumps.startMetadump(ALL));
            assertFalse(second[0], "one metadump at a time");

            final ByteBuf out = Unpooled.buffer();
            assertTrue(batch(items, 3, out));
            assertEquals(List.of("k0", "k1", "k2"), keysOf(out), "oldest first");
            items.delete("k3");
            items.delete("k5");
            items.set("k4", "again");
            while (batch(items, 3, out))
            {
                assertTrue(out.isReadable());
            }
            assertEquals(List.of("k0", "k1", "k2", "k6", "k7", "k8", "k9", "k4"), keysOf(out),
                "the cursor stepped past the deleted items; k4, stored again, is now the newest");
            assertTrue(out.toString(StandardCharsets.US_ASCII).endsWith("\nEND\r\n"));
        }
    }

    @Test
    void shouldStreamAMetadumpLargerThanABatchThenAnswerWhatWasPipelinedAfterIt() throws Exception
    {
        final int count = 3 * MetaDump.BATCH_ITEMS + 7;
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "16", "-t", "1"));
            TextConnection client = new TextConnection(server.port()))
        {
            for (int i = 0; i < count; i++)
            {
                client.writeStorage("set", "dump:" + i, "v".getBytes(StandardCharsets.US_ASCII));
            }
            client.flush();
            for (int i = 0; i < count; i++)
            {
                assertEquals("STORED", client.readLine());
            }
            client.writeLine("lru_crawler metadump all");
            client.writeLine("get dump:0");
            client.flush();
            final Set<String> seen = new HashSet<>();
            String line = client.readLfLine();
            while (line.startsWith("key="))
            {
                assertTrue(seen.add(line.substring(4, line.indexOf(' '))), line);
                line = client.readLfLine();
            }
            assertEquals("END\r", line);
            assertEquals(count, seen.size());
            assertTrue(seen.contains("dump%3A0"), "keys are uri-encoded");
            assertEquals("v", new String(client.readGet("dump:0"), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldFinishAMetadumpToAClientThatHalfClosedAfterAskingForIt() throws Exception
    {
        final int count = 30 * MetaDump.BATCH_ITEMS;
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64", "-t", "1"));
            RawClient loader = new RawClient(server.port());
            RawClient client = new RawClient(server.port()))
        {
            final StringBuilder sets = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                sets.append("set halfclosed:dump:").append(i).append(" 0 0 1 noreply\r\nv\r\n");
            }
            assertEquals("MN\r\n", loader.call(sets + "mn\r\n", "MN\r\n"));
            // Megabytes of dump: the socket's buffer fills and writability flips with the input shut.
            client.send("lru_crawler metadump all\r\n");
            client.shutdownOutput();
            final String dump = client.readToClose();
            assertTrue(dump.endsWith("\nEND\r\n"), "the dump ends, then the connection closes");
            assertEquals(count, dump.split("\n").length - 1);
        }
    }
}
