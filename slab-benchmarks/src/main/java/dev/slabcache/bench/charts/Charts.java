/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Draws the README's charts, as SVG, from JMH results ({@code -rf json}) and from the output of
 * {@code slab-memcached/scripts/perf.sh}. {@code scripts/charts.sh} runs the benchmarks and then this program:
 * <pre>
 * java -cp slab-benchmarks/target/benchmarks.jar dev.slabcache.bench.charts.Charts \
 *     --out docs [--server perf.txt] [--placeholders] cache.json threads-1.json threads-2.json sizes.json
 * </pre>
 * Each chart is drawn from the results of its benchmark found in any of the JSON files; a chart whose benchmark is
 * in none of them is not written, unless {@code --placeholders} asks for a chart that says it has no figures yet.
 */
public final class Charts
{
    /**
     * {@code CacheBenchmark}: one thread, ns per allocate + write + free, by thread mode, floor and peer.
     */
    public static final String CACHE_CHART = "cache-modes.svg";

    /**
     * {@code ThreadsBenchmark}: ns per operation seen by each thread, by thread count.
     */
    public static final String THREADS_CHART = "threads.svg";

    /**
     * {@code SizeClassBenchmark}: random sizes from 64 B to 16 KiB, against Netty.
     */
    public static final String SIZE_CLASS_CHART = "size-classes.svg";

    /**
     * {@code perf.sh}: successful operations a second, slab-memcached against memcached.
     */
    public static final String SERVER_THROUGHPUT_CHART = "server-throughput.svg";

    /**
     * {@code perf.sh}: the server's CPU time per successful operation, slab-memcached against memcached.
     */
    public static final String SERVER_CPU_CHART = "server-cpu.svg";

    private static final String USAGE = "usage: Charts --out DIR [--server PERF_OUTPUT] [--placeholders] JMH_JSON...";

    private Charts()
    {
    }

