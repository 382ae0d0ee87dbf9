/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.sun.security.auth.module.UnixSystem;

/**
 * Who the process runs as, and whether {@code -u} lets it run: memcached refuses to run as root without {@code -u}
 * and switches to that user; a JVM cannot switch users, so as root only {@code -u root} runs here, and any other
 * user is refused with the way out (the launcher, which switches before it starts java). Not root, {@code -u} is
 * ignored, as memcached ignores it.
 */
final class ProcessUser
{
    /** memcached's message, word for word. */
    static final String ROOT_WITHOUT_USER = "can't run as root without the -u switch";

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessUser()
    {
    }

    /**
     * @return whether the real or the effective user is root, as memcached asks (getuid() or geteuid() is 0).
     */
    static boolean isRoot()
    {
        try
        {
            return rootInStatus(Files.readAllLines(STATUS));
        }
        catch (final IOException | RuntimeException ex)
        {
            return unixUid() == 0;
        }
    }

    /**
     * @param lines {@code /proc/self/status}, whose "Uid:" line holds the real, effective, saved and file uids.
     * @return whether the real or the effective uid is 0.
     * @throws IllegalStateException when no "Uid:" line is there.
     */
    static boolean rootInStatus(final List<String> lines)
    {
        for (final String line : lines)
        {
            if (line.startsWith("Uid:"))
            {
                final String[] ids = line.substring(4).trim().split("\\s+");
                return "0".equals(ids[0]) || (ids.length > 1 && "0".equals(ids[1]));
            }
        }
        throw new IllegalStateException("no Uid: line in " + STATUS);
    }

    private static long unixUid()
    {
        try
        {
            return new UnixSystem().getUid();
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return -1;
        }
    }

    /**
     * @param root whether the process runs as root.
     * @param user what -u gave, or null.
     * @return why the server must not start, or null when it may.
     */
    static String refusal(final boolean root, final String user)
    {
        if (!root || "root".equals(user))
        {
            return null;
        }
        if (null == user)
        {
            return ROOT_WITHOUT_USER;
        }
        return "can't run as root with -u " + user + ": a JVM cannot switch users; start it through " +
            "bin/slab-memcached, which starts java as " + user + ", or start java as " + user + " yourself";
    }
}
