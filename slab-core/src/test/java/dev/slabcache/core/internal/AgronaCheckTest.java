/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

class AgronaCheckTest
{
    @Test
    void shouldPassInAJvmStartedWithTheFlag()
    {
        assertDoesNotThrow(AgronaCheck::ensureAvailable);
    }
}
