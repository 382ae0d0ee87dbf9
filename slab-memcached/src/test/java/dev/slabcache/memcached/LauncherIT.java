/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembled distribution's launcher, target/dist/bin/slab-memcached, run as an operator runs it: memcached's
 * flags and no JVM flag. Run by Failsafe in the verify phase, after package has assembled the distribution.
 */
class LauncherIT
{
    private static final Path LAUNCHER = Path.of("target", "dist", "bin", "slab-memcached");

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException
    {
        if (null != server && server.isAlive())
        {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldStartTheJarWithNoJvmFlagAndServeASetAndAGet() throws Exception
    {
        final int port = freePort();
        server = launch(List.of("-p", Integer.toString(port), "-l", "127.0.0.1", "-m", "16"));

        final byte[] value = "a value from the launcher".getBytes(StandardCharsets.US_ASCII);
        try (TextConnection connection = connect(port))
        {
            connection.writeStorage("set", "launched", value);
            connection.writeLine("get launched");
            connection.flush();
            assertEquals("STORED", connection.readLine());
            assertArrayEquals(value, connection.readGet("launched"));
        }
        final String commandLine = commandLine(server);
        assertTrue(commandLine.contains("--add-opens java.base/jdk.internal.misc=ALL-UNNAMED"), commandLine);
        assertTrue(commandLine.contains("-XX:+UseSerialGC"), commandLine);
    }

    @Test
    void shouldSizeDirectMemoryAndTheHeapFromMemoryAndConnectionsInEveryFormOfTheFlags() throws Exception
    {
        final int port = freePort();
        server = launch(List.of("-p" + port, "-l", "127.0.0.1", "--memory-limit=32", "--conn-limit", "256"));
        connect(port).close();

        final DirectMemoryBudget budget = DirectMemoryBudget.of(
            ServerConfig.parse("-p", "0", "--memory-limit=32", "--conn-limit", "256"));
        // The server's budget, and two 1 MiB pages more per connection: a value read in and one written out.
        final long directMib = (budget.itemBytes() + budget.connectionBytes() + 256L * 2 * (1 << 20) +
            (1 << 20) - 1) >> 20;
        final String commandLine = commandLine(server);
        assertTrue(commandLine.contains(" -XX:MaxDirectMemorySize=" + directMib + "m "), commandLine);
        // 32 MiB, 28 bytes an item of the smallest class (96 bytes), 16 KiB a connection.
        final long heapMib = 32 + ((32L << 20) / 96 * 28 >> 20) + (256L * 16 * 1024 >> 20);
        assertTrue(commandLine.contains(" -Xmx" + heapMib + "m "), commandLine);
    }

    @Test
    void shouldStoreALargeValueFromEveryConnectionAtOnceWithoutAnOutOfMemoryError() throws Exception
    {
        final int port = freePort();
        final int clients = 32;
        server = launch(List.of("-p", Integer.toString(port), "-l", "127.0.0.1", "-m", "16", "-c",
            Integer.toString(clients + 1), "-t", "1"));
        try (TextConnection filler = connect(port))
        {
            final byte[] fill = ValueCodec.pattern(100_000, 0);
            for (int i = 0; i < 300; i++)
            {
                filler.writeStorage("set", "fill-" + i, fill);
            }
            filler.flush();
            for (int i = 0; i < 300; i++)
            {
                assertEquals("STORED", filler.readLine(), "set fill-" + i);
            }
            assertTrue(Long.parseLong(filler.stats(null).get("evictions")) > 0, "every page is made");

            // Every connection 800 KB into a 900 KB value, all read by the server before any ends: with every
            // page made, 32 read buffers of 1 MiB need more than the budget the server checks for at start (18.5
            // MiB here), which is all a JVM sized to that budget has; the launcher's limit leaves them room.
            final Socket[] sockets = new Socket[clients];
            final byte[] value = ValueCodec.pattern(900_000, 1);
            final long bytesRead = Long.parseLong(filler.stats(null).get("bytes_read"));
            for (int i = 0; i < clients; i++)
            {
                sockets[i] = new Socket("127.0.0.1", port);
                sockets[i].setSoTimeout(60_000);
                final OutputStream out = sockets[i].getOutputStream();
                out.write(("set large-" + i + " 0 0 " + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(value, 0, 800_000);
                out.flush();
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Long.parseLong(filler.stats(null).get("bytes_read")) < bytesRead + clients * 800_000L)
            {
                assertTrue(System.nanoTime() < deadline, "the server did not read the values' first parts");
                Thread.sleep(50);
            }
            for (int i = 0; i < clients; i++)
            {
                final OutputStream out = sockets[i].getOutputStream();
                out.write(value, 800_000, value.length - 800_000);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            for (int i = 0; i < clients; i++)
            {
                final byte[] reply = sockets[i].getInputStream().readNBytes("STORED\r\n".length());
                assertEquals("STORED\r\n", new String(reply, StandardCharsets.US_ASCII), "set large-" + i);
                sockets[i].close();
            }
        }
        assertTrue(server.isAlive());
    }

    @Test
    void shouldDetachUnderDWriteThePidFileAndStopCleanlyOnSigterm() throws Exception
    {
        final int port = freePort();
        final Path pidFile = dir.resolve("slab-memcached.pid");
        final Path log = dir.resolve("daemon.log");
        final Path config = dir.resolve("memcached.conf");
        Files.writeString(config, "-d\nlogfile " + log + "\n");
        server = launch(List.of("--config", config.toString(), "-p", Integer.toString(port), "-l", "127.0.0.1",
            "-m", "16", "-P", pidFile.toString(), "-v"));

        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the launcher returns once the server listens");
        assertEquals(0, server.exitValue(), () -> output(server));
        final ProcessHandle daemon = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
            .orElseThrow(() -> new AssertionError("no process of the pid in " + pidFile));
        try (TextConnection connection = new TextConnection(port))
        {
            assertEquals("16777216", connection.stats(null).get("limit_maxbytes"));
        }
        daemon.destroy();
        daemon.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(pidFile), "the pid file is removed on a clean stop");
        final String logged = Files.readString(log);
        assertTrue(logged.contains("Exiting normally"), logged);
        assertFalse(logged.contains("cannot detach"), logged);
    }

    @Test
    void shouldTakeFlagsFromAConfigFileInDebiansFormatBeforeThoseOfTheCommandLine() throws Exception
    {
        final int port = freePort();
        final Path config = dir.resolve("memcached.conf");
        Files.writeString(config, String.join("\n",
            "# Debian's /etc/memcached.conf format",
            "logfile " + dir.resolve("unused-in-the-foreground.log"),
            "  -m 16   # a comment after a flag",
            "",
            "-p 1",
            "-l 127.0.0.1",
            "-c 64"));
        server = launch(List.of("--config", config.toString(), "-p", Integer.toString(port)));

        try (TextConnection connection = connect(port))
        {
            assertEquals("16777216", connection.stats(null).get("limit_maxbytes"));
            assertEquals("64", connection.stats(null).get("max_connections"));
        }
    }

    @Test
    void shouldRefuseAnUnknownDirectiveOfTheConfigFileOnOneLine() throws Exception
    {
        final Path config = dir.resolve("memcached.conf");
        Files.writeString(config, "-m 16\nmaxmemory 64\n");

        server = launch(List.of("--config", config.toString()));

        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, server.exitValue());
        assertEquals("slab-memcached: " + config + ": unknown directive 'maxmemory' (flags start with '-'; or " +
            "logfile PATH)", new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    private Process launch(final List<String> args) throws IOException
    {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is not there: run the package phase first");
        final List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(args);
        // As memcached, the server refuses to run as root without -u; as any other user -u changes nothing.
        command.add("-u");
        command.add(System.getProperty("user.name"));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("SLAB_MEMCACHED_JAVA_OPTS");
        return builder.start();
    }

    private TextConnection connect(final int port) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true)
        {
            assertTrue(server.isAlive(), () -> "the launcher ended: " + output(server));
            try
            {
                return new TextConnection(port);
            }
            catch (final IOException ex)
            {
                assertFalse(System.nanoTime() > deadline, "nothing listens on " + port + " after 30 s");
                Thread.sleep(100);
            }
        }
    }

    private static String commandLine(final Process process) throws IOException
    {
        // The launcher execs java, so its process is the JVM.
        final byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static String output(final Process process)
    {
        try
        {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
