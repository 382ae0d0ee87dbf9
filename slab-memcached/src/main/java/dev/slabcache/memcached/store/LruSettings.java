/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * How an {@link ItemStore} keeps its LRUs, from memcached's -o options: the segmented LRU (hot, warm, cold and, with
 * temp_lru, temp lists per class, see {@link LruPolicy}) under lru_maintainer, memcached's default, or one flat LRU
 * a class under no_lru_maintainer; the hot and warm shares and age factors; and the temporary LRU. Checked when
 * made; "lru tune", "lru mode" and "lru temp_ttl" change them at run time.
 *
 * @param maintainer    lru_maintainer (true) or no_lru_maintainer: the segmented LRU and its maintainer, or a flat
 *                      LRU, as memcached's lru_segmented follows lru_maintainer.
 * @param hotLruPct     hot_lru_pct: the hot list's share of the class's hot, warm and cold bytes, 1 to 79.
 * @param warmLruPct    warm_lru_pct: the warm list's share, 1 to 79; with hotLruPct at most 80.
 * @param hotMaxFactor  hot_max_factor: items idle longer than this times the cold tail's age leave the hot list.
 * @param warmMaxFactor warm_max_factor: as hotMaxFactor, for the warm list.
 * @param tempLru       temp_lru: items whose expiry is at most temporaryTtl away go on the temporary list.
 * @param temporaryTtl  temporary_ttl in seconds, 0 or more.
 */
public record LruSettings(
    boolean maintainer, int hotLruPct, int warmLruPct, double hotMaxFactor, double warmMaxFactor, boolean tempLru,
    long temporaryTtl)
{
    /**
     * Checks the settings.
     *
     * @param maintainer    lru_maintainer: the segmented LRU, or a flat one.
     * @param hotLruPct     hot_lru_pct, 1 to 79.
     * @param warmLruPct    warm_lru_pct, 1 to 79; with hotLruPct at most 80.
     * @param hotMaxFactor  hot_max_factor, above 0.
     * @param warmMaxFactor warm_max_factor, above 0.
     * @param tempLru       temp_lru.
     * @param temporaryTtl  temporary_ttl in seconds, 0 or more.
     * @throws IllegalArgumentException naming the value and the rule, when a setting is out of range.
     */
    public LruSettings
    {
        if (hotLruPct < 1 || hotLruPct > 79 || warmLruPct < 1 || warmLruPct > 79 || hotLruPct + warmLruPct > 80)
        {
            throw new IllegalArgumentException("hotLruPct=" + hotLruPct + " and warmLruPct=" + warmLruPct +
                " (-o hot_lru_pct, warm_lru_pct) must each be in [1, 79] and together at most 80");
        }
        if (!(hotMaxFactor > 0) || !(warmMaxFactor > 0) || Double.isInfinite(hotMaxFactor) ||
            Double.isInfinite(warmMaxFactor))
        {
            throw new IllegalArgumentException("hotMaxFactor=" + hotMaxFactor + " and warmMaxFactor=" + warmMaxFactor +
                " (-o hot_max_factor, warm_max_factor) must be numbers above 0");
        }
        if (temporaryTtl < 0)
        {
            throw new IllegalArgumentException(
                "temporaryTtl=" + temporaryTtl + " (-o temporary_ttl) must be 0 or more");
        }
    }

    /**
     * Returns memcached 1.6's defaults: segmented, hot 20 %, warm 40 %, factors 0.2 and 2.0, no temporary LRU
     * (temporary_ttl 61).
     *
     * @return memcached 1.6's defaults.
     */
    public static LruSettings defaults()
    {
        return new LruSettings(true, 20, 40, 0.2, 2.0, false, 61);
    }

    /**
     * Returns these settings with one flat LRU a class, as memcached's "-o no_lru_maintainer".
     *
     * @return these settings, flat.
     */
    public LruSettings flat()
    {
        return new LruSettings(false, hotLruPct, warmLruPct, hotMaxFactor, warmMaxFactor, tempLru, temporaryTtl);
    }
}
