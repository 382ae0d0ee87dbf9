/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart in SVG: one row per variant (a thread mode, a peer, a server), one bar per series in each
 * row (a parameter's value, a thread count), its value written at its end, a scale with grid lines below. Each bar
 * is a {@code rect} of class {@code bar} carrying {@code data-row}, {@code data-series} and {@code data-value}
 * (the value as read), so that a test or a reader can check a drawing against its figures. A chart with no rows
 * draws a note that it has no figures yet.
 * <pre>
 *   title
 *   subtitle                      [] series 1  [] series 2
 *          row 1 |=========== 42.8
 *                |======= 36.4
 *          row 2 |================== 98.5
 *                +------+------+------+
 *                0     50    100    150   unit
 * </pre>
 */
final class BarChart
{
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"};
    private static final String INK = "#222222";
    private static final String QUIET_INK = "#666666";
    private static final String GRID = "#dddddd";
    private static final double WIDTH = 820;
    private static final double BAR_HEIGHT = 14;
    private static final double ROW_GAP = 12;
    private static final double PLOT_TOP = 88;
    private static final double CHAR_WIDTH = 6.6;
    private static final double VALUE_ROOM = 70;
    private static final int TICKS = 5;

    private final String title;
    private final String subtitle;
    private final String unit;
    private final List<String> series;
    private final List<String> rowLabels = new ArrayList<>();
    private final List<double[]> rowValues = new ArrayList<>();

    /**
     * An empty chart.
     *
     * @param title    what is measured, on the first line.
     * @param subtitle how to read it (the unit per operation, which way is better), on the second line.
     * @param unit     the scale's unit, such as {@code ns/op}.
     * @param series   the name of each bar in a row, in the order drawn, shown in the legend.
     */
    BarChart(final String title, final String subtitle, final String unit, final List<String> series)
    {
        if (series.isEmpty() || series.size() > PALETTE.length)
        {
            throw new IllegalArgumentException(
                "a chart has 1 to " + PALETTE.length + " series, got " + series.size() + ": " + series);
        }
        this.title = title;
        this.subtitle = subtitle;
        this.unit = unit;
        this.series = List.copyOf(series);
    }

    /**
     * Adds a row.
     *
     * @param label  the row's name.
     * @param values one value per series, in the series' order; {@link Double#NaN} where the row has none.
     * @return this chart.
     */
    BarChart row(final String label, final double... values)
    {
        if (values.length != series.size())
        {
            throw new IllegalArgumentException(
                "row '" + label + "' has " + values.length + " values for " + series.size() + " series");
        }
        for (final double value : values)
        {
            if (value < 0 || Double.isInfinite(value))
            {
                throw new IllegalArgumentException("row '" + label + "' has value " + value + ", not finite >= 0");
            }
        }
        rowLabels.add(label);
        rowValues.add(values.clone());
        return this;
    }

    /**
     * How many rows the chart has.
     *
     * @return the row count.
     */
    int rows()
    {
        return rowLabels.size();
    }

    /**
     * Draws the chart.
     *
     * @return the SVG document.
     */
    String toSvg()
    {
        final double rowHeight = series.size() * BAR_HEIGHT + ROW_GAP;
        final double plotBottom = PLOT_TOP + Math.max(1, rowLabels.size()) * rowHeight;
        final Svg svg = new Svg(WIDTH, plotBottom + 48);
        svg.text(16, 26, "start", 16, title, "font-weight", "bold", "fill", INK);
        svg.text(16, 46, "start", 12, subtitle, "fill", QUIET_INK);
        if (rowLabels.isEmpty())
        {
            svg.text(WIDTH / 2, PLOT_TOP + rowHeight / 2 + 4, "middle", 13,
                "No figures yet: scripts/charts.sh draws this chart from a benchmark run on a quiet machine.",
                "class", "placeholder", "fill", QUIET_INK);
            return svg.toXml(title);
        }

        legend(svg);
        final double plotLeft = plotLeft();
        final double plotWidth = WIDTH - plotLeft - VALUE_ROOM;
        final double step = niceStep(maxValue() / TICKS);
        final double scaleMax = step * Math.max(1, Math.ceil(maxValue() / step));
        for (int tick = 0; tick * step <= scaleMax + step / 2; tick++)
        {
            final double x = plotLeft + plotWidth * tick * step / scaleMax;
            svg.line(x, PLOT_TOP - 4, x, plotBottom, GRID);
            svg.text(x, plotBottom + 16, "middle", 11, tickLabel(tick * step, step), "fill", QUIET_INK);
        }
        svg.text(plotLeft + plotWidth, plotBottom + 34, "end", 11, unit, "fill", QUIET_INK);

        for (int row = 0; row < rowLabels.size(); row++)
        {
            final double rowTop = PLOT_TOP + row * rowHeight;
            svg.text(plotLeft - 8, rowTop + rowHeight / 2, "end", 12, rowLabels.get(row), "fill", INK);
            final double[] values = rowValues.get(row);
            for (int s = 0; s < series.size(); s++)
            {
                if (Double.isNaN(values[s]))
                {
                    continue;
                }
                final double y = rowTop + s * BAR_HEIGHT;
                final double barWidth = plotWidth * values[s] / scaleMax;
                svg.rect(plotLeft, y, barWidth, BAR_HEIGHT - 2, PALETTE[s],
                    "class", "bar",
                    "data-row", rowLabels.get(row),
                    "data-series", series.get(s),
                    "data-value", Double.toString(values[s]));
                svg.text(plotLeft + barWidth + 4, y + BAR_HEIGHT - 4, "start", 11, format(values[s]),
                    "class", "value", "fill", INK);
            }
        }
        svg.line(plotLeft, PLOT_TOP - 4, plotLeft, plotBottom, INK);

        return svg.toXml(title);
    }

    /**
     * A value as the chart writes it: three significant figures or more, thousands separated.
     *
     * @param value the value.
     * @return its text.
     */
    static String format(final double value)
    {
        if (value >= 100)
        {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }

        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String tickLabel(final double value, final double step)
    {
        final int decimals = step >= 1 ? 0 : (int)Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private void legend(final Svg svg)
    {
        double x = 16;
        for (int s = 0; s < series.size(); s++)
        {
            svg.rect(x, 58, 12, 12, PALETTE[s]);
            svg.text(x + 16, 68, "start", 12, series.get(s), "class", "legend", "fill", INK);
            x += 16 + series.get(s).length() * CHAR_WIDTH + 20;
        }
    }

    private double plotLeft()
    {
        int longest = 0;
        for (final String label : rowLabels)
        {
            longest = Math.max(longest, label.length());
        }

        return Math.max(120, 16 + longest * CHAR_WIDTH + 8);
    }

    private double maxValue()
    {
        double max = 0;
        for (final double[] values : rowValues)
        {
            for (final double value : values)
            {
                if (!Double.isNaN(value))
                {
                    max = Math.max(max, value);
                }
            }
        }

        return max > 0 ? max : 1;
    }

    private static double niceStep(final double rough)
    {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        final double fraction = rough / magnitude;
        final double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
