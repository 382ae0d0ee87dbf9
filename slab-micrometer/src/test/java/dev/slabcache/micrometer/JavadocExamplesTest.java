/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.micrometer;

import dev.slabcache.core.testing.JavadocExample;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SlabCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The binders' Javadoc examples, run here line for line: each test runs the code between its markers, checks what
 * the example's comments say, and checks that the Javadoc shows that very code.
 */
class JavadocExamplesTest
{
    @Test
    void shouldRunTheSlabCacheMetricsExample()
    {
        // Javadoc example of SlabCacheMetrics: begin
        final MeterRegistry registry = new SimpleMeterRegistry();
        final SlabCache cache = SlabCache.builder().name("orders").build();
        new SlabCacheMetrics(cache).bindTo(registry);
        final long handle = cache.allocate();
        final double used = registry.get("slabcache.slots.used").tag("cache", "orders").gauge().value(); // 1.0
        cache.free(handle);
        cache.close();
        // Javadoc example of SlabCacheMetrics: end

        assertEquals(1.0, used);
        assertEquals(Double.NaN, registry.get("slabcache.slots.used").gauge().value());
        JavadocExample.assertRunsAsDocumented(SlabCacheMetrics.class, JavadocExamplesTest.class);
    }

    @Test
    void shouldRunTheSizeClassCacheMetricsExample()
    {
        // Javadoc example of SizeClassCacheMetrics: begin
        final MeterRegistry registry = new SimpleMeterRegistry();
        final SizeClassCache cache = SizeClassCache.builder().name("items").memoryLimit(8 * 1024 * 1024).build();
        new SizeClassCacheMetrics(cache, Tags.of("tier", "hot"), SizeClassCacheMetrics.Detail.PER_CLASS).bindTo(registry);
        final long handle = cache.allocate(100);
        final double used = registry.get("slabcache.class.slots.used").tags("tier", "hot", "slotSize", "104")
            .gauge().value(); // 1.0
        cache.free(handle);
        cache.close();
        // Javadoc example of SizeClassCacheMetrics: end

        assertEquals(1.0, used);
        assertEquals(Double.NaN, registry.get("slabcache.class.slots.used").tag("slotSize", "104").gauge().value());
        JavadocExample.assertRunsAsDocumented(SizeClassCacheMetrics.class, JavadocExamplesTest.class);
    }
}