    /**
     * Reads the results named on the command line and writes the charts.
     *
     * @param args {@code --out DIR}, optionally {@code --server FILE} and {@code --placeholders}, then JMH JSON files.
     * @throws IOException when a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        try
        {
            Path out = null;
            Path server = null;
            boolean placeholders = false;
            final List<JmhScore> scores = new ArrayList<>();
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--out" -> out = Path.of(valueOf(args, ++i, "--out"));
                    case "--server" -> server = Path.of(valueOf(args, ++i, "--server"));
                    case "--placeholders" -> placeholders = true;
                    default -> scores.addAll(JmhResults.read(Path.of(args[i])));
                }
            }
            if (null == out)
            {
                throw new IllegalArgumentException("--out DIR is required");
            }

            final List<ServerRun> runs = null == server ? List.of() : ServerRun.read(server);
            for (final Map.Entry<String, BarChart> chart : charts(scores, runs).entrySet())
            {
                if (placeholders || chart.getValue().rows() > 0)
                {
                    final Path file = out.resolve(chart.getKey());
                    Files.createDirectories(out);
                    Files.writeString(file, chart.getValue().toSvg(), StandardCharsets.UTF_8);
                    System.out.println("wrote " + file + " (" + chart.getValue().rows() + " rows)");
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("Charts: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private static Map<String, BarChart> charts(final List<JmhScore> scores, final List<ServerRun> runs)
    {
        final Map<String, BarChart> charts = new LinkedHashMap<>();
        charts.put(CACHE_CHART, cacheChart(scores));
        charts.put(THREADS_CHART, threadsChart(scores));
        charts.put(SIZE_CLASS_CHART, sizeClassChart(scores));
        charts.put(SERVER_THROUGHPUT_CHART, serverChart(runs, "Throughput: slab-memcached against memcached",
            "memcaslap, 90% get and 10% set; successful operations a second, median of the runs: longer is better",
            "operations/s", true));
        charts.put(SERVER_CPU_CHART, serverChart(runs, "CPU time per operation: slab-memcached against memcached",
            "the server's user + system CPU time per successful operation, median of the runs: shorter is better",
            "µs/op", false));
        return charts;
    }

    private static BarChart cacheChart(final List<JmhScore> scores)
    {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("singleOwner", "SINGLE_OWNER cache");
        labels.put("magazines", "MAGAZINES cache (default)");
        labels.put("locked", "LOCKED cache");
        labels.put("nettyPooled", "Netty pooled directBuffer(64)");
        labels.put("segment", "bare SlotSegment");
        labels.put("segmentWithHandleLookups", "floor A: segment + handle checks");
        labels.put("segmentWithStateCas", "floor B: segment + 2 CAS");
        labels.put("segmentWithStateCasAndThreadLocal", "floor B + 2 thread-locals");
        final Predicate<JmhScore> defaults = (score) -> "false".equals(score.param("mixedModes", "false")) &&
            "false".equals(score.param("jfrRecording", "false")) && "0".equals(score.param("threadLocalsBefore", "0"));

        return fromScores("CacheBenchmark: one thread, by thread mode, beside the floors and Netty",
            "ns per allocate + write + free of a 64-byte slot, median of the iterations: shorter is faster " +
            "(allocateDirect, which cannot free, left out)",
            scores, "CacheBenchmark", labels, defaults,
            (score) -> score.param("liveSlots", "?") + " slots live", byLeadingNumber().reversed());
    }

    private static BarChart threadsChart(final List<JmhScore> scores)
    {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("magazines", "MAGAZINES cache, shared");
        labels.put("locked", "LOCKED cache, shared");
        labels.put("singleOwner", "SINGLE_OWNER cache per thread");
        labels.put("globalLockFreeList", "free list under one lock, shared");
        labels.put("nettyPooled", "Netty pooled, shared");
        labels.put("recycler", "Netty Recycler (heap objects)");

        return fromScores("ThreadsBenchmark: threads sharing one allocator",
            "ns per allocate + write + free seen by each thread: a flat row scales; " +
            "more threads than cores oversubscribe",
            scores, "ThreadsBenchmark", labels, (score) -> true,
            (score) -> score.threads() + (1 == score.threads() ? " thread" : " threads"),
            byLeadingNumber());
    }

    private static BarChart sizeClassChart(final List<JmhScore> scores)
    {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("sizeClasses", "SizeClassCache (default)");
        labels.put("sizeClassesWrapped", "SizeClassCache, through a SlotFlyweight");
        labels.put("sizeClassesSingleOwner", "SizeClassCache, SINGLE_OWNER");
        labels.put("nettyPooled", "Netty pooled directBuffer(size)");
        labels.put("oneClass", "floor: one SlabCache, no classes");
        labels.put("segmentsBySize", "floor: a bare segment per class");

        return fromScores("SizeClassBenchmark: sizes from 64 B to 16 KiB, against Netty",
            "ns per allocate + write + free at seeded random sizes, median of the iterations: shorter is faster",
            scores, "SizeClassBenchmark", labels, (score) -> true,
            (score) -> score.param("liveItems", "?") + " items live", byLeadingNumber().reversed());
    }

    private static BarChart serverChart(
        final List<ServerRun> runs, final String title, final String subtitle, final String unit,
        final boolean throughput)
    {
        final BarChart chart = new BarChart(title, subtitle, unit, List.of("memcached", "slab-memcached"));
        for (final ServerRun run : runs)
        {
            chart.row(String.format(Locale.ROOT, "%,d-byte values", run.valueBytes()),
                throughput ? run.memcachedOps() : run.memcachedCpu(),
                throughput ? run.oursOps() : run.oursCpu());
        }

        return chart;
    }

    private static BarChart fromScores(
        final String title,
        final String subtitle,
        final List<JmhScore> scores,
        final String benchmark,
        final Map<String, String> labels,
        final Predicate<JmhScore> include,
        final Function<JmhScore, String> seriesOf,
        final Comparator<String> seriesOrder)
    {
        final Map<String, Map<String, Double>> byMethod = new LinkedHashMap<>();
        final Map<String, Boolean> seriesSeen = new TreeMap<>(seriesOrder);
        String unit = null;
        for (final JmhScore score : scores)
        {
            if (benchmark.equals(score.benchmark()) && labels.containsKey(score.method()) && include.test(score))
            {
                if (null != unit && !unit.equals(score.unit()))
                {
                    throw new IllegalArgumentException(
                        benchmark + " has scores in " + unit + " and in " + score.unit() + ": run it with one -tu");
                }
                unit = score.unit();
                final String series = seriesOf.apply(score);
                seriesSeen.put(series, Boolean.TRUE);
                final Double previous = byMethod.computeIfAbsent(score.method(), (m) -> new LinkedHashMap<>())
                    .put(series, score.score());
                if (null != previous)
                {
                    throw new IllegalArgumentException(benchmark + "." + score.method() + " (" + series +
                        ") appears twice in the results: give each run's JSON once");
                }
            }
        }

        final List<String> series = seriesSeen.isEmpty() ? List.of("no results") : List.copyOf(seriesSeen.keySet());
        final BarChart chart = new BarChart(title, subtitle, null == unit ? "" : unit, series);
        for (final Map.Entry<String, String> label : labels.entrySet())
        {
            final Map<String, Double> values = byMethod.get(label.getKey());
            if (null != values)
            {
                final double[] row = new double[series.size()];
                for (int i = 0; i < row.length; i++)
                {
                    row[i] = values.getOrDefault(series.get(i), Double.NaN);
                }
                chart.row(label.getValue(), row);
            }
        }

        return chart;
    }

    private static Comparator<String> byLeadingNumber()
    {
        return Comparator.comparingLong((String series) -> Long.parseLong(series.substring(0, series.indexOf(' '))))
            .thenComparing(Comparator.naturalOrder());
    }

    private static String valueOf(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }

        return args[index];
    }
}
