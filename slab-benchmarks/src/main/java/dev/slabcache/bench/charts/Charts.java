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

    private static final ScoreChart CACHE_SCORES = new ScoreChart(
        "CacheBenchmark: one thread, by thread mode, beside the floors and Netty",
        "ns per allocate + write + free of a 64-byte slot, median of the iterations: shorter is faster " +
        "(allocateDirect, which cannot free, left out)",
        "CacheBenchmark",
        labels(
            "singleOwner", "SINGLE_OWNER cache",
            "magazines", "MAGAZINES cache (default)",
            "locked", "LOCKED cache",
            "nettyPooled", "Netty pooled directBuffer(64)",
            "segment", "bare SlotSegment",
            "segmentWithHandleLookups", "floor A: segment + handle checks",
            "segmentWithStateCas", "floor B: segment + 2 CAS",
            "segmentWithStateCasAndThreadLocal", "floor B + 2 thread-locals"),
        (score) -> "false".equals(score.param("mixedModes", "false")) &&
            "false".equals(score.param("jfrRecording", "false")) && "0".equals(score.param("threadLocalsBefore", "0")),
        (score) -> score.param("liveSlots", "?") + " slots live", byLeadingNumber().reversed());

    private static final ScoreChart THREADS_SCORES = new ScoreChart(
        "ThreadsBenchmark: threads sharing one allocator",
        "ns per allocate + write + free seen by each thread: a flat row scales; " +
        "more threads than cores oversubscribe",
        "ThreadsBenchmark",
        labels(
            "magazines", "MAGAZINES cache, shared",
            "locked", "LOCKED cache, shared",
            "singleOwner", "SINGLE_OWNER cache per thread",
            "globalLockFreeList", "free list under one lock, shared",
            "nettyPooled", "Netty pooled, shared",
            "recycler", "Netty Recycler (heap objects)"),
        (score) -> true,
        (score) -> score.threads() + (1 == score.threads() ? " thread" : " threads"),
        byLeadingNumber());

    private static final ScoreChart SIZE_CLASS_SCORES = new ScoreChart(
        "SizeClassBenchmark: sizes from 64 B to 16 KiB, against Netty",
        "ns per allocate + write + free at seeded random sizes, median of the iterations: shorter is faster",
        "SizeClassBenchmark",
        labels(
            "sizeClasses", "SizeClassCache (default)",
            "sizeClassesWrapped", "SizeClassCache, through a SlotFlyweight",
            "sizeClassesSingleOwner", "SizeClassCache, SINGLE_OWNER",
            "nettyPooled", "Netty pooled directBuffer(size)",
            "oneClass", "floor: one SlabCache, no classes",
            "segmentsBySize", "floor: a bare segment per class"),
        (score) -> true,
        (score) -> score.param("liveItems", "?") + " items live", byLeadingNumber().reversed());

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
        charts.put(CACHE_CHART, CACHE_SCORES.draw(scores));
        charts.put(THREADS_CHART, THREADS_SCORES.draw(scores));
        charts.put(SIZE_CLASS_CHART, SIZE_CLASS_SCORES.draw(scores));
        charts.put(SERVER_THROUGHPUT_CHART, serverChart(runs, "Throughput: slab-memcached against memcached",
            "memcaslap, 90% get and 10% set; successful operations a second, median of the runs: longer is better",
            "operations/s", true));
        charts.put(SERVER_CPU_CHART, serverChart(runs, "CPU time per operation: slab-memcached against memcached",
            "the server's user + system CPU time per successful operation, median of the runs: shorter is better",
            "µs/op", false));
        return charts;
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

    /**
     * Pairs each charted benchmark method with its row's label, the rows in the order given.
     *
     * @param methodsAndLabels each method followed by its row's label.
     * @return the labels by method, in the rows' order.
     */
    private static Map<String, String> labels(final String... methodsAndLabels)
    {
        final Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < methodsAndLabels.length; i += 2)
        {
            labels.put(methodsAndLabels[i], methodsAndLabels[i + 1]);
        }

        return labels;
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
