/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench.charts;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One bar chart of a JMH benchmark's scores: a row for each benchmark method that has a label, a bar in the row for
 * each series (a thread count, a number of live slots), the scores of other benchmarks left out.
 *
 * @param title       the chart's title.
 * @param subtitle    what a bar measures and which way is better.
 * @param benchmark   the simple name of the benchmark class whose scores are charted.
 * @param labels      the charted methods in the rows' order, each with its row's label.
 * @param include     which of the benchmark's scores are charted (by their parameters).
 * @param seriesOf    the series a score is drawn in.
 * @param seriesOrder the order of the series in each row.
 */
record ScoreChart(
    String title,
    String subtitle,
    String benchmark,
    Map<String, String> labels,
    Predicate<JmhScore> include,
    Function<JmhScore, String> seriesOf,
    Comparator<String> seriesOrder)
{
    /**
     * Draws the chart from the scores of this benchmark among {@code scores}.
     *
     * @param scores the scores read from any number of JMH runs.
     * @return the chart; with no rows and the one series "no results" when none of the scores is charted.
     * @throws IllegalArgumentException when the charted scores are in more than one unit, or a method's score in a
     *                                  series appears twice.
     */
    BarChart draw(final List<JmhScore> scores)
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
}
