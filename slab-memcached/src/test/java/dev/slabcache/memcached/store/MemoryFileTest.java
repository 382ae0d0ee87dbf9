/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepItemsInAMappedFileOfWholePages() throws IOException
    {
        final Path file = dir.resolve("items.mem");
        final StoreSettings settings = new StoreSettings((4L << 20) + 12345, 1.25, 48, 1 << 20, true, file);
        try (StoreDriver items = new StoreDriver(settings))
        {
            assertEquals(4L << 20, Files.size(file), "memoryLimit rounded down to whole pages");
            for (int i = 0; i < 10_000; i++)
            {
                assertEquals(StoreResult.STORED, items.set("k" + i, "value-" + i));
            }
            for (int i = 0; i < 10_000; i++)
            {
                assertEquals("value-" + i, items.get("k" + i));
            }
            for (int i = 0; i < 20_000; i++)
            {
                items.set("big" + i, "x".repeat(1000));
            }
            assertTrue(items.stat("evictions") > 0, "the file's pages are all the memory there is");
            assertEquals(4L << 20, items.stat("limit_maxbytes") - 12345);
        }
        assertTrue(Files.exists(file));
    }

    @Test
    void shouldExtendAnExistingFileAndKeepItemsOverACleanRestart() throws IOException
    {
        final Path file = dir.resolve("items.mem");
        Files.write(file, new byte[100]);
        final StoreSettings settings = new StoreSettings(2L << 20, 1.25, 48, 1 << 20, true, file);
        try (StoreDriver items = new StoreDriver(settings))
        {
            assertEquals(2L << 20, Files.size(file));
            items.set("k", "v");
            assertEquals("v", items.get("k"));
        }
        try (StoreDriver items = new StoreDriver(settings))
        {
            assertEquals("v", items.get("k"), "a clean stop keeps the items (WarmRestartTest tests it whole)");
            items.set("k", "w");
            assertEquals("w", items.get("k"));
        }
    }
}
