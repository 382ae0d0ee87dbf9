/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import dev.slabcache.master.PagePool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectMemoryBudgetTest
{
    private static final long MIB = 1L << 20;

    @Test
    void shouldCountEveryPageOfTheMemoryLimitWithItsAlignmentPadding()
    {
        final DirectMemoryBudget budget = DirectMemoryBudget.of(ServerConfig.parse("-m", "64"));

        assertEquals(64 * (MIB + PagePool.PAGE_ALIGNMENT), budget.itemBytes());
    }

    @Test
    void shouldCountNoItemPagesForAMemoryFile()
    {
        final DirectMemoryBudget budget =
            DirectMemoryBudget.of(ServerConfig.parse("-m", "64", "--memory-file", "/tmp/never-mapped-here"));

        assertEquals(0, budget.itemBytes());
    }

    @Test
    void shouldKeepABudgetForTheConnectionsThatGrowsWithConnectionsThreadsAndItemSize()
    {
        final long base = DirectMemoryBudget.of(ServerConfig.parse("-c", "1024", "-t", "4")).connectionBytes();

        assertEquals(16 * MIB + 1024 * 16 * 1024 + 4 * 2 * MIB, base);
        assertTrue(DirectMemoryBudget.of(ServerConfig.parse("-c", "4096", "-t", "4")).connectionBytes() > base);
        assertTrue(DirectMemoryBudget.of(ServerConfig.parse("-c", "1024", "-t", "8")).connectionBytes() > base);
        assertTrue(DirectMemoryBudget.of(ServerConfig.parse("-c", "1024", "-t", "4", "-I", "4m"))
            .connectionBytes() > base);
    }

    @Test
    void shouldRefuseALimitBelowItemsAndConnectionsOnOneLineNamingTheFix()
    {
        final DirectMemoryBudget budget = DirectMemoryBudget.of(ServerConfig.parse("-m", "256"));

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> budget.check(64 * MIB));

        assertEquals("-m 256 needs 257 MiB of direct memory for items plus 40 MiB for connections (-c 1024, -t 4, " +
            "-I 1048576); this JVM allows 64 MiB (-XX:MaxDirectMemorySize, by default -Xmx): start java with " +
            "-XX:MaxDirectMemorySize=297m or more, or with bin/slab-memcached, which sizes the JVM from -m and -c",
            ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
    }

    @Test
    void shouldAcceptALimitThatHoldsTheItemsAndTheConnectionsExactly()
    {
        final DirectMemoryBudget budget = DirectMemoryBudget.of(ServerConfig.parse("-m", "256"));
        final long exact = budget.itemBytes() + budget.connectionBytes();

        assertDoesNotThrow(() -> budget.check(exact));
        assertThrows(IllegalStateException.class, () -> budget.check(exact - 1));
    }

    @Test
    void shouldReadThisJvmsLimitAsTheHeapLimitWhenNoOptionSetsIt()
    {
        // Surefire starts the test JVM without -XX:MaxDirectMemorySize.
        assertEquals(Runtime.getRuntime().maxMemory(), DirectMemoryBudget.jvmLimit());
    }
}
