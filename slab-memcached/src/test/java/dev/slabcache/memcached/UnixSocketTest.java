/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixSocketTest
{
    private static final String VERSION_LINE = "VERSION " + ServerStats.VERSION + "\r\n";

    @TempDir
    Path dir;

    @Test
    void shouldServeOnTheSocketAndListenOnNoPort() throws IOException
    {
        final Path path = dir.resolve("mc.sock");
        try (MemcachedServer server = MemcachedServer.builder().memoryLimitMegabytes(8).unixSocket(path).start();
            RawClient client = new RawClient(path))
        {
            assertEquals(0, server.port());
            assertNull(server.address());
            assertEquals(path, server.socketPath());
            assertEquals("STORED\r\n", client.call("set k 5 0 3\r\nabc\r\n", "STORED\r\n"));
            assertEquals("VALUE k 5 3\r\nabc\r\nEND\r\n", client.send("get k\r\n").readUntil("END\r\n"));
            final String settings = client.send("stats settings\r\n").readUntil("END\r\n");
            assertEquals(path.toString(), stat(settings, "domain_socket"));
            assertEquals("700", stat(settings, "umask"));
            final String conns = client.send("stats conns\r\n").readUntil("END\r\n");
            assertTrue(conns.contains(":addr unix:" + path + "\r\n"), conns);
            assertTrue(conns.contains(":addr ?:<AF 0>\r\n"), conns);
            assertTrue(conns.contains(":listen_addr unix:" + path + "\r\n"), conns);
            assertEquals("rwx------", mode(path));
            assertEquals(List.of(path), listing(), "the private directory of the bind is gone");
        }
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "the socket file is removed on close");
    }

    @Test
    void shouldAnswerAClientThatHalfClosesThenClose()
    {
        final Path path = dir.resolve("mc.sock");
        try (MemcachedServer server = MemcachedServer.builder().memoryLimitMegabytes(8).unixSocket(path).start();
            RawClient client = new RawClient(path))
        {
            assertEquals(path, server.socketPath());
            client.send("set a 0 0 1\r\nx\r\nget a\r\nversion\r\n").shutdownOutput();
            assertEquals("STORED\r\nVALUE a 0 1\r\nx\r\nEND\r\n" + VERSION_LINE, client.readToClose());
        }
    }

    @Test
    void shouldGiveTheSocketFileTheModeOfMinusA() throws IOException
    {
        final Path path = dir.resolve("mc.sock");
        try (MemcachedServer server = MemcachedServer.start(
            ServerConfig.parse("-s", path.toString(), "-a", "660", "-m", "8"));
            RawClient client = new RawClient(path))
        {
            assertEquals(path, server.socketPath());
            assertEquals("rw-rw----", mode(path));
            assertEquals("660", stat(client.send("stats settings\r\n").readUntil("END\r\n"), "umask"));
        }
    }

    @Test
    void shouldReplaceAStaleSocketFile() throws IOException
    {
        final Path path = dir.resolve("mc.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "the JDK leaves the file of a closed socket");
        try (MemcachedServer server = MemcachedServer.builder().memoryLimitMegabytes(8).unixSocket(path).start();
            RawClient client = new RawClient(path))
        {
            assertEquals(path, server.socketPath());
            assertEquals(VERSION_LINE, client.call("version\r\n", VERSION_LINE));
        }
    }

    @Test
    void shouldRefuseTheSocketOfALiveServerAndKeepServingIt() throws IOException
    {
        final Path path = dir.resolve("mc.sock");
        final MemcachedServerBuilder builder = MemcachedServer.builder().memoryLimitMegabytes(8).unixSocket(path);
        try (MemcachedServer first = builder.start(); RawClient client = new RawClient(path))
        {
            assertEquals(path, first.socketPath());
            final IllegalStateException ex = assertThrows(IllegalStateException.class, builder::start);
            assertEquals("cannot listen on unix socket " + path + ": a server listens on the unix socket " + path +
                ": stop it or choose another -s", ex.getMessage());
            assertEquals(VERSION_LINE, client.call("version\r\n", VERSION_LINE));
            try (RawClient second = new RawClient(path))
            {
                assertEquals(VERSION_LINE, second.call("version\r\n", VERSION_LINE));
            }
            assertEquals(List.of(path), listing());
        }
    }

    @Test
    void shouldRefuseAPathThatIsNotASocketAndLeaveItAlone() throws IOException
    {
        final Path path = dir.resolve("data.txt");
        Files.writeString(path, "keep me");
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> MemcachedServer.builder().memoryLimitMegabytes(8).unixSocket(path).start());
        assertEquals("cannot listen on unix socket " + path + ": " + path +
            " exists and is not a socket: remove it or choose another -s", ex.getMessage());
        assertEquals("keep me", Files.readString(path));
        assertEquals(List.of(path), listing());
    }

    @Test
    void shouldRefuseAPathTooLongForASocket()
    {
        final Path path = dir.resolve("x".repeat(120));
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> MemcachedServer.builder().memoryLimitMegabytes(8).unixSocket(path).start());
        assertTrue(ex.getMessage().endsWith("is too long: at most 107 bytes"), ex.getMessage());
    }

    @Test
    void shouldHoldTheConnectionLimitOnTheSocket()
    {
        final Path path = dir.resolve("mc.sock");
        try (MemcachedServer server = MemcachedServer.start(
            ServerConfig.parse("-s", path.toString(), "-m", "8", "-c", "2"));
            RawClient first = new RawClient(path);
            RawClient second = new RawClient(path))
        {
            assertEquals(path, server.socketPath());
            assertEquals(VERSION_LINE, first.call("version\r\n", VERSION_LINE));
            assertEquals(VERSION_LINE, second.call("version\r\n", VERSION_LINE));
            try (RawClient third = new RawClient(path))
            {
                assertEquals("ERROR Too many open connections\r\n", third.readToClose());
            }
            assertEquals("1", stat(first.send("stats\r\n").readUntil("END\r\n"), "rejected_connections"));
        }
    }

    @Test
    void shouldCloseAnIdleConnectionOnTheSocket()
    {
        final Path path = dir.resolve("mc.sock");
        try (MemcachedServer server = MemcachedServer.start(
            ServerConfig.parse("-s", path.toString(), "-m", "8", "--idle-timeout", "1"));
            RawClient idle = new RawClient(path))
        {
            assertEquals(path, server.socketPath());
            assertEquals(VERSION_LINE, idle.call("version\r\n", VERSION_LINE));
            assertEquals("", idle.readToClose(), "closed without a reply");
            try (RawClient client = new RawClient(path))
            {
                assertEquals("1", stat(client.send("stats\r\n").readUntil("END\r\n"), "idle_kicks"));
            }
        }
    }

    @Test
    void shouldServePymemcacheOnTheSocket() throws Exception
    {
        final Path path = dir.resolve("mc.sock");
        final String script = "import sys\n" +
            "from pymemcache.client.base import Client\n" +
            "c = Client(sys.argv[1])\n" +
            "c.set('py', b'from python')\n" +
            "print(c.get('py').decode())\n";
        try (MemcachedServer server = MemcachedServer.builder().memoryLimitMegabytes(8).unixSocket(path).start())
        {
            assertEquals(path, server.socketPath());
            // Debian's python3, which has python3-pymemcache, before whichever the PATH names first.
            final String python3 = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            final ProcessBuilder python = new ProcessBuilder(python3, "-c", script, path.toString())
                .redirectErrorStream(true);
            final Process process;
            try
            {
                process = python.start();
            }
            catch (final IOException ex)
            {
                Assumptions.abort("no python3: " + ex.getMessage());
                return;
            }
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            Assumptions.assumeFalse(output.contains("No module named 'pymemcache'"), "no pymemcache");
            assertEquals("from python\n", output);
            try (RawClient client = new RawClient(path))
            {
                assertEquals("VALUE py 0 11\r\nfrom python\r\nEND\r\n", client.send("get py\r\n").readUntil("END\r\n"));
            }
        }
    }

    @Test
    void shouldReadMinusSAndMinusAAsMemcachedDoes()
    {
        final ServerConfig config = ServerConfig.parse("-s", "/run/mc.sock", "-a", "0660");
        assertEquals(Path.of("/run/mc.sock"), config.socketPath());
        assertEquals(0660, config.unixMask());
        assertEquals(0700, ServerConfig.parse().unixMask());
        assertNull(ServerConfig.parse().socketPath());
        assertEquals(0755, ServerConfig.parse("--unix-mask=755", "--unix-socket=/tmp/a").unixMask());
        assertEquals(Path.of("/tmp/a"), ServerConfig.parse("-s/tmp/a").socketPath());
        assertEquals(List.of("-p", "0", "-s", "/tmp/b", "-a", "640"),
            MemcachedServer.builder().unixSocket(Path.of("/tmp/b")).unixMask(0640).commandLine());
    }

    @Test
    void shouldRefuseBadMinusSAndMinusA()
    {
        assertMessage("flag -a needs an octal mode of 1 to 4 digits 0-7 (as chmod), got '800'", "-a", "800");
        assertMessage("flag -a needs an octal mode of 1 to 4 digits 0-7 (as chmod), got 'rw'", "-a", "rw");
        assertMessage("flag -a needs an octal mode of 1 to 4 digits 0-7 (as chmod), got ''", "-a", "");
        assertMessage("flag -a needs an octal mode of 1 to 4 digits 0-7 (as chmod), got '00700'", "-a", "00700");
        assertMessage("flag -a must be at most 777 (octal), got 1777", "-a", "1777");
        assertMessage("flag --unix-mask needs an octal mode of 1 to 4 digits 0-7 (as chmod), got '-1'",
            "--unix-mask=-1");
        assertMessage("flag -s needs a path, got ''", "-s", "");
        assertThrows(ConfigException.class, () -> MemcachedServer.builder().unixMask(01000));
        assertThrows(ConfigException.class, () -> MemcachedServer.builder().unixMask(-1));
    }

    private List<Path> listing() throws IOException
    {
        try (var files = Files.list(dir))
        {
            return files.toList();
        }
    }

    private static String mode(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static void assertMessage(final String expected, final String... args)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> ServerConfig.parse(args));
        assertEquals(expected, ex.getMessage());
    }

    private static String stat(final String stats, final String name)
    {
        final Matcher matcher = Pattern.compile("STAT " + name + " (\\S+)\r\n").matcher(stats);
        assertTrue(matcher.find(), name + " in " + stats);
        return matcher.group(1);
    }
}
