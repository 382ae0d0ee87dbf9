/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.function.LongSupplier;

/**
 * A clock in Unix seconds that tests move by hand.
 */
final class FakeClock implements LongSupplier
{
    private volatile long now;

    FakeClock(final long now)
    {
        this.now = now;
    }

    @Override
    public long getAsLong()
    {
        return now;
    }

    void advance(final long seconds)
    {
        now += seconds;
    }

    void set(final long unixSeconds)
    {
        now = unixSeconds;
    }
}
