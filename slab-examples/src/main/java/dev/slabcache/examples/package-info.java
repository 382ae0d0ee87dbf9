/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Runnable programs a new user reads first, each printing what it does in plain sentences:
 * <ul>
 *   <li>{@link dev.slabcache.examples.QuickStart}: one slab on its own, then a per-type record cache of
 *       {@link dev.slabcache.examples.SessionRecord}s that grows, shrinks and reports its statistics.</li>
 *   <li>{@link dev.slabcache.examples.MappedFileExample}: slots inside a memory-mapped file attached to a cache,
 *       detached once empty, with the records still in the file after it is mapped again.</li>
 *   <li>{@link dev.slabcache.examples.SizeClassExample}: records of many sizes in a
 *       {@link dev.slabcache.master.SizeClassCache} over the pages of a memory-mapped file, and a page moved from
 *       the small records to the large ones, evicting what it held.</li>
 *   <li>{@link dev.slabcache.examples.MetricsExample}: one cache's figures through its statistics, Micrometer and
 *       JMX.</li>
 *   <li>{@link dev.slabcache.examples.FlightRecorderExample}: the cache's JDK Flight Recorder events, recorded and
 *       read back in code.</li>
 *   <li>{@link dev.slabcache.examples.DebugModeExample}: debug mode catching a write after free and listing
 *       leaked slots by where they were allocated.</li>
 *   <li>{@link dev.slabcache.examples.ManyThreadsExample}: threads sharing one cache and freeing each other's
 *       slots.</li>
 *   <li>{@link dev.slabcache.examples.RestartExample}: a size-class cache over a memory-mapped file that a later
 *       run reopens from the layout it wrote, finding every record it left.</li>
 * </ul>
 * Every JVM that runs them needs {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona).
 */
package dev.slabcache.examples;
