/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreSettingsTest
{
    @Test
    void shouldHaveMemcachedsDefaults()
    {
        final StoreSettings settings = StoreSettings.defaults();
        assertEquals(64L << 20, settings.memoryLimit());
        assertEquals(1.25, settings.growthFactor());
        assertEquals(48, settings.minDataSize());
        assertEquals(1 << 20, settings.maxItemSize());
        assertEquals(1 << 20, settings.pageSize());
        assertEquals(96, settings.minSlotSize());
        assertEquals(16, settings.hashPower());
        assertTrue(settings.casEnabled());
    }

    @Test
    void shouldSizePagesToHoldTheLargestItem()
    {
        assertEquals(1 << 20, new StoreSettings(64L << 20, 1.25, 48, 1024, true, null).pageSize());
        assertEquals((2 << 20) + 4096, new StoreSettings(64L << 20, 1.25, 48, (2 << 20) + 1, true, null).pageSize());
        assertEquals(104, new StoreSettings(64L << 20, 1.25, 50, 1 << 20, true, null).minSlotSize());
    }

    @Test
    void shouldStoreTheLargestItemOfABigIOption()
    {
        final StoreSettings settings = new StoreSettings(16L << 20, 1.25, 48, 5 << 20, true, null);
        try (StoreDriver items = new StoreDriver(settings))
        {
            final int max = items.store.maxValueLength(3, 0);
            assertEquals(StoreResult.STORED, items.set("big", "x".repeat(max)));
            assertEquals(max, items.get("big").length());
            assertEquals(StoreResult.TOO_LARGE, items.set("big", "x".repeat(max + 1)));
        }
    }

    @Test
    void shouldRefuseSettingsOutOfRange()
    {
        assertMessage("growthFactor=1.0", () -> new StoreSettings(64L << 20, 1.0, 48, 1 << 20, true, null));
        assertMessage("growthFactor=NaN", () -> new StoreSettings(64L << 20, Double.NaN, 48, 1 << 20, true, null));
        assertMessage("minDataSize=0", () -> new StoreSettings(64L << 20, 1.25, 0, 1 << 20, true, null));
        assertMessage("maxItemSize=1023", () -> new StoreSettings(64L << 20, 1.25, 48, 1023, true, null));
        assertMessage("maxItemSize=1073741825",
            () -> new StoreSettings(2L << 30, 1.25, 48, (1 << 30) + 1, true, null));
        assertMessage("minDataSize=2000", () -> new StoreSettings(64L << 20, 1.25, 2000, 1024, true, null));
        assertMessage("memoryLimit=1048575", () -> new StoreSettings((1 << 20) - 1, 1.25, 48, 1024, true, null));
        assertMessage("memoryLimit=8388608 (-m) must hold at least one page of 16777216",
            () -> new StoreSettings(8L << 20, 1.25, 48, 16 << 20, true, null));
        assertMessage("below 2 GiB",
            () -> new StoreSettings(4L << 30, 1.25, 48, 1 << 20, true, Path.of("/tmp/x")));
        assertMessage("hashPower=0 (-o hashpower) must be in [1, 30]",
            () -> new StoreSettings(64L << 20, 1.25, 48, 1 << 20, true, null, 0));
        assertMessage("hashPower=31 (-o hashpower) must be in [1, 30]",
            () -> new StoreSettings(64L << 20, 1.25, 48, 1 << 20, true, null, 31));
    }

    private static void assertMessage(final String part, final org.junit.jupiter.api.function.Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
