/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import dev.slabcache.memcached.store.LruSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LruSettingsTest
{
    @Test
    void shouldDefaultToMemcachedsSegmentedLru()
    {
        assertEquals(new LruSettings(true, 20, 40, 0.2, 2.0, false, 61), LruSettings.defaults());
        assertEquals(LruSettings.defaults(), ServerConfig.parse().lruSettings());
        assertFalse(LruSettings.defaults().flat().maintainer());
    }

    @Test
    void shouldTakeTheLruOptions()
    {
        final LruSettings lru = ServerConfig.parse(
            "-o", "hot_lru_pct=10,warm_lru_pct=70,hot_max_factor=0.5,warm_max_factor=3,temporary_ttl=30").lruSettings();
        assertEquals(new LruSettings(true, 10, 70, 0.5, 3.0, true, 30), lru);
        assertFalse(ServerConfig.parse("-o", "no_lru_maintainer").lruSettings().maintainer());
        assertFalse(ServerConfig.parse("-o", "no_modern").lruSettings().maintainer());
        assertTrue(ServerConfig.parse("-o", "no_lru_maintainer,lru_maintainer").lruSettings().maintainer());
    }

    @Test
    void shouldRefuseHotAndWarmSharesOverEightyPercentAsMemcachedDoes()
    {
        final ConfigException ex = assertThrows(
            ConfigException.class, () -> ServerConfig.parse("-o", "hot_lru_pct=41,warm_lru_pct=40"));
        assertEquals("-o hot_lru_pct=41 + warm_lru_pct=40 cannot be more than 80% combined", ex.getMessage());
        assertThrows(ConfigException.class, () -> ServerConfig.parse("-o", "lru_segmented"),
            "memcached 1.6.18 has no such option: lru_maintainer and no_lru_maintainer choose");
    }

    @Test
    void shouldRefuseBadSettingsNamingTheValueAndTheRule()
    {
        assertMessage("hotLruPct=0", () -> new LruSettings(true, 0, 40, 0.2, 2.0, false, 61));
        assertMessage("warmLruPct=80", () -> new LruSettings(true, 1, 80, 0.2, 2.0, false, 61));
        assertMessage("together at most 80", () -> new LruSettings(true, 41, 40, 0.2, 2.0, false, 61));
        assertMessage("hotMaxFactor=0.0", () -> new LruSettings(true, 20, 40, 0, 2.0, false, 61));
        assertMessage("warmMaxFactor=NaN", () -> new LruSettings(true, 20, 40, 0.2, Double.NaN, false, 61));
        assertMessage("warmMaxFactor=Infinity",
            () -> new LruSettings(true, 20, 40, 0.2, Double.POSITIVE_INFINITY, false, 61));
        assertMessage("temporaryTtl=-1", () -> new LruSettings(true, 20, 40, 0.2, 2.0, true, -1));
    }

    private static void assertMessage(final String part, final org.junit.jupiter.api.function.Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
