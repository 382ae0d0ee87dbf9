/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command line in a JVM of its own, as an operator or a service manager runs it: what one JVM cannot show of
 * itself (its exit status on a signal, its pid file, the user check).
 */
class MainProcessTest
{
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private Process fork(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx64m",
            "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    }

    private String err() throws IOException
    {
        return Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    private String out() throws IOException
    {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    /** @return the port the child listens on, once it has written its pid file. */
    private int awaitListening(final Process process, final Path pidFile) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && process.isAlive())
        {
            final Matcher matcher = LISTENING.matcher(err());
            if (Files.exists(pidFile) && matcher.find())
            {
                return Integer.parseInt(matcher.group(1));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("the child did not listen within 30 s; its stderr: " + err());
    }

    private int stopped(final Process process) throws Exception
    {
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("the child did not stop within 30 s; its stderr: " + err());
        }
        return process.exitValue();
    }

    private void assertServesAndStopsCleanly(final String signal) throws Exception
    {
        final Path pidFile = dir.resolve("run").resolve("memcached.pid");
        Files.createDirectories(pidFile.getParent());
        final Process process = fork("-d", "-p", "0", "-l", "127.0.0.1", "-m", "8", "-u", "root", "-v",
            "-P", pidFile.toString());
        final int port = awaitListening(process, pidFile);
        assertEquals(process.pid() + "\n", Files.readString(pidFile));
        try (RawClient client = new RawClient(port))
        {
            assertEquals("STORED\r\n", client.call("set k 0 0 1\r\nv\r\n", "STORED\r\n"));
        }
        if ("TERM".equals(signal))
        {
            process.destroy();
        }
        else
        {
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
        }
        assertEquals(0, stopped(process), this::errQuietly);
        final String err = err();
        assertTrue(err.contains("-d: a JVM cannot detach itself"), err);
        assertTrue(err.endsWith("Exiting normally" + System.lineSeparator()), err);
        assertFalse(Files.exists(pidFile), "the pid file is still there");
    }

    private String errQuietly()
    {
        try
        {
            return err();
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    @Test
    void shouldExitZeroOnSigtermWithALogLineAndNoPidFileLeft() throws Exception
    {
        assertServesAndStopsCleanly("TERM");
    }

    @Test
    void shouldExitZeroOnSigintWithALogLineAndNoPidFileLeft() throws Exception
    {
        assertServesAndStopsCleanly("INT");
    }

    @Test
    void shouldPrintItsNameAndVersionUnderV() throws Exception
    {
        final Process process = fork("-V");
        assertEquals(0, stopped(process));
        assertTrue(out().matches("slab-memcached \\d+\\.\\d+\\.\\d+\\S*\\R"), out());
        assertEquals("", err());
    }

    @Test
    void shouldRefuseToRunAsRootWithoutUser() throws Exception
    {
        assumeTrue(ProcessUser.isRoot(), "only a process run as root is refused");
        final Process process = fork("-p", "0", "-l", "127.0.0.1");
        assertEquals(Main.EXIT_USAGE, stopped(process));
        assertEquals("can't run as root without the -u switch" + System.lineSeparator(), err());
    }

    @Test
    void shouldRefuseToRunAsRootAsAnotherUserNamingTheLauncher() throws Exception
    {
        assumeTrue(ProcessUser.isRoot(), "only a process run as root is refused");
        final Process process = fork("-p", "0", "-l", "127.0.0.1", "-u", "nobody");
        assertEquals(Main.EXIT_USAGE, stopped(process));
        assertTrue(err().startsWith("can't run as root with -u nobody: a JVM cannot switch users; start it through " +
            "bin/slab-memcached"), err());
    }

    @Test
    void shouldStartWithDebiansMemcachedConfWhenNotRoot() throws Exception
    {
        assumeFalse(ProcessUser.isRoot(), "as root, -u memcache needs the launcher");
        final Path pidFile = dir.resolve("memcached.pid");
        final Process process = fork("-d", "-m", "64", "-p", "0", "-u", "memcache", "-l", "127.0.0.1", "-v",
            "-P", pidFile.toString());
        awaitListening(process, pidFile);
        process.destroy();
        assertEquals(0, stopped(process));
        assertFalse(Files.exists(pidFile));
    }
}
