/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;

/**
 * What an {@link ItemStore} is made with: memcached's -m, -f, -n, -I, -M and --memory-file.
 *
 * @param memoryLimit  bytes of item memory (-m, given in MiB on the command line).
 * @param growthFactor the class growth factor (-f, default 1.25).
 * @param minDataSize  bytes of key and value in the smallest class (-n, default 48).
 * @param maxItemSize  the largest item, header, key and value (-I, default 1 MiB).
 * @param evictions    false for -M: answer out of memory instead of evicting.
 * @param memoryFile   the file mapped as the page pool, or null for direct memory.
 */
public record StoreSettings(
    long memoryLimit, double growthFactor, int minDataSize, int maxItemSize, boolean evictions, Path memoryFile)
{
}
