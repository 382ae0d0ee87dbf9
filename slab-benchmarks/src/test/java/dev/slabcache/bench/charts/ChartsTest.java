/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench.charts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draws the charts from a committed test fixture, {@code fixture-minimal-jmh-run.json}: the JSON of one minimal
 * JMH run ({@code -f 1 -wi 0 -i 1 -r 100ms}) of {@code CacheBenchmark}, {@code ThreadsBenchmark} at 1 and 2
 * threads and {@code SizeClassBenchmark} on a busy machine, so its figures mean nothing; and
 * {@code fixture-perf-output.txt}, the shape of {@code perf.sh}'s output with made-up figures. Each drawing is
 * checked against the fixture read here on its own, not through {@link JmhResults}: a bar for every charted score,
 * its value and its series as in the JSON, its length in proportion, its value written beside it, and the labels.
 */
class ChartsTest
{
    private static final String FIXTURE = "fixture-minimal-jmh-run.json";
    private static final String PERF_FIXTURE = "fixture-perf-output.txt";

    private static final List<String> CHARTS = List.of(Charts.CACHE_CHART, Charts.THREADS_CHART,
        Charts.SIZE_CLASS_CHART, Charts.SERVER_THROUGHPUT_CHART, Charts.SERVER_CPU_CHART);

    @TempDir
    static Path drawn;

    private static List<JsonObject> results;
    private static Map<String, String> svgs;

    @BeforeAll
    static void drawTheFixture() throws Exception
    {
        results = new ArrayList<>();
        for (final JsonElement element : JsonParser.parseString(Files.readString(resource(FIXTURE))).getAsJsonArray())
        {
            results.add(element.getAsJsonObject());
        }
        Charts.main(new String[]{
            "--out", drawn.toString(), "--server", resource(PERF_FIXTURE).toString(), resource(FIXTURE).toString() });
        svgs = read(drawn);
    }

    @Test
    void shouldDrawEveryCacheBenchmarkScoreButAllocateDirectWithItsValueAndSeries() throws Exception
    {
        final List<String> expected = expectedBars("CacheBenchmark", "allocateDirect", "liveSlots", " slots live");

        assertEquals(16, expected.size());
        assertBarsAre(expected, Charts.CACHE_CHART);
    }

    @Test
    void shouldDrawEveryThreadsBenchmarkScoreByThreadCount() throws Exception
    {
        final List<String> expected = new ArrayList<>();
        for (final JsonObject result : results(".ThreadsBenchmark."))
        {
            final int threads = result.get("threads").getAsInt();
            expected.add((1 == threads ? "1 thread" : threads + " threads") + " = " + median(result));
        }

        assertEquals(12, expected.size());
        assertBarsAre(expected, Charts.THREADS_CHART);
    }

    @Test
    void shouldDrawEverySizeClassBenchmarkScoreByLiveItems() throws Exception
    {
        final List<String> expected = expectedBars("SizeClassBenchmark", "none", "liveItems", " items live");

        assertEquals(12, expected.size());
        assertBarsAre(expected, Charts.SIZE_CLASS_CHART);
    }

    @Test
    void shouldNameEachRowAfterItsVariant() throws Exception
    {
        final Document cache = parse(svgs.get(Charts.CACHE_CHART));
        final Document threads = parse(svgs.get(Charts.THREADS_CHART));
        final Document sizes = parse(svgs.get(Charts.SIZE_CLASS_CHART));

        assertEquals(Double.toString(median("CacheBenchmark.magazines", "liveSlots", "16")),
            bar(cache, "MAGAZINES cache (default)", "16 slots live").getAttribute("data-value"));
        assertEquals(Double.toString(median("CacheBenchmark.segmentWithHandleLookups", "liveSlots", "0")),
            bar(cache, "floor A: segment + handle checks", "0 slots live").getAttribute("data-value"));
        assertEquals(Double.toString(median("SizeClassBenchmark.nettyPooled", "liveItems", "1024")),
            bar(sizes, "Netty pooled directBuffer(size)", "1024 items live").getAttribute("data-value"));
        assertTrue(texts(threads, null).containsAll(
            List.of("MAGAZINES cache, shared", "Netty Recycler (heap objects)")));
        assertEquals(List.of("16 slots live", "0 slots live"), texts(cache, "legend"));
        assertEquals(List.of("1 thread", "2 threads"), texts(threads, "legend"));
        assertEquals(List.of("1024 items live", "0 items live"), texts(sizes, "legend"));
        assertTrue(texts(cache, null).contains("ns/op"));
    }

