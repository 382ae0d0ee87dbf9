/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.slabcache.memcached.protocol.BindingProtocol;
import dev.slabcache.memcached.protocol.ProtocolOptions;
import dev.slabcache.memcached.store.StoreSettings;
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
        assertFalse(config.version());
        assertFalse(config.license());
        assertFalse(config.shutdownEnabled());
        assertFalse(config.daemon());
        assertNull(config.pidFile());
        assertNull(config.user());
        assertFalse(config.lockMemory());
        assertFalse(config.largePages());
        assertEquals(1024, config.listenBacklog());
        assertEquals(BindingProtocol.AUTO, config.protocol());
        assertEquals(20, config.requestsPerEvent());
        assertEquals(':', config.prefixDelimiter());
        assertFalse(config.detailEnabled());
        assertTrue(config.flushEnabled());
        assertTrue(config.dumpEnabled());
        assertTrue(config.watchEnabled());
        assertEquals(16, config.storeSettings().hashPower());
    }

    @Test
    void shouldReadTheOperatorFlagsShortAndLong()
    {
        for (final String[] args : new String[][]{
            { "-A", "-d", "-P", "/run/m.pid", "-u", "memcache", "-k", "-L", "-r", "-b", "64", "-B", "binary",
                "-R", "5", "-D", "#", "-F", "-X", "-W", "-V", "-i", "-e", "/dev/shm/m" },
            { "--enable-shutdown", "--daemon", "--pidfile=/run/m.pid", "--user", "memcache", "--lock-memory",
                "--enable-largepages", "--enable-coredumps", "--listen-backlog=64", "--protocol", "binary",
                "--max-reqs-per-event=5", "-D#", "--disable-flush-all", "--disable-dumping", "--disable-watch",
                "--version", "--license", "--memory-file=/dev/shm/m" } })
        {
            final ServerConfig config = ServerConfig.parse(args);
            assertTrue(config.shutdownEnabled());
            assertTrue(config.daemon());
            assertEquals(Path.of("/run/m.pid"), config.pidFile());
            assertEquals("memcache", config.user());
            assertTrue(config.lockMemory());
            assertTrue(config.largePages());
            assertEquals(64, config.listenBacklog());
            assertEquals(BindingProtocol.BINARY, config.protocol());
            assertEquals(5, config.requestsPerEvent());
            assertEquals('#', config.prefixDelimiter());
            assertTrue(config.detailEnabled());
            assertFalse(config.flushEnabled());
            assertFalse(config.dumpEnabled());
            assertFalse(config.watchEnabled());
            assertTrue(config.version());
            assertTrue(config.license());
            assertEquals(Path.of("/dev/shm/m"), config.memoryFile());
        }
    }

    @Test
    void shouldReadDebiansMemcachedConf()
    {
        final ServerConfig config = ServerConfig.parse(
            "-d", "-m", "64", "-p", "11211", "-u", "memcache", "-l", "127.0.0.1",
            "-P", "/var/run/memcached/memcached.pid");
        assertTrue(config.daemon());
        assertEquals(64, config.memoryLimitMiB());
        assertEquals(11211, config.port());
        assertEquals("memcache", config.user());
        assertEquals("127.0.0.1", config.listen());
        assertEquals(Path.of("/var/run/memcached/memcached.pid"), config.pidFile());
    }

    @Test
    void shouldReadBundledSwitchesAsGetoptDoes()
    {
        final ServerConfig config = ServerConfig.parse("-dAvv", "-MP/tmp/x.pid");
        assertTrue(config.daemon());
        assertTrue(config.shutdownEnabled());
        assertEquals(2, config.verbosity());
        assertFalse(config.evictions());
        assertEquals(Path.of("/tmp/x.pid"), config.pidFile());
    }

    @Test
    void shouldGiveTheProtocolTheFlagsItObeys()
    {
        assertEquals(new ProtocolOptions(BindingProtocol.AUTO, false, true, true, false, true, true),
            ServerConfig.parse().protocolOptions());
        assertEquals(new ProtocolOptions(BindingProtocol.BINARY, true, false, false, true, false, false),
            ServerConfig.parse("-B", "binary", "-S", "-Y", "/etc/users", "-C", "-F", "-A", "-X", "-W")
                .protocolOptions());
    }

    @Test
    void shouldReadEveryBindingProtocol()
    {
        assertEquals(BindingProtocol.ASCII, ServerConfig.parse("-B", "ascii").protocol());
        assertEquals(BindingProtocol.BINARY, ServerConfig.parse("-B", "binary").protocol());
        assertEquals(BindingProtocol.AUTO, ServerConfig.parse("-B", "auto").protocol());
        assertEquals("auto-negotiate", BindingProtocol.AUTO.statsName());
    }

    @Test
    void shouldReadIdleTimeoutFromEitherSpelling()
    {
        assertEquals(30, ServerConfig.parse("-o", "idle_timeout=30").idleTimeoutSeconds());
        assertEquals(30, ServerConfig.parse("--idle-timeout=30").idleTimeoutSeconds());
        assertEquals(7, ServerConfig.parse("--idle-timeout=30", "-o", "idle_timeout=7").idleTimeoutSeconds());
        assertEquals(7, ServerConfig.parse("-o", "idle_timeout=7").extended().idleTimeout());
    }

    @Test
    void shouldPassHashpowerToTheStore()
    {
        assertEquals(20, ServerConfig.parse("-o", "hashpower=20").storeSettings().hashPower());
        assertEquals(20, ServerConfig.parse("--extended=hashpower=20").extended().hashPowerInit());
    }

    @Test
    void shouldPassDisableCasToTheStore()
    {
        assertTrue(ServerConfig.parse().storeSettings().casEnabled());
        assertFalse(ServerConfig.parse("-C").storeSettings().casEnabled());
        assertFalse(ServerConfig.parse("--disable-cas").casEnabled());
        assertFalse(ServerConfig.parse("-MC").storeSettings().casEnabled());
    }

    @Test
    void shouldRefuseFlagsItCannotHonourSayingSo()
    {
        assertMessage("flag -N: NAPI ids are not supported", "-N", "2");
    }

    @Test
    void shouldRefuseBadOperatorFlagValues()
    {
        assertMessage("flag -B must be one of auto, binary or ascii, got 'foo'", "-B", "foo");
        assertMessage("flag -b must be from 1 to 1048576, got 0", "-b", "0");
        assertMessage("flag -R must be from 1 to 1048576, got 0", "-R", "0");
        assertMessage("flag -D needs a delimiter character, got ''", "-D", "");
        assertMessage("flag --pidfile needs a path, got ''", "--pidfile=");
        assertMessage("flag -u needs a user name, got ''", "-u", "");
        assertMessage("flag -P needs a value (see -h)", "-P");
        assertMessage("flag --daemon takes no value, got 'yes'", "--daemon=yes");
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
        assertMessage("unknown flag '-x' (see -h)", "-vx");
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
    void shouldPrintTheVersionAndExitZero()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[]{ "-V" }, print(out), print(err)));
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("slab-memcached \\d+\\.\\d+\\.\\d+\\S*\\R"),
            out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintTheLicenceAndExitZero()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[]{ "--license" }, print(out), print(err)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Apache License, Version 2.0"));
    }

    @Test
    void shouldExitWithStatus64OnAnUnknownExtendedOption()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(64, Main.run(new String[]{ "-o", "idle_timeout=5,bogus" }, print(out), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
            "slab-memcached: unknown -o option 'bogus' (memcached: Illegal suboption); known: maxconns_fast, "),
            err.toString(StandardCharsets.UTF_8));
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
