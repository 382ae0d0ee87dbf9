/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads the JSON that JMH writes with {@code -rf json}: one {@link JmhScore} per benchmark and parameter set, its
 * score the median of the measured iterations of every fork (the lower middle one for an even count, as the
 * {@code jq} line in BENCHMARKS.md takes it).
 */
public final class JmhResults
{
    private JmhResults()
    {
    }

    /**
     * Reads one JMH result file.
     *
     * @param file a file written by JMH with {@code -rf json}.
     * @return its scores, in the file's order.
     * @throws IOException              when the file cannot be read.
     * @throws IllegalArgumentException when the file is not a JMH JSON result, naming the file.
     */
    public static List<JmhScore> read(final Path file) throws IOException
    {
        final String json = Files.readString(file, StandardCharsets.UTF_8);
        try
        {
            return parse(json);
        }
        catch (final IllegalArgumentException | IllegalStateException | JsonParseException ex)
        {
            throw new IllegalArgumentException(
                file + " is not a JMH JSON result (java -jar benchmarks.jar ... -rf json): " + ex.getMessage(), ex);
        }
    }

    /**
     * Parses the text of a JMH JSON result.
     *
     * @param json the text JMH wrote.
     * @return its scores, in the text's order.
     * @throws IllegalArgumentException when the text is not a JSON array of JMH results.
     */
    public static List<JmhScore> parse(final String json)
    {
        final JsonElement root = JsonParser.parseString(json);
        if (!root.isJsonArray())
        {
            throw new IllegalArgumentException("expected a JSON array of results, found " + kind(root));
        }

        final List<JmhScore> scores = new ArrayList<>();
        for (final JsonElement element : root.getAsJsonArray())
        {
            scores.add(score(element.getAsJsonObject()));
        }

        return scores;
    }

    private static JmhScore score(final JsonObject result)
    {
        final String fullName = result.get("benchmark").getAsString();
        final int methodDot = fullName.lastIndexOf('.');
        final int classDot = fullName.lastIndexOf('.', methodDot - 1);
        if (methodDot < 0)
        {
            throw new IllegalArgumentException("benchmark '" + fullName + "' has no class.method form");
        }

        final Map<String, String> params = new LinkedHashMap<>();
        final JsonObject paramsObject = result.getAsJsonObject("params");
        if (null != paramsObject)
        {
            paramsObject.entrySet().forEach((entry) -> params.put(entry.getKey(), entry.getValue().getAsString()));
        }

        final JsonObject primary = result.getAsJsonObject("primaryMetric");
        return new JmhScore(
            fullName.substring(classDot + 1, methodDot),
            fullName.substring(methodDot + 1),
            params,
            result.get("threads").getAsInt(),
            median(primary.getAsJsonArray("rawData"), fullName),
            primary.get("scoreUnit").getAsString());
    }

    private static double median(final JsonArray forks, final String benchmark)
    {
        final List<Double> values = new ArrayList<>();
        for (final JsonElement fork : forks)
        {
            for (final JsonElement iteration : fork.getAsJsonArray())
            {
                values.add(iteration.getAsDouble());
            }
        }
        if (values.isEmpty())
        {
            throw new IllegalArgumentException("benchmark '" + benchmark + "' has no measured iteration");
        }

        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String kind(final JsonElement element)
    {
        return element.isJsonObject() ? "an object" : element.isJsonNull() ? "null" : "'" + element + "'";
    }
}
