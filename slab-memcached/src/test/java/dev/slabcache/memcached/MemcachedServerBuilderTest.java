/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemcachedServerBuilderTest
{
    @Test
    void shouldStartEachServerOnAFreePortOfTheLoopbackByDefault() throws IOException
    {
        final MemcachedServerBuilder builder = MemcachedServer.builder().memoryLimitMegabytes(2).threads(1);
        try (MemcachedServer first = builder.start(); MemcachedServer second = builder.start())
        {
            assertNotEquals(0, first.port());
            assertNotEquals(first.port(), second.port());
            assertEquals("127.0.0.1", first.address().getAddress().getHostAddress());
            assertEquals(first.port(), first.address().getPort());
            try (TextConnection connection = new TextConnection(second.port()))
            {
                connection.writeStorage("set", "k", new byte[]{'v'});
                connection.flush();
                assertEquals("STORED", connection.readLine());
            }
        }
    }

    @Test
    void shouldNameTheAddressAndPortItCannotListenOn()
    {
        final MemcachedServerBuilder builder = MemcachedServer.builder().memoryLimitMegabytes(2).threads(1);
        try (MemcachedServer first = builder.start())
        {
            final IllegalStateException ex =
                assertThrows(IllegalStateException.class, () -> builder.port(first.port()).start());
            final String where = "cannot listen on 127.0.0.1:" + first.port() + ": ";
            assertTrue(ex.getMessage().startsWith(where), ex.getMessage());
        }
    }

    @Test
    void shouldGiveTheServerEveryFlagItWasBuiltWith(@TempDir final Path dir) throws IOException
    {
        final MemcachedServerBuilder builder = MemcachedServer.builder()
            .listen("127.0.0.1")
            .memoryLimitMegabytes(3)
            .threads(2)
            .connectionLimit(50)
            .growthFactor(1.5)
            .minSlotSize(64)
            .maxItemSize(512 * 1024)
            .disableEvictions()
            .memoryFile(dir.resolve("items"))
            .idleTimeoutSeconds(30);
        try (MemcachedServer server = builder.start(); TextConnection connection = new TextConnection(server.port()))
        {
            final Map<String, String> settings = connection.stats("settings");
            assertEquals("3145728", settings.get("maxbytes"));
            assertEquals("2", settings.get("num_threads"));
            assertEquals("50", settings.get("maxconns"));
            assertEquals("1.50", settings.get("growth_factor"));
            assertEquals("64", settings.get("chunk_size"));
            assertEquals("524288", settings.get("item_size_max"));
            assertEquals("off", settings.get("evictions"));
            assertEquals("30", settings.get("idle_timeout"));
        }
    }

    @Test
    void shouldComposeTheCommandLineThatJavaJarTakes()
    {
        final MemcachedServerBuilder builder = MemcachedServer.builder()
            .port(11311)
            .memoryLimitMegabytes(8)
            .evictions(false)
            .verbosity(2)
            .flag("-U", "0");

        assertEquals(List.of("-p", "11311", "-m", "8", "-M", "-vv", "-U", "0"), builder.commandLine());
        assertEquals("-p 11311 -m 8 -M -vv -U 0", builder.toString());
    }

    @Test
    void shouldReplaceAValueWhenItsMethodIsCalledAgain()
    {
        final MemcachedServerBuilder builder = MemcachedServer.builder().threads(8).threads(2).evictions(false);

        builder.evictions(true).verbosity(1).verbosity(0);

        assertEquals(List.of("-p", "0", "-t", "2"), builder.commandLine());
    }

    @Test
    void shouldRefuseABadValueAtOnceNamingTheFlagTheValueAndTheRule()
    {
        final MemcachedServerBuilder builder = MemcachedServer.builder();

        final ConfigException port = assertThrows(ConfigException.class, () -> builder.port(70000));
        assertEquals("flag -p must be from 0 to 65535, got 70000", port.getMessage());
        final ConfigException factor = assertThrows(ConfigException.class, () -> builder.growthFactor(0.5));
        assertTrue(factor.getMessage().contains("-f") && factor.getMessage().contains("0.5"), factor.getMessage());
        final ConfigException size = assertThrows(ConfigException.class, () -> builder.maxItemSize(100));
        assertTrue(size.getMessage().contains("-I") && size.getMessage().contains("100"), size.getMessage());
        assertThrows(ConfigException.class, () -> builder.threads(0));
        assertThrows(ConfigException.class, () -> builder.flag("-Z"));
        assertThrows(ConfigException.class, () -> builder.option("no_such_option", "1"));
        final IllegalArgumentException verbosity =
            assertThrows(IllegalArgumentException.class, () -> builder.verbosity(4));
        assertEquals("verbosity must be from 0 to 3 (as -v to -vvv), got 4", verbosity.getMessage());

        assertEquals(List.of("-p", "0"), builder.commandLine(), "a refused value leaves the builder as it was");
    }

    @Test
    void shouldRefuseToStartOnAPortInUse()
    {
        try (MemcachedServer first = MemcachedServer.builder().memoryLimitMegabytes(2).threads(1).start())
        {
            final MemcachedServerBuilder taken = MemcachedServer.builder().port(first.port()).threads(1);

            final IllegalStateException ex = assertThrows(IllegalStateException.class, taken::start);
            assertTrue(ex.getMessage().contains(":" + first.port()), ex.getMessage());
        }
    }
}
