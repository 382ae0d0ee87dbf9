/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.artifacts;

import dev.slabcache.core.AgronaAccess;
import dev.slabcache.master.SlabCache;

/**
 * Run from the class path with the library jars and Agrona on the module path: says which modules the classes
 * came from, then uses a cache, printing the library's error if it cannot.
 */
final class ModulePathProbe
{
    private ModulePathProbe()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println("master.module=" + SlabCache.class.getModule().getName());
        System.out.println("core.module=" + AgronaAccess.class.getModule().getName());
        System.out.println("agrona.module=" + org.agrona.DirectBuffer.class.getModule().getName());
        System.out.println("flag=" + AgronaAccess.requiredJvmFlag());
        try (SlabCache cache = SlabCache.builder().name("module-path").build())
        {
            final long handle = cache.allocate();
            cache.buffer(handle).putLong(cache.offset(handle), 42L);
            System.out.println("read=" + cache.buffer(handle).getLong(cache.offset(handle)));
            cache.free(handle);
        }
        catch (final IllegalStateException ex)
        {
            System.out.println("failure=" + ex.getMessage());
        }
    }
}
