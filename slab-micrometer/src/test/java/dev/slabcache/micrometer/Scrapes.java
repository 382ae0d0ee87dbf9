/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.micrometer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a registry does when it is scraped: reads every meter once.
 */
final class Scrapes
{
    private Scrapes()
    {
    }

    /**
     * Reads every meter once, in the registry's order or the reverse.
     *
     * @return how many values were read.
     */
    static int scrape(final MeterRegistry registry, final boolean reversed)
    {
        final List<Meter> meters = new ArrayList<>(registry.getMeters());
        if (reversed)
        {
            Collections.reverse(meters);
        }
        int values = 0;
        for (final Meter meter : meters)
        {
            for (final Measurement measurement : meter.measure())
            {
                measurement.getValue();
                values++;
            }
        }
        return values;
    }

    /**
     * @return a source that counts its calls in {@code calls}.
     */
    static <S> Supplier<S> counting(final Supplier<S> source, final AtomicInteger calls)
    {
        return () ->
        {
            calls.incrementAndGet();
            return source.get();
        };
    }
}
