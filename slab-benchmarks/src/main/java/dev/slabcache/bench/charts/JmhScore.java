/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench.charts;

import java.util.Map;

/**
 * One benchmark's score in one JMH result: the median of its measured iterations, as BENCHMARKS.md reads them.
 *
 * @param benchmark the benchmark class's simple name, such as {@code CacheBenchmark}.
 * @param method    the benchmark method, such as {@code singleOwner}.
 * @param params    the {@code @Param} values of the run, by name.
 * @param threads   the thread count JMH ran it with.
 * @param score     the median of every measured iteration of every fork.
 * @param unit      the score's unit, such as {@code ns/op}.
 */
public record JmhScore(
    String benchmark, String method, Map<String, String> params, int threads, double score, String unit)
{
    /**
     * Checks and copies the parameters.
     *
     * @param benchmark the benchmark class's simple name.
     * @param method    the benchmark method.
     * @param params    the {@code @Param} values of the run.
     * @param threads   the thread count.
     * @param score     the median score.
     * @param unit      the score's unit.
     */
    public JmhScore
    {
        params = Map.copyOf(params);
    }

    /**
     * The value of one {@code @Param}, or the given default when the run had no such parameter.
     *
     * @param name         the parameter's name.
     * @param defaultValue what to return when the run did not have it.
     * @return the parameter's value in this run.
     */
    public String param(final String name, final String defaultValue)
    {
        return params.getOrDefault(name, defaultValue);
    }
}
