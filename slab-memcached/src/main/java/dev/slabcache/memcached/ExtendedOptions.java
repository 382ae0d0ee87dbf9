/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.List;

import dev.slabcache.memcached.store.ItemIndex;
import dev.slabcache.memcached.store.LruSettings;

/**
 * memcached's {@code -o} options (1.6.18's names, defaults and ranges), given as a comma-separated list of
 * {@code name} or {@code name=value}, and {@code -o} may be given more than once. Every option is kept so that
 * "stats settings" reports what the operator asked for; the server acts on {@code idle_timeout}, {@code hashpower}
 * (the index's first size) and the LRU options ({@link #lruSettings()}), and its store, which does not chunk items,
 * takes the others as settings only (the README lists them). External storage ({@code ext_*}) and
 * TLS ({@code ssl_*}) options are refused, an unknown option is refused naming it and the known ones.
 */
public final class ExtendedOptions
{
    /** memcached's option names, as listed by an unknown option's error. */
    public static final List<String> NAMES = List.of(
        "maxconns_fast", "no_maxconns_fast", "hashpower", "no_hashexpand", "slab_reassign", "no_slab_reassign",
        "slab_automove", "no_slab_automove", "slab_automove_ratio", "slab_automove_window", "tail_repair_time",
        "hash_algorithm", "lru_crawler", "no_lru_crawler", "lru_crawler_sleep", "lru_crawler_tocrawl",
        "lru_maintainer", "no_lru_maintainer", "hot_lru_pct", "warm_lru_pct", "hot_max_factor", "warm_max_factor",
        "temporary_ttl", "idle_timeout", "watcher_logbuf_size", "worker_logbuf_size", "slab_sizes", "slab_chunk_max",
        "no_chunked_items", "track_sizes", "inline_ascii_resp", "no_inline_ascii_resp", "modern", "no_modern",
        "drop_privileges", "no_drop_privileges", "resp_obj_mem_limit", "read_buf_mem_limit");

    /** The index's first size when {@code hashpower} is not given (memcached's HASHPOWER_DEFAULT). */
    public static final int DEFAULT_HASH_POWER = ItemIndex.INITIAL_HASH_POWER;

    /** The smallest hashpower memcached takes. */
    public static final int MIN_HASH_POWER = 12;

    // Package-private so that ExtendedOptionParser writes them as it reads -o; nothing else does.
    boolean maxconnsFast = true;
    int hashPowerInit;
    boolean hashExpand = true;
    boolean slabReassign = true;
    int slabAutomove = 1;
    double slabAutomoveRatio = 0.8;
    int slabAutomoveWindow = 30;
    long tailRepairTime;
    String hashAlgorithm = "murmur3";
    boolean lruCrawler = true;
    long lruCrawlerSleep = 100;
    long lruCrawlerTocrawl;
    boolean lruMaintainer = true;
    int hotLruPct = 20;
    int warmLruPct = 40;
    double hotMaxFactor = 0.2;
    double warmMaxFactor = 2.0;
    boolean tempLru;
    long temporaryTtl = 61;
    long idleTimeout;
    long watcherLogbufSize = 256 * 1024;
    long workerLogbufSize = 64 * 1024;
    String slabSizes;
    int slabChunkMax = 512 * 1024;
    boolean trackSizes;
    boolean dropPrivileges;
    long readBufMemLimit;

    ExtendedOptions()
    {
    }

    /**
     * Applies one {@code -o} argument.
     *
     * @param list comma-separated {@code name} or {@code name=value}.
     * @throws ConfigException naming the option, the value and the rule.
     */
    void apply(final String list)
    {
        new ExtendedOptionParser(this).apply(list);
    }

    /**
     * Returns the store's LRU settings: lru_maintainer (memcached's lru_segmented follows it), hot_lru_pct,
     * warm_lru_pct, hot_max_factor, warm_max_factor and temporary_ttl (temp_lru).
     *
     * @return the store's LRU settings.
     * @throws ConfigException when hot_lru_pct and warm_lru_pct add up to more than 80, as memcached refuses them.
     */
    public LruSettings lruSettings()
    {
        if (hotLruPct + warmLruPct > 80)
        {
            throw new ConfigException("-o hot_lru_pct=" + hotLruPct + " + warm_lru_pct=" + warmLruPct +
                " cannot be more than 80% combined");
        }
        return new LruSettings(lruMaintainer, hotLruPct, warmLruPct, hotMaxFactor, warmMaxFactor, tempLru,
            temporaryTtl);
    }

    void idleTimeout(final long seconds)
    {
        idleTimeout = seconds;
    }

    /**
     * Returns maxconns_fast: close a connection over -c at once (default true).
     *
     * @return maxconns_fast: close a connection over -c at once (default true).
     */
    public boolean maxconnsFast()
    {
        return maxconnsFast;
    }

    /**
     * Returns hashpower as given, 0 when not given (as memcached's "stats settings" hashpower_init).
     *
     * @return hashpower as given, 0 when not given (as memcached's "stats settings" hashpower_init).
     */
    public int hashPowerInit()
    {
        return hashPowerInit;
    }

    /**
     * Returns the index's first size as a power of 2: hashpower, else {@link #DEFAULT_HASH_POWER}.
     *
     * @return the index's first size as a power of 2: hashpower, else {@link #DEFAULT_HASH_POWER}.
     */
    public int hashPower()
    {
        return 0 == hashPowerInit ? DEFAULT_HASH_POWER : hashPowerInit;
    }

    /**
     * Returns false under no_hashexpand (taken as a setting: the index still grows).
     *
     * @return false under no_hashexpand (taken as a setting: the index still grows).
     */
    public boolean hashExpand()
    {
        return hashExpand;
    }

