/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessUserTest
{
    @Test
    void shouldRefuseRootWithoutUserInMemcachedsWords()
    {
        assertEquals("can't run as root without the -u switch", ProcessUser.refusal(true, null));
    }

    @Test
    void shouldRunAsRootWithUserRootAsMemcachedDoes()
    {
        assertNull(ProcessUser.refusal(true, "root"));
    }

    @Test
    void shouldRefuseRootWithAnotherUserNamingTheLauncher()
    {
        final String refusal = ProcessUser.refusal(true, "memcache");
        assertTrue(refusal.startsWith("can't run as root with -u memcache: a JVM cannot switch users"), refusal);
        assertTrue(refusal.contains("bin/slab-memcached"), refusal);
    }

    @Test
    void shouldIgnoreUserWhenNotRoot()
    {
        assertNull(ProcessUser.refusal(false, null));
        assertNull(ProcessUser.refusal(false, "memcache"));
    }

    @Test
    void shouldTakeRootFromTheRealOrTheEffectiveUid()
    {
        assertTrue(ProcessUser.rootInStatus(List.of("Name:\tjava", "Uid:\t0\t0\t0\t0")));
        assertTrue(ProcessUser.rootInStatus(List.of("Uid:\t1000\t0\t0\t0")));
        assertTrue(ProcessUser.rootInStatus(List.of("Uid:\t0\t1000\t1000\t1000")));
        assertFalse(ProcessUser.rootInStatus(List.of("Uid:\t1000\t1000\t1000\t1000", "Gid:\t0\t0\t0\t0")));
        assertThrows(IllegalStateException.class, () -> ProcessUser.rootInStatus(List.of("Name:\tjava")));
    }

    @Test
    void shouldSeeThisProcessAsRootExactlyWhenItsUserIsRoot()
    {
        assertEquals("root".equals(System.getProperty("user.name")), ProcessUser.isRoot());
    }
}
