/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigTest
{
    @Test
    void shouldHaveMemcachedDefaults()
    {
        final ServerConfig config = ServerConfig.parse();
        assertEquals(11211, config.port());
        assertEquals("127.0.0.1", config.listen());
        assertEquals(64, config.memoryLimitMiB());
        assertEquals(4, config.threads());
        assertEquals(1024, config.connectionLimit());
        assertEquals(1.25, config.growthFactor());
        assertEquals(48, config.minSize());
        assertEquals(1024 * 1024, config.maxItemSize());
        assertTrue(config.evictions());
        assertEquals(0, config.verbosity());
        assertNull(config.memoryFile());
        assertEquals(0, config.idleTimeoutSeconds());
        assertFalse(config.help());
    }

    @Test
    void shouldReadEveryShortFlag()
    {
        final ServerConfig config = ServerConfig.parse(
            "-p", "0", "-l", "0.0.0.0", "-m", "128", "-t", "2", "-c", "10", "-f", "2.0", "-n", "96",
            "-I", "2m", "-M", "-vv", "--memory-file", "/tmp/items", "-U", "0", "-u", "nobody",
            "--idle-timeout", "30");
        assertEquals(0, config.port());
        assertEquals("0.0.0.0", config.listen());
        assertEquals(128, config.memoryLimitMiB());
        assertEquals(2, config.threads());
        assertEquals(10, config.connectionLimit());
        assertEquals(2.0, config.growthFactor());
        assertEquals(96, config.minSize());
        assertEquals(2 * 1024 * 1024, config.maxItemSize());
        assertFalse(config.evictions());
        assertEquals(2, config.verbosity());
        assertEquals(Path.of("/tmp/items"), config.memoryFile());
        assertEquals(30, config.idleTimeoutSeconds());
    }

    @Test
    void shouldReadLongFlagsWithEqualsOrNextArgument()
    {
        final ServerConfig config = ServerConfig.parse(
            "--port=7000", "--listen", "::1", "--memory-limit=32", "--threads=3", "--conn-limit", "5",
            "--slab-growth-factor=1.5", "--slab-min-size=64", "--max-item-size=512k", "--disable-evictions",
            "--verbose");
        assertEquals(7000, config.port());
        assertEquals("::1", config.listen());
        assertEquals(32, config.memoryLimitMiB());
        assertEquals(3, config.threads());
        assertEquals(5, config.connectionLimit());
        assertEquals(1.5, config.growthFactor());
        assertEquals(64, config.minSize());
        assertEquals(512 * 1024, config.maxItemSize());
        assertFalse(config.evictions());
        assertEquals(1, config.verbosity());
    }

    @Test
    void shouldReadGluedShortValues()
    {
        final ServerConfig config = ServerConfig.parse("-p11311", "-m16", "-I1048576", "-v");
        assertEquals(11311, config.port());
        assertEquals(16, config.memoryLimitMiB());
        assertEquals(1024 * 1024, config.maxItemSize());
        assertEquals(1, config.verbosity());
    }

    @Test
    void shouldPassTheStoreSettings()
    {
        final StoreSettings settings = ServerConfig.parse("-m", "8", "-f", "1.5", "-n", "40", "-I", "64k", "-M")
            .storeSettings();
        assertEquals(8L << 20, settings.memoryLimit());
        assertEquals(1.5, settings.growthFactor());
        assertEquals(40, settings.minDataSize());
        assertEquals(64 * 1024, settings.maxItemSize());
        assertFalse(settings.evictions());
        assertNull(settings.memoryFile());
    }

    @Test
    void shouldRefuseBadFlagsWithOneLineThatNamesThem()
    {
        assertMessage("unknown flag '-x' (see -h)", "-x");
        assertMessage("unknown flag '--nope' (see -h)", "--nope=1");
        assertMessage("flag -p needs a value (see -h)", "-p");
        assertMessage("flag -p needs a whole number, got 'abc'", "-p", "abc");
        assertMessage("flag -p must be from 0 to 65535, got 70000", "-p", "70000");
        assertMessage("flag --idle-timeout must be from 0 to 31536000, got -1", "--idle-timeout", "-1");
        assertMessage("flag -m must be from 1 to 1048576, got 0", "-m", "0");
        assertMessage("flag -t must be from 1 to 1024, got 0", "-t", "0");
        assertMessage("flag -c must be from 1 to 1048576, got -1", "-c", "-1");
        assertMessage("flag -f must be above 1.0 and at most 8.0, got 1.0", "-f", "1.0");
        assertMessage("flag -f needs a number, got 'x'", "-f", "x");
        assertMessage("flag -I must be from 1k to 1024m, got 2000m", "-I", "2000m");
        assertMessage("flag -I needs a size in bytes with an optional k or m suffix, got '1q'", "-I", "1q");
        assertMessage("flag -I must be from 1k to 1024m, got 100", "-I", "100");
        assertMessage("bad flag '-vx': -v takes no value (use -v or -vv)", "-vx");
        assertMessage("unexpected argument 'stray': flags start with '-' (see -h)", "stray");
        assertMessage("flag --memory-file needs a path, got ''", "--memory-file=");
    }

    @Test
    void shouldExitWithStatus64AndOneLineOnABadFlag()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int status = Main.run(new String[]{ "-p", "x" }, print(out), print(err));
        assertEquals(Main.EXIT_USAGE, status);
        assertEquals(64, status);
        assertEquals("slab-memcached: flag -p needs a whole number, got 'x'" + System.lineSeparator(),
            err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintHelpAndExitZero()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[]{ "-h" }, print(out), print(err)));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: slab-memcached"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream print(final ByteArrayOutputStream bytes)
    {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static void assertMessage(final String expected, final String... args)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> ServerConfig.parse(args));
        assertEquals(expected, ex.getMessage());
    }
}