    @Test
    void shouldDrawTheServerFiguresOfPerfOutput() throws Exception
    {
        final Document throughput = parse(svgs.get(Charts.SERVER_THROUGHPUT_CHART));
        final Document cpu = parse(svgs.get(Charts.SERVER_CPU_CHART));

        assertEquals("90000.0", bar(throughput, "100-byte values", "memcached").getAttribute("data-value"));
        assertEquals("84000.0", bar(throughput, "1,000-byte values", "slab-memcached").getAttribute("data-value"));
        assertEquals("16.25", bar(cpu, "1,000-byte values", "slab-memcached").getAttribute("data-value"));
        assertEquals(4, bars(cpu).size());
        assertProportional(throughput);
        assertProportional(cpu);
        assertTrue(texts(throughput, "value").containsAll(List.of("90,000", "80,000", "86,000", "84,000")));
    }

    @Test
    void shouldSayThatAChartHasNoFiguresYetWhenItsBenchmarkIsMissing(@TempDir final Path out) throws Exception
    {
        Charts.main(new String[]{ "--out", out.toString(), "--placeholders" });
        final Map<String, String> empty = read(out);

        assertEquals(CHARTS, List.copyOf(svgs.keySet()));
        assertEquals(svgs.keySet(), empty.keySet());
        for (final String svg : empty.values())
        {
            final Document document = parse(svg);
            assertTrue(bars(document).isEmpty());
            assertEquals(1, texts(document, "placeholder").size(), svg);
        }
        assertTrue(texts(parse(svgs.get(Charts.CACHE_CHART)), "placeholder").isEmpty());
    }

    @Test
    void shouldWriteOnlyTheChartsItHasResultsForUnlessAskedForPlaceholders(@TempDir final Path out) throws Exception
    {
        Charts.main(new String[]{ "--out", out.toString(), resource(FIXTURE).toString() });

        assertEquals(
            List.of(Charts.CACHE_CHART, Charts.SIZE_CLASS_CHART, Charts.THREADS_CHART),
            fileNames(out));
        assertEquals(svgs.get(Charts.CACHE_CHART), Files.readString(out.resolve(Charts.CACHE_CHART)));

        Charts.main(new String[]{ "--out", out.toString(), "--placeholders" });

        assertEquals(CHARTS.size(), fileNames(out).size());
        assertEquals(1, texts(parse(Files.readString(out.resolve(Charts.CACHE_CHART))), "placeholder").size());
    }

    @Test
    void shouldTakeTheMedianOfEveryIterationOfEveryFork()
    {
        final String json = "[{\"benchmark\": \"a.b.SomeBenchmark.run\", \"threads\": 2, \"params\": {\"n\": \"3\"}," +
            " \"primaryMetric\": {\"scoreUnit\": \"ns/op\", \"rawData\": [[3.0, 1.0], [2.0, 9.0], [5.0]]}}]";

        final JmhScore score = JmhResults.parse(json).get(0);

        assertEquals(new JmhScore("SomeBenchmark", "run", Map.of("n", "3"), 2, 3.0, "ns/op"), score);
    }

