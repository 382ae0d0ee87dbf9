/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.Locale;

import dev.slabcache.master.SizeClassStats;

/**
 * Writes the store's statistics under memcached's names: its part of "stats", "stats slabs", "stats items" and
 * "stats settings". Classes are numbered from 1, as memcached's. Called with the store paused, so the figures
 * agree with each other: curr_items is the items in the index, cmd_get is get_hits plus get_misses.
 */
final class StatsReport
{
    private final StoreSettings settings;
    private final ItemTable table;
    private final StoreMemory memory;
    private final ThreadStats stats;
    private final StoreTuning tuning;

    StatsReport(final StoreSettings settings, final ItemTable table, final ThreadStats stats, final StoreTuning tuning)
    {
        this.settings = settings;
        this.table = table;
        this.memory = table.memory;
        this.stats = stats;
        this.tuning = tuning;
    }

    void general(final StatSink sink)
    {
        final SizeClassStats snapshot = memory.stats();
        sink.stat("limit_maxbytes", Long.toString(settings.memoryLimit()));
        sink.stat("curr_items", Long.toString(table.count()));
        sink.stat("bytes", Long.toString(table.bytes()));
        stats.sum().writeCounters(sink, tuning.lruMaintainer);
        sink.stat("slab_global_page_pool", Long.toString(snapshot.pageLimit() - snapshot.pagesInUse()));
        sink.stat("hash_power_level", Integer.toString(table.index.hashPower()));
        sink.stat("hash_bytes", Long.toString(table.index.hashBytes()));
        sink.stat("hash_is_expanding", table.index.isExpanding() ? "1" : "0");
        // A crawl is a bounded batch under its LRU lock, never running while the paused store's stats are read.
        sink.stat("lru_crawler_running", "0");
    }

    void slabs(final StatSink sink)
    {
        final SizeClassStats snapshot = memory.stats();
        final StoreStats counts = stats.sum();
        int active = 0;
        for (final SizeClassStats.ClassStats c : snapshot.classes())
        {
            if (0 == c.pages())
            {
                continue;
            }
            active++;
            final String prefix = (c.index() + 1) + ":";
            sink.stat(prefix + "chunk_size", Integer.toString(c.slotSize()));
            sink.stat(prefix + "chunks_per_page", Long.toString(c.slotCapacity() / c.pages()));
            sink.stat(prefix + "total_pages", Long.toString(c.pages()));
            sink.stat(prefix + "total_chunks", Long.toString(c.slotCapacity()));
            sink.stat(prefix + "used_chunks", Long.toString(c.slotsInUse()));
            sink.stat(prefix + "free_chunks", Long.toString(c.slotCapacity() - c.slotsInUse()));
            sink.stat(prefix + "free_chunks_end", "0");
            counts.writeSlabCounters(c.index(), prefix, sink);
        }
        sink.stat("active_slabs", Integer.toString(active));
        sink.stat("total_malloced", Long.toString(snapshot.bytesInPages()));
    }

    void items(final StatSink sink, final long now)
    {
        final ItemLru lru = table.lru;
        final boolean maintainer = tuning.lruMaintainer;
        final StoreStats counts = stats.sum();
        for (int c = 0; c < lru.classes(); c++)
        {
            final long number = lru.classSize(c);
            if (0 == number)
            {
                continue;
            }
            final String prefix = "items:" + (c + 1) + ":";
            final int first = ItemLru.list(c, ItemLru.HOT);
            sink.stat(prefix + "number", Long.toString(number));
            if (maintainer)
            {
                sink.stat(prefix + "number_hot", Long.toString(lru.size(first + ItemLru.HOT)));
                sink.stat(prefix + "number_warm", Long.toString(lru.size(first + ItemLru.WARM)));
                sink.stat(prefix + "number_cold", Long.toString(lru.size(first + ItemLru.COLD)));
                if (tuning.tempLru)
                {
                    sink.stat(prefix + "number_temp", Long.toString(lru.size(first + ItemLru.TEMP)));
                }
                sink.stat(prefix + "age_hot", Long.toString(tailAge(first + ItemLru.HOT, now)));
                sink.stat(prefix + "age_warm", Long.toString(tailAge(first + ItemLru.WARM, now)));
            }
            sink.stat(prefix + "age", Long.toString(tailAge(first + ItemLru.COLD, now)));
            sink.stat(prefix + "mem_requested", Long.toString(table.bytes(c)));
            counts.writeItemCounters(c, prefix, sink, maintainer);
        }
    }

    private long tailAge(final int list, final long now)
    {
        return table.lru.idleSeconds(table.lru.tail(list), now);
    }

    void settings(final StatSink sink)
    {
        sink.stat("maxbytes", Long.toString(settings.memoryLimit()));
        sink.stat("evictions", settings.evictions() ? "on" : "off");
        sink.stat("growth_factor", String.format(Locale.ROOT, "%.2f", settings.growthFactor()));
        sink.stat("chunk_size", Integer.toString(settings.minDataSize()));
        sink.stat("cas_enabled", settings.casEnabled() ? "yes" : "no");
        sink.stat("item_size_max", Integer.toString(settings.maxItemSize()));
        sink.stat("slab_reassign", "yes");
        sink.stat("slab_automove", Integer.toString(tuning.automove));
        sink.stat("slab_automove_ratio", String.format(Locale.ROOT, "%.2f", tuning.automoveRatio));
        sink.stat("slab_automove_window", Integer.toString(SlabMover.WINDOW));
        // Items are never chunked: the largest slot is a whole page.
        sink.stat("slab_chunk_max", Integer.toString(settings.pageSize()));
        sink.stat("lru_crawler", tuning.crawlerEnabled ? "yes" : "no");
        sink.stat("lru_crawler_sleep", Long.toString(tuning.crawlerSleep));
        sink.stat("lru_crawler_tocrawl", Long.toString(tuning.crawlerToCrawl));
        sink.stat("tail_repair_time", "0");
        sink.stat("hash_algorithm", "xxh64-murmur3");
        sink.stat("lru_maintainer_thread", tuning.lruMaintainer ? "yes" : "no");
        sink.stat("lru_segmented", tuning.lruSegmented ? "yes" : "no");
        sink.stat("hot_lru_pct", Long.toString(tuning.hotLruPct));
        sink.stat("warm_lru_pct", Long.toString(tuning.warmLruPct));
        sink.stat("hot_max_factor", String.format(Locale.ROOT, "%.2f", tuning.hotMaxFactor));
        sink.stat("warm_max_factor", String.format(Locale.ROOT, "%.2f", tuning.warmMaxFactor));
        sink.stat("temp_lru", tuning.tempLru ? "yes" : "no");
        sink.stat("temporary_ttl", Long.toString(tuning.temporaryTtl));
        sink.stat("track_sizes", "no");
        sink.stat("slab_automove_freeratio", "0.010");
        sink.stat("memory_file", null == settings.memoryFile() ? "(null)" : settings.memoryFile().toString());
    }
}
