/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtendedOptionsTest
{
    private static ExtendedOptions options(final String... lists)
    {
        final String[] args = new String[lists.length * 2];
        for (int i = 0; i < lists.length; i++)
        {
            args[2 * i] = "-o";
            args[2 * i + 1] = lists[i];
        }
        return ServerConfig.parse(args).extended();
    }

    @Test
    void shouldHaveMemcachedsDefaultsAsStatsSettingsShowsThem()
    {
        final ExtendedOptions o = options();
        assertTrue(o.maxconnsFast());
        assertEquals(0, o.hashPowerInit());
        assertEquals(16, o.hashPower());
        assertTrue(o.hashExpand());
        assertTrue(o.slabReassign());
        assertEquals(1, o.slabAutomove());
        assertEquals(0.8, o.slabAutomoveRatio());
        assertEquals(30, o.slabAutomoveWindow());
        assertEquals(0, o.tailRepairTime());
        assertEquals("murmur3", o.hashAlgorithm());
        assertTrue(o.lruCrawler());
        assertEquals(100, o.lruCrawlerSleep());
        assertEquals(0, o.lruCrawlerTocrawl());
        assertTrue(o.lruMaintainer());
        assertEquals(20, o.hotLruPct());
        assertEquals(40, o.warmLruPct());
        assertEquals(0.2, o.hotMaxFactor());
        assertEquals(2.0, o.warmMaxFactor());
        assertFalse(o.tempLru());
        assertEquals(61, o.temporaryTtl());
        assertEquals(0, o.idleTimeout());
        assertEquals(262144, o.watcherLogbufSize());
        assertEquals(65536, o.workerLogbufSize());
        assertNull(o.slabSizes());
        assertEquals(524288, o.slabChunkMax());
        assertFalse(o.trackSizes());
        assertFalse(o.dropPrivileges());
        assertEquals(0, o.readBufMemLimit());
    }

    @Test
    void shouldReadEveryValuedOption()
    {
        final ExtendedOptions o = options("hashpower=20,slab_automove=2,slab_automove_ratio=0.5",
            "slab_automove_window=10,tail_repair_time=30,hash_algorithm=xxh3,lru_crawler_sleep=50",
            "lru_crawler_tocrawl=1000,hot_lru_pct=10,warm_lru_pct=30,hot_max_factor=0.5,warm_max_factor=3",
            "temporary_ttl=90,idle_timeout=600,watcher_logbuf_size=512,worker_logbuf_size=128",
            "slab_sizes=100-200-400,slab_chunk_max=16384,read_buf_mem_limit=8");
        assertEquals(20, o.hashPowerInit());
        assertEquals(20, o.hashPower());
        assertEquals(2, o.slabAutomove());
        assertEquals(0.5, o.slabAutomoveRatio());
        assertEquals(10, o.slabAutomoveWindow());
        assertEquals(30, o.tailRepairTime());
        assertEquals("xxh3", o.hashAlgorithm());
        assertEquals(50, o.lruCrawlerSleep());
        assertEquals(1000, o.lruCrawlerTocrawl());
        assertEquals(10, o.hotLruPct());
        assertEquals(30, o.warmLruPct());
        assertEquals(0.5, o.hotMaxFactor());
        assertEquals(3.0, o.warmMaxFactor());
        assertTrue(o.tempLru());
        assertEquals(90, o.temporaryTtl());
        assertEquals(600, o.idleTimeout());
        assertEquals(512 * 1024, o.watcherLogbufSize());
        assertEquals(128 * 1024, o.workerLogbufSize());
        assertEquals("100-200-400", o.slabSizes());
        assertEquals(16384, o.slabChunkMax());
        assertEquals(8L << 20, o.readBufMemLimit());
    }

    @Test
    void shouldReadEveryOnOffOption()
    {
        final ExtendedOptions off = options("no_maxconns_fast,no_hashexpand,no_slab_reassign,no_slab_automove",
            "no_lru_crawler,no_lru_maintainer,track_sizes,drop_privileges,no_chunked_items");
        assertFalse(off.maxconnsFast());
        assertFalse(off.hashExpand());
        assertFalse(off.slabReassign());
        assertEquals(0, off.slabAutomove());
        assertFalse(off.lruCrawler());
        assertFalse(off.lruMaintainer());
        assertTrue(off.trackSizes());
        assertTrue(off.dropPrivileges());
        assertEquals(1 << 20, off.slabChunkMax());

        final ExtendedOptions on = options("no_maxconns_fast,no_slab_reassign,no_lru_crawler,no_lru_maintainer",
            "maxconns_fast,slab_reassign,slab_automove,lru_crawler,lru_maintainer,no_drop_privileges");
        assertTrue(on.maxconnsFast());
        assertTrue(on.slabReassign());
        assertEquals(1, on.slabAutomove());
        assertTrue(on.lruCrawler());
        assertTrue(on.lruMaintainer());
        assertFalse(on.dropPrivileges());
    }

    @Test
    void shouldAcceptTheOptionsMemcachedIgnores()
    {
        final ExtendedOptions o = options("modern,inline_ascii_resp,no_inline_ascii_resp,resp_obj_mem_limit");
        assertEquals(16, o.hashPower());
    }

    @Test
    void shouldTurnToThePreviousMajorVersionsDefaultsUnderNoModern()
    {
        final ExtendedOptions o = options("no_modern");
        assertFalse(o.slabReassign());
        assertEquals(0, o.slabAutomove());
        assertFalse(o.maxconnsFast());
        assertFalse(o.lruMaintainer());
        assertFalse(o.lruCrawler());
        assertEquals("jenkins", o.hashAlgorithm());
        assertEquals(1 << 20, o.slabChunkMax());
    }

    @Test
    void shouldNameAnUnknownOptionAndListTheKnownOnes()
    {
        final String message = message("idle_timeout=5,bogus");
        assertTrue(message.startsWith("unknown -o option 'bogus' (memcached: Illegal suboption); known: "), message);
        for (final String name : ExtendedOptions.NAMES)
        {
            assertTrue(message.contains(name), name);
        }
    }

    @Test
    void shouldRefuseExternalStorageAndTlsOptionsSayingWhy()
    {
        assertEquals("-o ext_path is not supported: this server has no external storage",
            message("ext_path=/mnt/d1/extstore:1G"));
        assertEquals("-o ssl_ciphers is not supported: the JDK's TLS provider chooses (supported: ssl_chain_cert, " +
            "ssl_key, ssl_ca_cert, ssl_verify_mode)", message("ssl_ciphers=ALL"));
    }

    @Test
    void shouldRefuseValuesOutOfMemcachedsRanges()
    {
        assertEquals("flag -o hashpower must be from 12 to 30, got 5", message("hashpower=5"));
        assertEquals("flag -o hashpower must be from 12 to 30, got 31", message("hashpower=31"));
        assertEquals("flag -o hashpower needs a value: -o hashpower=<value>", message("hashpower"));
        assertEquals("flag -o slab_automove must be from 0 to 2, got 3", message("slab_automove=3"));
        assertEquals("flag -o slab_automove_ratio must be above 0 and at most 1, got 1.5",
            message("slab_automove_ratio=1.5"));
        assertEquals("flag -o tail_repair_time must be from 10 to 2147483648, got 5", message("tail_repair_time=5"));
        assertEquals("flag -o hash_algorithm must be one of jenkins, murmur3, xxh3, got 'md5'",
            message("hash_algorithm=md5"));
        assertEquals("flag -o lru_crawler_sleep must be from 0 to 1000000, got 1000001",
            message("lru_crawler_sleep=1000001"));
        assertEquals("flag -o hot_lru_pct must be from 1 to 79, got 80", message("hot_lru_pct=80"));
        assertEquals("flag -o hot_max_factor must be above 0, got 0", message("hot_max_factor=0"));
        assertEquals("flag -o idle_timeout needs a whole number, got 'x'", message("idle_timeout=x"));
    }

    private static String message(final String list)
    {
        return assertThrows(ConfigException.class, () -> ServerConfig.parse("-o", list)).getMessage();
    }
}