    @Test
    void shouldRejectAFileThatIsNoJmhResultNamingIt(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("not-jmh.json"), "{\"benchmark\": 1}");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> JmhResults.read(file));

        assertTrue(ex.getMessage().startsWith(file + " is not a JMH JSON result"), ex.getMessage());
    }

    private static List<String> expectedBars(
        final String benchmark, final String leftOut, final String param, final String suffix)
    {
        final List<String> expected = new ArrayList<>();
        for (final JsonObject result : results("." + benchmark + "."))
        {
            if (!result.get("benchmark").getAsString().endsWith("." + leftOut))
            {
                final String value = result.getAsJsonObject("params").get(param).getAsString();
                expected.add(value + suffix + " = " + median(result));
            }
        }

        return expected;
    }

    private static void assertBarsAre(final List<String> expected, final String chart) throws Exception
    {
        final Document document = parse(svgs.get(chart));
        final List<String> actual = new ArrayList<>();
        final List<String> expectedTexts = new ArrayList<>();
        for (final Element bar : bars(document))
        {
            actual.add(bar.getAttribute("data-series") + " = " + bar.getAttribute("data-value"));
            expectedTexts.add(BarChart.format(Double.parseDouble(bar.getAttribute("data-value"))));
        }

        assertEquals(sorted(expected), sorted(actual));
        assertEquals(sorted(expectedTexts), sorted(texts(document, "value")));
        assertProportional(document);
    }

    private static void assertProportional(final Document document)
    {
        double pixelsPerUnit = 0;
        for (final Element bar : bars(document))
        {
            pixelsPerUnit = Math.max(pixelsPerUnit,
                Double.parseDouble(bar.getAttribute("width")) / Double.parseDouble(bar.getAttribute("data-value")));
        }
        for (final Element bar : bars(document))
        {
            final double width = Double.parseDouble(bar.getAttribute("width"));
            final double value = Double.parseDouble(bar.getAttribute("data-value"));
            assertEquals(value * pixelsPerUnit, width, 0.1, () -> bar.getAttribute("data-row"));
        }
    }

    private static List<JsonObject> results(final String benchmarkPart)
    {
        return results.stream()
            .filter((result) -> result.get("benchmark").getAsString().contains(benchmarkPart))
            .collect(Collectors.toList());
    }

    private static double median(final String benchmark, final String param, final String value)
    {
        for (final JsonObject result : results("." + benchmark))
        {
            if (value.equals(result.getAsJsonObject("params").get(param).getAsString()))
            {
                return median(result);
            }
        }
        throw new AssertionError("no " + benchmark + " with " + param + "=" + value + " in " + FIXTURE);
    }

    private static double median(final JsonObject result)
    {
        final List<Double> values = new ArrayList<>();
        result.getAsJsonObject("primaryMetric").getAsJsonArray("rawData")
            .forEach((fork) -> fork.getAsJsonArray().forEach((value) -> values.add(value.getAsDouble())));
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static Element bar(final Document document, final String row, final String series)
    {
        for (final Element bar : bars(document))
        {
            if (row.equals(bar.getAttribute("data-row")) && series.equals(bar.getAttribute("data-series")))
            {
                return bar;
            }
        }
        throw new AssertionError("no bar of row '" + row + "' and series '" + series + "'");
    }

    private static List<Element> bars(final Document document)
    {
        final List<Element> bars = new ArrayList<>();
        final NodeList rects = document.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++)
        {
            final Element rect = (Element)rects.item(i);
            if ("bar".equals(rect.getAttribute("class")))
            {
                bars.add(rect);
            }
        }

        return bars;
    }

    private static List<String> texts(final Document document, final String cssClass)
    {
        final List<String> texts = new ArrayList<>();
        final NodeList nodes = document.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++)
        {
            final Element text = (Element)nodes.item(i);
            if (null == cssClass || cssClass.equals(text.getAttribute("class")))
            {
                texts.add(text.getTextContent());
            }
        }

        return texts;
    }

    private static Document parse(final String svg) throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> sorted(final List<String> values)
    {
        final String[] array = values.toArray(new String[0]);
        Arrays.sort(array);
        return List.of(array);
    }

    private static List<String> fileNames(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map((file) -> file.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static Map<String, String> read(final Path dir) throws IOException
    {
        final Map<String, String> charts = new LinkedHashMap<>();
        for (final String chart : CHARTS)
        {
            if (Files.exists(dir.resolve(chart)))
            {
                charts.put(chart, Files.readString(dir.resolve(chart), StandardCharsets.UTF_8));
            }
        }

        return charts;
    }

    private static Path resource(final String name) throws URISyntaxException
    {
        return Path.of(ChartsTest.class.getResource(name).toURI());
    }
}
