/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.net.ServerSocket;
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
        final long directMib = (budget.itemBytes() + budget.connectionBytes() + (1 << 20) - 1) >> 20;
        final String commandLine = commandLine(server);
        assertTrue(commandLine.contains(" -XX:MaxDirectMemorySize=" + directMib + "m "), commandLine);
        // 32 MiB, 28 bytes an item of the smallest class (112 bytes), 16 KiB a connection.
        final long heapMib = 32 + ((32L << 20) / 112 * 28 >> 20) + (256L * 16 * 1024 >> 20);
        assertTrue(commandLine.contains(" -Xmx" + heapMib + "m "), commandLine);
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
