/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The -P pid file, kept as memcached's save_pid() and remove_pidfile() keep it: written under a temporary name and
 * renamed, so that a reader never finds it empty; a warning when it held the pid of a running process; a failure to
 * write or remove it is reported and the server runs on.
 */
final class PidFile
{
    private final Path path;

    private PidFile(final Path path)
    {
        this.path = path;
    }

    /**
     * @param path the file.
     * @param pid  the pid to write.
     * @param err  where a warning or a failure goes.
     * @return the file written, or null when it could not be.
     */
    static PidFile write(final Path path, final long pid, final PrintStream err)
    {
        final long previous = readPid(path);
        if (previous > 0 && previous != pid && ProcessHandle.of(previous).map(ProcessHandle::isAlive).orElse(false))
        {
            err.println("WARNING: The pid file contained the following (running) pid: " + previous);
        }
        final Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try
        {
            Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new PidFile(path);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("Could not write the pid file " + path + ": " + ex);
            return null;
        }
    }

    private static long readPid(final Path path)
    {
        try
        {
            return Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim());
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }

    /**
     * Deletes the file.
     *
     * @param err where a failure goes.
     */
    void remove(final PrintStream err)
    {
        try
        {
            Files.delete(path);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("Could not remove the pid file " + path + ": " + ex);
        }
    }
}
