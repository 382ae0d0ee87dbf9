/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * How a {@link SlabCache} lets threads in, chosen once with {@link SlabCacheBuilder#threadSafety(ThreadSafety)}.
 * Misuse is caught the same way in every mode; only the cost and who may call differ.
 */
public enum ThreadSafety
{
    /**
     * No lock and no magazines: the cheapest, for a cache used by one thread at a time (or by callers that
     * serialise every call themselves). Calls from two threads at once can corrupt its lists.
     */
    SINGLE_OWNER,

    /**
     * Every call takes the cache's {@link SlabLock}: safe for any number of threads, but they queue on one lock.
     */
    LOCKED,

    /**
     * The default. Each thread keeps two small magazines of free slots and allocates and frees through them
     * without the lock; only a magazine swap with the shared depot, one every {@code magazineSize} operations,
     * takes it (Bonwick and Adams, USENIX 2001). Safe for any number of threads, and scales with them.
     */
    MAGAZINES
}
