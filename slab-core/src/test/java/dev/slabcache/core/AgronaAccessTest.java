/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgronaAccessTest
{
    @Test
    void shouldPassInAJvmStartedWithTheFlag()
    {
        assertDoesNotThrow(AgronaAccess::ensureAvailable);
    }

    @Test
    void shouldNameTheMissingFlagInAJvmStartedWithoutIt() throws IOException, InterruptedException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process = new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), WithoutFlag.class.getName())
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not end");

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("IllegalStateException"), output);
        assertTrue(output.contains(AgronaAccess.REQUIRED_JVM_FLAG), output);
    }

    /**
     * Run in a JVM without the flag: the library's first use must say which flag to add.
     */
    static final class WithoutFlag
    {
        public static void main(final String[] args)
        {
            try
            {
                SlabProvider.direct().allocate(4096, 64);
                System.out.println("no exception");
            }
            catch (final RuntimeException ex)
            {
                System.out.println(ex);
            }
        }
    }
}
