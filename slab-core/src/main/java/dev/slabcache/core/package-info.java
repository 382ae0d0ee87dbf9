/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The slab primitive and its vocabulary. By job:
 * <ul>
 *   <li>One slab: {@link dev.slabcache.core.SlotSegment} carves a region of an Agrona
 *       {@link org.agrona.concurrent.AtomicBuffer} into fixed-size slots, with an intrusive free list and checked
 *       frees; {@link dev.slabcache.core.SegmentState} says whether it is free, partial or full. Not thread-safe:
 *       the caches of {@code dev.slabcache.master} manage many segments under their own thread safety.</li>
 *   <li>Memory: {@link dev.slabcache.core.SlabProvider} is the bridge to whatever memory the program has;
 *       {@link dev.slabcache.core.SlabProvider#direct()} (aligned off-heap, the caches' default) and
 *       {@link dev.slabcache.core.SlabProvider#heap()} are the stock ones.</li>
 *   <li>Misuse and exhaustion: {@link dev.slabcache.core.SlabException}, unchecked, and its subclasses
 *       {@link dev.slabcache.core.SlabExhaustedException}, {@link dev.slabcache.core.InvalidHandleException},
 *       {@link dev.slabcache.core.DoubleFreeException} and {@link dev.slabcache.core.SlabInUseException}; each is
 *       thrown with nothing changed.</li>
 * </ul>
 * Start with {@link dev.slabcache.core.SlotSegment} to see how a slab works, or with the caches of
 * {@code dev.slabcache.master} to use one.
 */
package dev.slabcache.core;
