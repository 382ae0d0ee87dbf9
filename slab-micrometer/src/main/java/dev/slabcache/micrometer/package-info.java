/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Micrometer binders for the caches. Start with {@link dev.slabcache.micrometer.SlabCacheMetrics} for a
 * {@link dev.slabcache.master.SlabCache} or {@link dev.slabcache.micrometer.SizeClassCacheMetrics} for a
 * {@link dev.slabcache.master.SizeClassCache}: each is a {@code MeterBinder} made over one cache and bound to a
 * registry, and its class comment lists the meters and shows an example.
 */
package dev.slabcache.micrometer;
