/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PidFileTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void shouldWriteThePidAndANewlineThenRemoveIt() throws IOException
    {
        final Path path = dir.resolve("m.pid");
        final PidFile pidFile = PidFile.write(path, 4242, err);
        assertNotNull(pidFile);
        assertEquals("4242\n", Files.readString(path));
        assertFalse(Files.exists(dir.resolve("m.pid.tmp")));
        pidFile.remove(err);
        assertFalse(Files.exists(path));
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWarnWhenTheFileHeldTheRunningPidOfAnotherProcess() throws IOException
    {
        final Path path = dir.resolve("m.pid");
        final long running = ProcessHandle.current().pid();
        Files.writeString(path, running + "\n");
        assertNotNull(PidFile.write(path, running + 1_000_000, err));
        assertEquals("WARNING: The pid file contained the following (running) pid: " + running +
            System.lineSeparator(), errBytes.toString(StandardCharsets.UTF_8));
        assertEquals((running + 1_000_000) + "\n", Files.readString(path));
    }

    @Test
    void shouldReportAFileItCannotWriteAndRunOn()
    {
        final Path path = dir.resolve("missing-dir").resolve("m.pid");
        assertNull(PidFile.write(path, 4242, err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).startsWith("Could not write the pid file " + path),
            errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReportAFileItCannotRemove() throws IOException
    {
        final Path path = dir.resolve("m.pid");
        final PidFile pidFile = PidFile.write(path, 4242, err);
        Files.delete(path);
        pidFile.remove(err);
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).startsWith("Could not remove the pid file " + path),
            errBytes.toString(StandardCharsets.UTF_8));
    }
}
