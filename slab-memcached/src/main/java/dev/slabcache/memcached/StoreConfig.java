/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;

import dev.slabcache.memcached.store.StoreSettings;

/**
 * The part of {@link ServerConfig} that shapes the store: -m, -f, -n, -I, -M, -C, -e (--memory-file) and -D, with
 * memcached's defaults. The fields are package-private so that {@link CommandLine} writes them; nothing else does.
 */
final class StoreConfig
{
    long memoryLimitMiB = 64;
    double growthFactor = 1.25;
    int minSize = 48;
    int maxItemSize = 1024 * 1024;
    boolean evictions = true;
    boolean casEnabled = true;
    Path memoryFile;
    char prefixDelimiter = ':';
    boolean detailEnabled;

    /**
     * Makes the store's settings.
     *
     * @param hashPower -o hashpower, the index's first size as a power of 2.
     * @return the store's settings.
     */
    StoreSettings settings(final int hashPower)
    {
        return new StoreSettings(
            memoryLimitMiB * 1024 * 1024, growthFactor, minSize, maxItemSize, evictions, memoryFile, hashPower,
            casEnabled);
    }
}
