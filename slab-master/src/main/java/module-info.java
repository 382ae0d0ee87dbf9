/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The master: {@code SlabCache}, {@code SizeClassCache} over a shared {@code PagePool}, their builders, statistics
 * and views. Everything else in the package is package-private.
 * <p>
 * {@code jdk.jfr} is required, not optional: every cache joins the periodic statistics event when it is built
 * ({@code CacheStatisticsEvent} registers a recorder listener as it loads), and a slab grown or released asks
 * {@code FlightRecorder.isInitialized()}. {@code java.management} is optional: only a cache built with
 * {@code registerMBean(true)} (or {@code registerClassMBeans(true)}) touches it, and a module that does so must make
 * sure {@code java.management} is in the module graph (a {@code requires java.management} or
 * {@code --add-modules java.management}).
 */
@SuppressWarnings({ "requires-automatic", "requires-transitive-automatic" })
module dev.slabcache.master
{
    requires transitive dev.slabcache.core;
    requires transitive org.agrona;
    requires jdk.jfr;
    requires static java.management;

    exports dev.slabcache.master;
}
