/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * Takes statistics one at a time, as "STAT name value" lines or binary stat packets.
 */
@FunctionalInterface
public interface StatSink
{
    /**
     * Takes one statistic.
     *
     * @param name  memcached's name for it.
     * @param value its value, as text.
     */
    void stat(String name, String value);
}
