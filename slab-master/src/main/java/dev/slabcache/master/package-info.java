/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The master caches, their settings and their views. Start with {@link dev.slabcache.master.SlabCache}: its class
 * comment has an example to copy. The public types by job:
 * <ul>
 *   <li>Caches: {@link dev.slabcache.master.SlabCache} (one slot size), built by
 *       {@link dev.slabcache.master.SlabCacheBuilder}; {@link dev.slabcache.master.SizeClassCache} (many sizes, as
 *       memcached's slab classes), built by {@link dev.slabcache.master.SizeClassCacheBuilder}, over a
 *       {@link dev.slabcache.master.PagePool} that caches can share. The settings both builders have are in
 *       {@link dev.slabcache.master.CacheBuilder}.</li>
 *   <li>Reaching slots: a {@code long} handle and the {@link org.agrona.concurrent.AtomicBuffer} and offset it
 *       leads to; or a {@link dev.slabcache.master.SlotFlyweight}, a typed record re-aimed from slot to slot.</li>
 *   <li>Slabs: {@link dev.slabcache.master.Slab}, the view of one attached slab, whether the cache took it from its
 *       provider or a caller attached it; {@link dev.slabcache.master.SlabInfo}, one line of a listing.</li>
 *   <li>Threads: {@link dev.slabcache.master.ThreadSafety}, chosen once in the builder (per-thread magazines by
 *       default), and {@link dev.slabcache.master.SlabLock}, the lock the cache takes.</li>
 *   <li>Watching a cache: {@link dev.slabcache.master.SlabCacheStats} and
 *       {@link dev.slabcache.master.SizeClassStats} snapshots; the {@link dev.slabcache.master.SlabCacheMXBean} and
 *       {@link dev.slabcache.master.SizeClassCacheMXBean} views; JDK Flight Recorder events (see
 *       {@link dev.slabcache.master.SlabCache}).</li>
 *   <li>Debug mode, to find bugs in the program that uses a cache: poisoned free slots, and
 *       {@link dev.slabcache.master.LeakSite}s that say where live slots were allocated.</li>
 *   <li>Size classes: {@link dev.slabcache.master.SizeClass}, one class of a size-class cache; moving a page from
 *       one class to another with {@code SizeClassCache.movePage}, which shows each live slot to a
 *       {@link dev.slabcache.master.SlotVisitor} and reports a {@link dev.slabcache.master.PageMove}.</li>
 * </ul>
 */
package dev.slabcache.master;
