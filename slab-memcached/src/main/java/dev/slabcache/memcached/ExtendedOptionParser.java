/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.List;

import dev.slabcache.memcached.store.ItemIndex;
import dev.slabcache.memcached.store.StoreSettings;

/**
 * Reads {@code -o} arguments into {@link ExtendedOptions}: each option's value checked against memcached 1.6.18's
 * range, {@code no_modern} undoing the modern defaults, external storage ({@code ext_*}) and TLS ({@code ssl_*})
 * options refused, and an unknown option refused naming it and the known ones.
 */
final class ExtendedOptionParser
{
    private final ExtendedOptions options;

    /**
     * Makes a parser that fills one set of options.
     *
     * @param options the options the values are written into, holding memcached's defaults.
     */
    ExtendedOptionParser(final ExtendedOptions options)
    {
        this.options = options;
    }

    /**
     * Applies one {@code -o} argument.
     *
     * @param list comma-separated {@code name} or {@code name=value}.
     * @throws ConfigException naming the option, the value and the rule.
     */
    void apply(final String list)
    {
        for (final String option : list.split(","))
        {
            final int eq = option.indexOf('=');
            final String name = eq < 0 ? option : option.substring(0, eq);
            final String value = eq < 0 ? null : option.substring(eq + 1);
            set(name, value);
        }
    }

    private void set(final String name, final String value)
    {
        final String flag = "-o " + name;
        switch (name)
        {
            case "maxconns_fast" -> options.maxconnsFast = true;
            case "no_maxconns_fast" -> options.maxconnsFast = false;
            case "hashpower" -> options.hashPowerInit = (int)FlagValues.number(
                flag, needed(name, value), ExtendedOptions.MIN_HASH_POWER, ItemIndex.MAX_HASH_POWER);
            case "no_hashexpand" -> options.hashExpand = false;
            case "slab_reassign" -> options.slabReassign = true;
            case "no_slab_reassign" -> options.slabReassign = false;
            case "slab_automove" ->
                options.slabAutomove = null == value ? 1 : (int)FlagValues.number(flag, value, 0, 2);
            case "no_slab_automove" -> options.slabAutomove = 0;
            case "slab_automove_ratio" ->
            {
                options.slabAutomoveRatio = FlagValues.decimal(flag, needed(name, value));
                if (!(options.slabAutomoveRatio > 0 && options.slabAutomoveRatio <= 1))
                {
                    throw new ConfigException("flag " + flag + " must be above 0 and at most 1, got " + value);
                }
            }
            case "slab_automove_window" -> options.slabAutomoveWindow =
                (int)FlagValues.number(flag, needed(name, value), 3, Integer.MAX_VALUE);
            case "tail_repair_time" ->
                options.tailRepairTime = FlagValues.number(flag, needed(name, value), 10, 1L << 31);
            case "hash_algorithm" -> options.hashAlgorithm = hashAlgorithm(needed(name, value));
            case "lru_crawler" -> options.lruCrawler = true;
            case "no_lru_crawler" -> options.lruCrawler = false;
            case "lru_crawler_sleep" ->
                options.lruCrawlerSleep = FlagValues.number(flag, needed(name, value), 0, 1_000_000);
            case "lru_crawler_tocrawl" -> options.lruCrawlerTocrawl =
                FlagValues.number(flag, needed(name, value), 0, 0xFFFF_FFFFL);
            case "lru_maintainer" -> options.lruMaintainer = true;
            case "no_lru_maintainer" -> options.lruMaintainer = false;
            case "hot_lru_pct" -> options.hotLruPct = (int)FlagValues.number(flag, needed(name, value), 1, 79);
            case "warm_lru_pct" -> options.warmLruPct = (int)FlagValues.number(flag, needed(name, value), 1, 79);
            case "hot_max_factor" -> options.hotMaxFactor = positive(flag, needed(name, value));
            case "warm_max_factor" -> options.warmMaxFactor = positive(flag, needed(name, value));
            case "temporary_ttl" ->
            {
                options.temporaryTtl = FlagValues.number(flag, needed(name, value), 0, 1L << 31);
                options.tempLru = true;
            }
            case "idle_timeout" ->
                options.idleTimeout = FlagValues.number(flag, needed(name, value), 0, 365L * 24 * 3600);
            case "watcher_logbuf_size" -> options.watcherLogbufSize =
                1024 * FlagValues.number(flag, needed(name, value), 1, 1L << 20);
            case "worker_logbuf_size" -> options.workerLogbufSize =
                1024 * FlagValues.number(flag, needed(name, value), 1, 1L << 20);
            case "slab_sizes" ->
                options.slabSizes = FlagValues.nonEmpty(flag, needed(name, value), "sizes joined by '-'");
            case "slab_chunk_max" ->
                options.slabChunkMax = (int)FlagValues.number(flag, needed(name, value), 1, 1 << 30);
            case "no_chunked_items" -> options.slabChunkMax = StoreSettings.MIN_PAGE_SIZE;
            case "track_sizes" -> options.trackSizes = true;
            case "inline_ascii_resp", "no_inline_ascii_resp", "modern", "resp_obj_mem_limit" ->
            {
                // memcached 1.6 accepts these and does nothing with them.
            }
            case "no_modern" -> noModern();
            case "drop_privileges" -> options.dropPrivileges = true;
            case "no_drop_privileges" -> options.dropPrivileges = false;
            case "read_buf_mem_limit" -> options.readBufMemLimit =
                1024L * 1024 * FlagValues.number(flag, needed(name, value), 0, 1L << 32);
            default -> throw unknown(name);
        }
    }

    private void noModern()
    {
        options.slabChunkMax = StoreSettings.MIN_PAGE_SIZE;
        options.slabReassign = false;
        options.slabAutomove = 0;
        options.maxconnsFast = false;
        options.lruMaintainer = false;
        options.hashAlgorithm = "jenkins";
        options.lruCrawler = false;
    }

    private static String needed(final String name, final String value)
    {
        if (null == value)
        {
            throw new ConfigException("flag -o " + name + " needs a value: -o " + name + "=<value>");
        }
        return value;
    }

    private static double positive(final String flag, final String value)
    {
        final double d = FlagValues.decimal(flag, value);
        if (!(d > 0) || Double.isInfinite(d))
        {
            throw new ConfigException("flag " + flag + " must be above 0, got " + value);
        }
        return d;
    }

    private static String hashAlgorithm(final String value)
    {
        if (!List.of("jenkins", "murmur3", "xxh3").contains(value))
        {
            throw new ConfigException(
                "flag -o hash_algorithm must be one of jenkins, murmur3, xxh3, got '" + value + "'");
        }
        return value;
    }

    private static ConfigException unknown(final String name)
    {
        if (name.startsWith("ext_") || "slab_automove_freeratio".equals(name))
        {
            return new ConfigException("-o " + name + " is not supported: this server has no external storage");
        }
        if (name.startsWith("ssl_"))
        {
            return new ConfigException("-o " + name + " is not supported: this server speaks no TLS");
        }
        return new ConfigException("unknown -o option '" + name + "' (memcached: Illegal suboption); known: " +
            String.join(", ", ExtendedOptions.NAMES));
    }
}
