/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProcessCpuTest
{
    @Test
    void shouldReadUserAndSystemTicksAfterACommandNameWithSpaces()
    {
        final String line = "4242 (java main) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 56 0 0 20 0 30 0 100 " +
            "1000 200 18446744073709551615";
        assertArrayEquals(new long[]{12_340_000, 560_000}, ProcessCpu.parse(line));
    }

    @Test
    void shouldRefuseALineWithoutTheTimes()
    {
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parse("4242 (java) S 1 2"));
    }

    @Test
    void shouldPrintSecondsAsMemcachedPrintsATimeval()
    {
        assertEquals("0.000000", ProcessCpu.seconds(0));
        assertEquals("1.050000", ProcessCpu.seconds(1_050_000));
        assertEquals("12.000007", ProcessCpu.seconds(12_000_007));
    }
}
