/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The command line turns Netty's leak detection off unless the operator set a level, under either of its names.
 */
class MainLeakLevelTest
{
    private String level;
    private String legacyLevel;

    @BeforeEach
    void saveTheProperties()
    {
        level = System.clearProperty(Main.LEAK_DETECTION_LEVEL_PROP_NAME);
        legacyLevel = System.clearProperty(Main.LEGACY_LEAK_DETECTION_LEVEL_PROP_NAME);
    }

    @AfterEach
    void restoreTheProperties()
    {
        restore(Main.LEAK_DETECTION_LEVEL_PROP_NAME, level);
        restore(Main.LEGACY_LEAK_DETECTION_LEVEL_PROP_NAME, legacyLevel);
    }

    @Test
    void shouldDisableLeakDetectionWhenTheOperatorSetNoLevel()
    {
        Main.disableLeakDetectionUnlessSet();
        assertEquals("disabled", System.getProperty(Main.LEAK_DETECTION_LEVEL_PROP_NAME));
    }

    @Test
    void shouldKeepTheLevelTheOperatorSet()
    {
        System.setProperty(Main.LEAK_DETECTION_LEVEL_PROP_NAME, "paranoid");
        Main.disableLeakDetectionUnlessSet();
        assertEquals("paranoid", System.getProperty(Main.LEAK_DETECTION_LEVEL_PROP_NAME));
    }

    @Test
    void shouldKeepTheLevelTheOperatorSetUnderNettysOlderName()
    {
        System.setProperty(Main.LEGACY_LEAK_DETECTION_LEVEL_PROP_NAME, "advanced");
        Main.disableLeakDetectionUnlessSet();
        assertNull(System.getProperty(Main.LEAK_DETECTION_LEVEL_PROP_NAME));
        assertEquals("advanced", System.getProperty(Main.LEGACY_LEAK_DETECTION_LEVEL_PROP_NAME));
    }

    private static void restore(final String name, final String value)
    {
        if (null == value)
        {
            System.clearProperty(name);
        }
        else
        {
            System.setProperty(name, value);
        }
    }
}
