/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchersTest
{
    private static String nextLine(final EmbeddedChannel channel)
    {
        final ByteBuf line = channel.readOutbound();
        assertNotNull(line, "a line was written");
        try
        {
            return line.toString(StandardCharsets.US_ASCII);
        }
        finally
        {
            line.release();
        }
    }

    @Test
    void shouldStreamAnEvictionLineAsMemcachedsLogger()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(1L << 20, true)))
        {
            final EmbeddedChannel channel = new EmbeddedChannel();
            assertTrue(items.store.admin().watchers().add(channel, Watchers.EVICTIONS));
            final String value = "v".repeat(1000);
            int i = 0;
            while (null == channel.outboundMessages().peek())
            {
                items.set("evict:" + i++, value);
            }
            assertTrue(nextLine(channel).matches("ts=\\d+\\.\\d+ gid=1 type=eviction key=evict%3A0 fetch=no ttl=-1 " +
                "la=0 clsid=\\d+ size=1000\n"));
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shouldForgetAWatcherWhoseConnectionClosed()
    {
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(16L << 20, true)))
        {
            final Watchers watchers = items.store.admin().watchers();
            final EmbeddedChannel channel = new EmbeddedChannel();
            assertTrue(watchers.add(channel, Watchers.FETCHERS));
            assertTrue(watchers.wants(Watchers.FETCHERS));
            assertFalse(watchers.wants(Watchers.MUTATIONS));
            items.get("nokey");
            assertTrue(nextLine(channel).contains(" type=item_get key=nokey status=not_found clsid=0 cfd=0 size=0"));

            channel.close();
            assertFalse(watchers.wants(Watchers.FETCHERS));
            final Map<String, String> stats = new HashMap<>();
            watchers.stats(stats::put);
            assertEquals("0", stats.get("log_watchers"));
            assertEquals("1", stats.get("log_watcher_sent"));
            assertEquals("1", stats.get("log_worker_written"));
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shouldRefuseMoreThanMemcachedsWatcherLimit()
    {
        final Watchers watchers = new Watchers();
        final EmbeddedChannel[] channels = new EmbeddedChannel[Watchers.MAX_WATCHERS + 1];
        for (int i = 0; i < Watchers.MAX_WATCHERS; i++)
        {
            channels[i] = new EmbeddedChannel();
            assertTrue(watchers.add(channels[i], Watchers.FETCHERS));
        }
        channels[Watchers.MAX_WATCHERS] = new EmbeddedChannel();
        assertFalse(watchers.add(channels[Watchers.MAX_WATCHERS], Watchers.FETCHERS));
        for (final EmbeddedChannel channel : channels)
        {
            channel.finishAndReleaseAll();
        }
    }
}
