/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.function.LongSupplier;

/**
 * The server's clock, in Unix seconds: a field that a timer refreshes every {@link #TICK_MILLIS}, as memcached's
 * clock_handler refreshes its current_time, so that a command reads the time without asking the system, which
 * costs about 100 ns a call on a virtual machine. Never behind the system clock by more than a tick and the
 * timer's delay; memcached's is up to a second behind.
 */
final class CoarseClock implements LongSupplier
{
    /** How often {@link #tick()} is meant to run. */
    static final long TICK_MILLIS = 10;

    private volatile long unixSeconds = System.currentTimeMillis() / 1000;

    /** Reads the system clock; run by a timer every {@link #TICK_MILLIS}. */
    void tick()
    {
        unixSeconds = System.currentTimeMillis() / 1000;
    }

    /** @return the Unix second of the last tick. */
    @Override
    public long getAsLong()
    {
        return unixSeconds;
    }
}
