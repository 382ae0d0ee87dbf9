/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.BitSet;

import dev.slabcache.core.SlotHandle;

/**
 * Hands each open cache a tag no other open cache has, so their handles never collide. Tags are handed out
 * round-robin, so a closed cache's tag is reused as late as possible.
 */
final class CacheTags
{
    private static final BitSet IN_USE = new BitSet(SlotHandle.MAX_CACHE_TAG + 1);
    private static int cursor;

    private CacheTags()
    {
    }

    static synchronized int acquire(final String cacheName)
    {
        for (int i = 0; i < SlotHandle.MAX_CACHE_TAG; i++)
        {
            cursor = cursor % SlotHandle.MAX_CACHE_TAG + 1;
            if (!IN_USE.get(cursor))
            {
                IN_USE.set(cursor);
                return cursor;
            }
        }

        throw new IllegalStateException(
            "cannot build cache '" + cacheName + "': " + SlotHandle.MAX_CACHE_TAG +
            " caches are open, the most a handle can tell apart; close caches no longer used");
    }

    static synchronized void release(final int tag)
    {
        IN_USE.clear(tag);
    }
}
