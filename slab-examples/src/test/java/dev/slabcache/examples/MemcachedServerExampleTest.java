/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.junit.MemcachedServerExtension;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Testing code that uses memcached against a real server in the test's own JVM: one server for the class on a free
 * port of 127.0.0.1, closed after the last test, and spymemcached as the client. Copy it and replace
 * {@link #readThrough} with your own code.
 */
class MemcachedServerExampleTest
{
    @RegisterExtension
    static final MemcachedServerExtension MEMCACHED =
        MemcachedServerExtension.perClass(MemcachedServer.builder().memoryLimitMegabytes(16).threads(1));

    private static final Logger SPY_LOGGER = Logger.getLogger("net.spy.memcached");

    static
    {
        // spymemcached logs each connection at INFO; through java.util.logging, only its warnings show.
        System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SunLogger");
        SPY_LOGGER.setLevel(Level.WARNING);
    }

    private MemcachedClient client;

    @BeforeEach
    void connectToAnEmptyCache() throws Exception
    {
        client = new MemcachedClient(MEMCACHED.address());
        // The server lives as long as the class: empty it so that no test sees another's items.
        assertTrue(client.flush().get());
    }

    @AfterEach
    void disconnect()
    {
        client.shutdown();
    }

    @Test
    void shouldReadBackWhatWasStored() throws Exception
    {
        assertTrue(client.set("greeting", 0, "hello").get());

        assertEquals("hello", client.get("greeting"));
    }

    @Test
    void shouldLoadAMissingValueOnceAndServeItFromTheCacheAfter() throws Exception
    {
        final AtomicInteger loads = new AtomicInteger();
        final Function<String, String> database = key ->
        {
            loads.incrementAndGet();
            return "9.99";
        };

        assertEquals("9.99", readThrough("price:42", database));
        assertEquals("9.99", readThrough("price:42", database));

        assertEquals(1, loads.get());
    }

    @Test
    void shouldMissAfterADelete() throws Exception
    {
        assertTrue(client.set("session:7", 3600, "alice").get());

        assertTrue(client.delete("session:7").get());

        assertNull(client.get("session:7"));
    }

    /** The code under test: a read-through cache in front of a slow source. */
    private String readThrough(final String key, final Function<String, String> source) throws Exception
    {
        final Object cached = client.get(key);
        if (null != cached)
        {
            return (String)cached;
        }
        final String value = source.apply(key);
        client.set(key, 300, value).get();
        return value;
    }
}