    /**
     * Returns slab_reassign (default true).
     *
     * @return slab_reassign (default true).
     */
    public boolean slabReassign()
    {
        return slabReassign;
    }

    /**
     * Returns slab_automove: 0, 1 (default) or 2.
     *
     * @return slab_automove: 0, 1 (default) or 2.
     */
    public int slabAutomove()
    {
        return slabAutomove;
    }

    /**
     * Returns slab_automove_ratio (default 0.8).
     *
     * @return slab_automove_ratio (default 0.8).
     */
    public double slabAutomoveRatio()
    {
        return slabAutomoveRatio;
    }

    /**
     * Returns slab_automove_window (default 30).
     *
     * @return slab_automove_window (default 30).
     */
    public int slabAutomoveWindow()
    {
        return slabAutomoveWindow;
    }

    /**
     * Returns tail_repair_time in seconds, 0 (the default) for never.
     *
     * @return tail_repair_time in seconds, 0 (the default) for never.
     */
    public long tailRepairTime()
    {
        return tailRepairTime;
    }

    /**
     * Returns hash_algorithm: jenkins, murmur3 (default) or xxh3.
     *
     * @return hash_algorithm: jenkins, murmur3 (default) or xxh3.
     */
    public String hashAlgorithm()
    {
        return hashAlgorithm;
    }

    /**
     * Returns lru_crawler, false under no_lru_crawler (default true).
     *
     * @return lru_crawler, false under no_lru_crawler (default true).
     */
    public boolean lruCrawler()
    {
        return lruCrawler;
    }

    /**
     * Returns lru_crawler_sleep in microseconds (default 100).
     *
     * @return lru_crawler_sleep in microseconds (default 100).
     */
    public long lruCrawlerSleep()
    {
        return lruCrawlerSleep;
    }

    /**
     * Returns lru_crawler_tocrawl, 0 (the default) for no limit.
     *
     * @return lru_crawler_tocrawl, 0 (the default) for no limit.
     */
    public long lruCrawlerTocrawl()
    {
        return lruCrawlerTocrawl;
    }

    /**
     * Returns lru_maintainer, false under no_lru_maintainer (default true; memcached's lru_segmented too).
     *
     * @return lru_maintainer, false under no_lru_maintainer (default true; memcached's lru_segmented too).
     */
    public boolean lruMaintainer()
    {
        return lruMaintainer;
    }

    /**
     * Returns hot_lru_pct (default 20).
     *
     * @return hot_lru_pct (default 20).
     */
    public int hotLruPct()
    {
        return hotLruPct;
    }

    /**
     * Returns warm_lru_pct (default 40).
     *
     * @return warm_lru_pct (default 40).
     */
    public int warmLruPct()
    {
        return warmLruPct;
    }

    /**
     * Returns hot_max_factor (default 0.2).
     *
     * @return hot_max_factor (default 0.2).
     */
    public double hotMaxFactor()
    {
        return hotMaxFactor;
    }

    /**
     * Returns warm_max_factor (default 2.0).
     *
     * @return warm_max_factor (default 2.0).
     */
    public double warmMaxFactor()
    {
        return warmMaxFactor;
    }

    /**
     * Returns whether temporary_ttl was given (memcached's temp_lru).
     *
     * @return whether temporary_ttl was given (memcached's temp_lru).
     */
    public boolean tempLru()
    {
        return tempLru;
    }

    /**
     * Returns temporary_ttl in seconds (default 61).
     *
     * @return temporary_ttl in seconds (default 61).
     */
    public long temporaryTtl()
    {
        return temporaryTtl;
    }

    /**
     * Returns idle_timeout (or --idle-timeout) in seconds, 0 (the default) for never.
     *
     * @return idle_timeout (or --idle-timeout) in seconds, 0 (the default) for never.
     */
    public long idleTimeout()
    {
        return idleTimeout;
    }

    /**
     * Returns watcher_logbuf_size in bytes (given in KiB; default 262144).
     *
     * @return watcher_logbuf_size in bytes (given in KiB; default 262144).
     */
    public long watcherLogbufSize()
    {
        return watcherLogbufSize;
    }

    /**
     * Returns worker_logbuf_size in bytes (given in KiB; default 65536).
     *
     * @return worker_logbuf_size in bytes (given in KiB; default 65536).
     */
    public long workerLogbufSize()
    {
        return workerLogbufSize;
    }

    /**
     * Returns slab_sizes as given, or null.
     *
     * @return slab_sizes as given, or null.
     */
    public String slabSizes()
    {
        return slabSizes;
    }

    /**
     * Returns slab_chunk_max in bytes (default 524288; the page size under no_chunked_items or no_modern).
     *
     * @return slab_chunk_max in bytes (default 524288; the page size under no_chunked_items or no_modern).
     */
    public int slabChunkMax()
    {
        return slabChunkMax;
    }

    /**
     * Returns whether track_sizes was given.
     *
     * @return whether track_sizes was given.
     */
    public boolean trackSizes()
    {
        return trackSizes;
    }

    /**
     * Returns drop_privileges (default false).
     *
     * @return drop_privileges (default false).
     */
    public boolean dropPrivileges()
    {
        return dropPrivileges;
    }

    /**
     * Returns read_buf_mem_limit in bytes (given in MiB), 0 (the default) for no limit.
     *
     * @return read_buf_mem_limit in bytes (given in MiB), 0 (the default) for no limit.
     */
    public long readBufMemLimit()
    {
        return readBufMemLimit;
    }
}
