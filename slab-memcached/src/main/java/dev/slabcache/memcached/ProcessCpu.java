/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's CPU time split into user and system time, as memcached's rusage_user and rusage_system: read from
 * {@code /proc/self/stat} (utime and stime, in clock ticks), since the JDK's beans give only the total. Where that
 * file cannot be read (not Linux), the total from the operating system bean counts as user time and system time
 * reads 0.
 */
final class ProcessCpu
{
    /**
     * Clock ticks a second in /proc: USER_HZ, which Linux fixes at 100 for user space on every architecture we run
     * on ({@code getconf CLK_TCK}), whatever the kernel's own HZ.
     */
    static final long TICKS_PER_SECOND = 100;

    private static final Path STAT = Path.of("/proc/self/stat");
    private static final int UTIME_FIELD = 14;

    private ProcessCpu()
    {
    }

    /**
     * @return {user, system} CPU time of the process in microseconds.
     */
    static long[] userAndSystemMicros()
    {
        try
        {
            return parse(Files.readString(STAT));
        }
        catch (final IOException | RuntimeException ex)
        {
            return new long[]{totalNanos() / 1000, 0};
        }
    }

    /**
     * Reads utime and stime from a /proc/[pid]/stat line. The command name, field 2, is in parentheses and may
     * hold spaces, so fields are counted from after its closing parenthesis.
     *
     * @param line the file's content.
     * @return {user, system} in microseconds.
     * @throws IllegalArgumentException when the line has no utime and stime.
     */
    static long[] parse(final String line)
    {
        final int close = line.lastIndexOf(')');
        if (close < 0)
        {
            throw new IllegalArgumentException("no ')' after the command name in '" + line + "'");
        }
        final String[] fields = line.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        final int utime = UTIME_FIELD - 3;
        if (fields.length <= utime + 1)
        {
            throw new IllegalArgumentException("fewer than 15 fields in '" + line + "'");
        }
        final long micros = 1_000_000 / TICKS_PER_SECOND;
        return new long[]{Long.parseLong(fields[utime]) * micros, Long.parseLong(fields[utime + 1]) * micros};
    }

    /**
     * @param micros a time in microseconds.
     * @return it as memcached prints a timeval: seconds, a dot and six digits.
     */
    static String seconds(final long micros)
    {
        final String fraction = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
        return micros / 1_000_000 + "." + fraction;
    }

    private static long totalNanos()
    {
        final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun)
        {
            return Math.max(0, sun.getProcessCpuTime());
        }
        return 0;
    }
}
