/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The medians of one value length from {@code slab-memcached/scripts/perf.sh}: successful operations a second and
 * the server's CPU time per operation, memcached's and ours, as its line
 * {@code value 100 B, medians: memcached 86681 ops/s at 14.10 us CPU/op, slab-memcached 84174 ops/s at 15.02 us
 * CPU/op; ...} gives them.
 *
 * @param valueBytes   the value length of the run.
 * @param memcachedOps memcached's successful operations a second.
 * @param memcachedCpu memcached's CPU time per successful operation, in microseconds.
 * @param oursOps      slab-memcached's successful operations a second.
 * @param oursCpu      slab-memcached's CPU time per successful operation, in microseconds.
 */
public record ServerRun(int valueBytes, double memcachedOps, double memcachedCpu, double oursOps, double oursCpu)
{
    private static final Pattern MEDIANS = Pattern.compile(
        "value (\\d+) B, medians: memcached ([0-9.]+) ops/s at ([0-9.]+) us CPU/op, " +
        "slab-memcached ([0-9.]+) ops/s at ([0-9.]+) us CPU/op");

    /**
     * Reads the medians lines of a saved {@code perf.sh} output, ignoring every other line.
     *
     * @param file the script's output.
     * @return one run per medians line, in the file's order.
     * @throws IOException              when the file cannot be read.
     * @throws IllegalArgumentException when the file has no medians line, naming the file.
     */
    public static List<ServerRun> read(final Path file) throws IOException
    {
        final List<ServerRun> runs = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        if (runs.isEmpty())
        {
            throw new IllegalArgumentException(file + " has no line 'value N B, medians: ...' of " +
                "slab-memcached/scripts/perf.sh (a run with --skip-throughput has none)");
        }

        return runs;
    }

    /**
     * Picks the medians lines out of {@code perf.sh}'s output.
     *
     * @param lines the script's output.
     * @return one run per medians line, in order.
     */
    public static List<ServerRun> parse(final List<String> lines)
    {
        final List<ServerRun> runs = new ArrayList<>();
        for (final String line : lines)
        {
            final Matcher matcher = MEDIANS.matcher(line);
            if (matcher.find())
            {
                runs.add(new ServerRun(
                    Integer.parseInt(matcher.group(1)),
                    Double.parseDouble(matcher.group(2)),
                    Double.parseDouble(matcher.group(3)),
                    Double.parseDouble(matcher.group(4)),
                    Double.parseDouble(matcher.group(5))));
            }
        }

        return runs;
    }
}
