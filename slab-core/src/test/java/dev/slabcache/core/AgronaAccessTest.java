/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import dev.slabcache.core.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgronaAccessTest
{
    @Test
    void shouldNameTheClassPathFlagWhenAgronaIsInTheUnnamedModule()
    {
        assertEquals(AgronaAccess.REQUIRED_JVM_FLAG, AgronaAccess.requiredJvmFlag());
        assertEquals("--add-opens java.base/jdk.internal.misc=ALL-UNNAMED",
            AgronaAccess.requiredJvmFlag(AgronaAccessTest.class.getModule()));
    }

    @Test
    void shouldOpenToTheNamedModuleAgronaIsIn()
    {
        assertEquals("--add-opens java.base/jdk.internal.misc=java.base",
            AgronaAccess.requiredJvmFlag(String.class.getModule()));
        assertEquals("--add-opens java.base/jdk.internal.misc=org.agrona", AgronaAccess.MODULE_PATH_JVM_FLAG);
    }

    @Test
    void shouldNameTheMissingFlagInAJvmStartedWithoutIt()
    {
        final String output = ForkedJvm.run(WithoutFlag.class);

        assertTrue(output.contains("IllegalStateException"), output);
        assertTrue(output.contains(AgronaAccess.REQUIRED_JVM_FLAG), output);
        assertTrue(output.contains("Agrona is on the class path"), output);
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
