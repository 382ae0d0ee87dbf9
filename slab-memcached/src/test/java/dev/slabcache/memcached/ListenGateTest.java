/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.slabcache.memcached.store.ItemStore;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenGateTest
{
    private final ServerConfig config = ServerConfig.parse("-p", "0", "-m", "8");
    private final ServerStats stats = new ServerStats(config);
    private final ItemStore store = new ItemStore(config.storeSettings(), () -> 0);
    private final EmbeddedChannel listener = new EmbeddedChannel(new ListenGate(stats, false));

    @AfterEach
    void close()
    {
        listener.finishAndReleaseAll();
        store.close();
    }

    @Test
    void shouldStopAcceptingWhenAnAcceptFailsAndCountItAsMemcachedDoes()
    {
        assertEquals("1", general().get("accepting_conns"));
        assertEquals("0", general().get("listen_disabled_num"));
        listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
        assertFalse(listener.config().isAutoRead());
        assertEquals("0", general().get("accepting_conns"));
        assertEquals("1", general().get("listen_disabled_num"));
    }

    @Test
    void shouldAcceptAgainOnceAConnectionCloses()
    {
        assertTrue(stats.tryOpen(10));
        listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
        tick(5);
        assertFalse(listener.config().isAutoRead(), "no connection closed yet");
        stats.closed();
        tick(1);
        assertTrue(listener.config().isAutoRead());
        assertEquals("1", general().get("accepting_conns"));
        assertEquals("1", general().get("listen_disabled_num"));
    }

    @Test
    void shouldAcceptAgainAfterASecondWhenNoConnectionCloses()
    {
        listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
        tick(99);
        assertFalse(listener.config().isAutoRead());
        tick(1);
        assertTrue(listener.config().isAutoRead());
        assertEquals("1", general().get("accepting_conns"));
    }

    @Test
    void shouldPassOnAFailureThatIsNotOfInputOrOutput()
    {
        listener.pipeline().fireExceptionCaught(new IllegalStateException("a bug"));
        assertThrows(IllegalStateException.class, listener::checkException);
        assertTrue(listener.config().isAutoRead());
        assertEquals("0", general().get("listen_disabled_num"));
    }

    private void tick(final int checks)
    {
        for (int i = 0; i < checks; i++)
        {
            listener.advanceTimeBy(10, TimeUnit.MILLISECONDS);
            listener.runScheduledPendingTasks();
        }
    }

    private Map<String, String> general()
    {
        final Map<String, String> lines = new LinkedHashMap<>();
        stats.general(store, lines::put);
        return lines;
    }
}
