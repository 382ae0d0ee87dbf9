/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Meters in one registry that read one snapshot of a cache's statistics per scrape.
 * <p>
 * A registry reads each meter once per scrape, so a meter that reads the snapshot a second time marks the start of
 * the next scrape: the snapshot is taken again then, and only then. One scrape of N meters thus costs one
 * {@code stats()} call, whatever order the registry reads them in, and needs no clock.
 * <p>
 * When the source throws {@link IllegalStateException}, the cache is closed (or was collected): gauges read NaN
 * from then on, and counters keep the last counts they read, since a closed cache's counts no longer change and a
 * counter must not fall. No read throws.
 * <p>
 * Gauges hold their reader strongly and each reader holds this object, which holds every reader, so the
 * function counters (which Micrometer holds weakly) live as long as the gauges do.
 *
 * @param <S> the statistics snapshot.
 */
final class ScrapedStats<S>
{
    private final Supplier<S> source;
    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Reader> readers = new ArrayList<>();
    private S snapshot;
    private long generation;
    private boolean gone;

    /**
     * @param source   takes a snapshot; throws {@link IllegalStateException} once the cache is closed.
     * @param registry where the meters go.
     * @param tags     tags of every meter.
     */
    ScrapedStats(final Supplier<S> source, final MeterRegistry registry, final Tags tags)
    {
        this.source = source;
        this.registry = registry;
        this.tags = tags;
    }

    /**
     * Registers a gauge of one figure of the snapshot; NaN once the cache is gone.
     */
    void gauge(
        final String name, final String description, final String unit, final Tags more, final ToDoubleFunction<S> figure)
    {
        final Reader reader = reader(figure, Double.NaN);
        Gauge.builder(name, reader, Reader::read)
            .description(description)
            .baseUnit(unit)
            .tags(tags.and(more))
            .strongReference(true)
            .register(registry);
    }

    /**
     * Registers a function counter of one count of the snapshot; its last value once the cache is gone.
     */
    void counter(final String name, final String description, final Tags more, final ToDoubleFunction<S> count)
    {
        final Reader reader = reader(count, 0);
        FunctionCounter.builder(name, reader, Reader::read)
            .description(description)
            .tags(tags.and(more))
            .register(registry);
    }

    private Reader reader(final ToDoubleFunction<S> figure, final double initial)
    {
        final Reader reader = new Reader(figure, initial, Double.isNaN(initial));
        readers.add(reader);
        return reader;
    }

    /**
     * @return the snapshot for {@code reader}, taken again when the reader already read the current one; null once
     * the cache is gone.
     */
    private synchronized S snapshotFor(final Reader reader)
    {
        if (gone)
        {
            return null;
        }
        if (null == snapshot || reader.seen == generation)
        {
            try
            {
                snapshot = source.get();
                generation++;
            }
            catch (final IllegalStateException ex)
            {
                gone = true;
                snapshot = null;
                return null;
            }
        }
        reader.seen = generation;
        return snapshot;
    }

    /**
     * One meter's view of the snapshot.
     */
    private final class Reader
    {
        private final ToDoubleFunction<S> figure;
        private final boolean nanWhenGone;
        private double last;
        private long seen = -1;

        Reader(final ToDoubleFunction<S> figure, final double initial, final boolean nanWhenGone)
        {
            this.figure = figure;
            this.last = initial;
            this.nanWhenGone = nanWhenGone;
        }

        double read()
        {
            final S stats = snapshotFor(this);
            if (null == stats)
            {
                return nanWhenGone ? Double.NaN : last;
            }
            last = figure.applyAsDouble(stats);
            return last;
        }
    }
}
