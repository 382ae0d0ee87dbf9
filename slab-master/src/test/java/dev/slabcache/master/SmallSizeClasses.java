/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.params.provider.Arguments;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Size-class caches over 4 KiB pages with three classes: 64 bytes (64 slots a page), 128 (32) and 256 (16), and
 * what tests of them do often.
 */
final class SmallSizeClasses
{
    static final String NAME = "sc-test";
    static final int PAGE = PagePool.MIN_PAGE_SIZE;
    static final int SMALL = 64;
    static final int MEDIUM = 128;
    static final int LARGE = 256;
    static final int SMALL_PER_PAGE = PAGE / SMALL;
    static final int MEDIUM_PER_PAGE = PAGE / MEDIUM;
    static final int LARGE_PER_PAGE = PAGE / LARGE;

    private SmallSizeClasses()
    {
    }

    /**
     * Every thread-safety mode paired with every call that takes the handle of a size-class cache.
     */
    static Stream<Arguments> everyModeAndHandleCall()
    {
        return CacheUnderTest.Kind.SIZE_CLASS_CACHE.everyModeAndHandleCall();
    }

    /**
     * @return a builder of the three classes over {@code pool}.
     */
    static SizeClassCacheBuilder smallBuilder(final PagePool pool)
    {
        return SizeClassCache.builder().name(NAME).minSlotSize(SMALL).maxSlotSize(LARGE).growthFactor(2)
            .pagePool(pool);
    }

    /**
     * @return a cache of the three classes over {@code pool}.
     */
    static SizeClassCache smallCache(final ThreadSafety mode, final PagePool pool)
    {
        return smallBuilder(pool).threadSafety(mode).build();
    }

    /**
     * @return {@code count} handles of slots of {@code size} bytes, in allocation order.
     */
    static List<Long> allocate(final SizeClassCache cache, final int size, final int count)
    {
        final List<Long> handles = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            handles.add(cache.allocate(size));
        }
        return handles;
    }

    /**
     * Allocates {@code count} slots of {@code size} bytes, each filled with a byte of its own.
     *
     * @return each handle and its byte, in allocation order.
     */
    static Map<Long, Byte> allocateFilled(final SizeClassCache cache, final int size, final int count)
    {
        final Map<Long, Byte> cookies = new LinkedHashMap<>();
        for (int i = 0; i < count; i++)
        {
            final long handle = cache.allocate(size);
            final byte cookie = (byte)(i + 1);
            fill(cache, handle, size, cookie);
            cookies.put(handle, cookie);
        }
        return cookies;
    }

    /**
     * @return the offset of each handle's slot, by handle.
     */
    static Map<Long, Integer> offsets(final SizeClassCache cache, final Set<Long> handles)
    {
        final Map<Long, Integer> offsets = new HashMap<>();
        for (final long handle : handles)
        {
            offsets.put(handle, cache.offset(handle));
        }
        return offsets;
    }

    /**
     * @return the handles grouped by the page that holds them, pages in the order their first handle came.
     */
    static List<List<Long>> byPage(final SizeClassCache cache, final List<Long> handles)
    {
        final Map<AtomicBuffer, List<Long>> pages = new IdentityHashMap<>();
        final List<List<Long>> ordered = new ArrayList<>();
        for (final long handle : handles)
        {
            pages.computeIfAbsent(cache.buffer(handle), (page) ->
            {
                final List<Long> onPage = new ArrayList<>();
                ordered.add(onPage);
                return onPage;
            }).add(handle);
        }
        return ordered;
    }

    /**
     * Frees all but the first {@code count} handles of a page, and forgets them.
     */
    static void keepFirst(final SizeClassCache cache, final List<Long> handles, final int count)
    {
        for (final long handle : handles.subList(count, handles.size()))
        {
            cache.free(handle);
        }
        handles.subList(count, handles.size()).clear();
    }

    /**
     * Fills the first {@code length} bytes of a slot with one value.
     */
    static void fill(final SizeClassCache cache, final long handle, final int length, final byte value)
    {
        cache.buffer(handle).setMemory(cache.offset(handle), length, value);
    }

    /**
     * Checks that the first {@code length} bytes of a slot all hold one value.
     */
    static void assertFilled(final SizeClassCache cache, final long handle, final int length, final byte value)
    {
        assertFilled(cache.buffer(handle), cache.offset(handle), length, value);
    }

    /**
     * Checks that {@code length} bytes from {@code offset} all hold one value.
     */
    static void assertFilled(final AtomicBuffer buffer, final int offset, final int length, final byte value)
    {
        for (int i = 0; i < length; i++)
        {
            if (value != buffer.getByte(offset + i))
            {
                fail("byte " + i + " of the slot at " + offset + " is " + buffer.getByte(offset + i) + ", not " +
                    value);
            }
        }
    }
}
