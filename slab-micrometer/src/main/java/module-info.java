/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Micrometer binders for the caches: {@code SlabCacheMetrics} and {@code SizeClassCacheMetrics}.
 * <p>
 * Micrometer 1.x is an automatic module ({@code Automatic-Module-Name: micrometer.core}); hence the warnings
 * suppressed below.
 */
@SuppressWarnings({ "requires-automatic", "requires-transitive-automatic" })
module dev.slabcache.micrometer
{
    requires transitive dev.slabcache.master;
    requires transitive micrometer.core;

    exports dev.slabcache.micrometer;
}
