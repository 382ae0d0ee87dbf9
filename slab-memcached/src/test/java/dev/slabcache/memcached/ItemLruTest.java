/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ItemLruTest
{
    private final SlotsFixture slots = new SlotsFixture();
    private final ItemLru lru = new ItemLru(slots.cache, 3);

    @AfterEach
    void close()
    {
        slots.close();
    }

    @Test
    void shouldKeepTheMostRecentAtTheHeadAndTheOldestAtTheTail()
    {
        final long a = push(0, "a");
        final long b = push(0, "b");
        final long c = push(0, "c");
        assertEquals(List.of(c, b, a), fromHead(0));
        assertEquals(a, lru.tail(0));
        assertEquals(3, lru.size(0));
        assertEquals(b, lru.newer(a));
    }

    @Test
    void shouldMoveAnItemToTheHeadOnBump()
    {
        final long a = push(0, "a");
        final long b = push(0, "b");
        final long c = push(0, "c");
        move(a);
        assertEquals(List.of(a, c, b), fromHead(0));
        assertEquals(b, lru.tail(0));
        move(a);
        assertEquals(List.of(a, c, b), fromHead(0));
        move(c);
        assertEquals(List.of(c, a, b), fromHead(0));
    }

    @Test
    void shouldRemoveFromHeadMiddleAndTail()
    {
        final long a = push(0, "a");
        final long b = push(0, "b");
        final long c = push(0, "c");
        final long d = push(0, "d");
        remove(b);
        assertEquals(List.of(d, c, a), fromHead(0));
        remove(d);
        assertEquals(List.of(c, a), fromHead(0));
        remove(a);
        assertEquals(List.of(c), fromHead(0));
        assertEquals(c, lru.tail(0));
        remove(c);
        assertEquals(List.of(), fromHead(0));
        assertEquals(0, lru.tail(0));
        assertEquals(0, lru.size(0));
    }

    @Test
    void shouldKeepOneListPerClass()
    {
        final long a = push(0, "a");
        final long x = push(2, "x");
        final long b = push(0, "b");
        assertEquals(List.of(b, a), fromHead(0));
        assertEquals(List.of(x), fromHead(2));
        assertEquals(List.of(), fromHead(1));
        assertEquals(x, lru.tail(2));
    }

    @Test
    void shouldStepTheCrawlerCursorOnWhenItsItemLeaves()
    {
        final long a = push(0, "a");
        final long b = push(0, "b");
        final long c = push(0, "c");
        lru.cursor(0, a);
        remove(a);
        assertEquals(b, lru.cursor(0));
        move(b);
        assertEquals(c, lru.cursor(0), "bumped to the head: the crawl goes on from the next newer item");
    }

    @Test
    void shouldPutAReplacementWhereTheItemWasAtHeadMiddleAndTailAndUnderTheCursors()
    {
        final long a = push(0, "a");
        final long b = push(0, "b");
        final long c = push(0, "c");
        lru.cursor(0, b);
        lru.dumpCursor(0, a);
        final long b2 = replace(b, "b");
        assertEquals(List.of(c, b2, a), fromHead(0));
        assertEquals(List.of(a, b2, c), fromTail(0));
        assertEquals(b2, lru.cursor(0));
        final long a2 = replace(a, "a");
        final long c2 = replace(c, "c");
        assertEquals(List.of(c2, b2, a2), fromHead(0));
        assertEquals(List.of(a2, b2, c2), fromTail(0));
        assertEquals(a2, lru.dumpCursor(0));
        assertEquals(3, lru.size(0));
        assertEquals(0, ItemLayout.lruPrev(slots.cache.buffer(b), slots.cache.offset(b)), "the old one is off");
        assertEquals(0, ItemLayout.lruNext(slots.cache.buffer(b), slots.cache.offset(b)));
    }

    private long replace(final long old, final String key)
    {
        final long handle = slots.item(key, "v");
        lru.replace(0, old, slots.cache.buffer(old), slots.cache.offset(old), handle, slots.cache.buffer(handle),
            slots.cache.offset(handle));
        return handle;
    }

    private List<Long> fromTail(final int sizeClass)
    {
        final List<Long> list = new ArrayList<>();
        for (long h = lru.tail(sizeClass); 0 != h; h = lru.newer(h))
        {
            list.add(h);
        }
        return list;
    }

    private long push(final int sizeClass, final String key)
    {
        final long handle = slots.item(key, "v");
        slots.cache.buffer(handle).putShort(slots.cache.offset(handle) + ItemLayout.SIZE_CLASS, (short)sizeClass);
        lru.pushHead(sizeClass, handle, slots.cache.buffer(handle), slots.cache.offset(handle));
        return handle;
    }

    private void move(final long handle)
    {
        lru.moveToHead(ItemLayout.sizeClass(slots.cache.buffer(handle), slots.cache.offset(handle)), handle,
            slots.cache.buffer(handle), slots.cache.offset(handle));
    }

    private void remove(final long handle)
    {
        lru.remove(ItemLayout.sizeClass(slots.cache.buffer(handle), slots.cache.offset(handle)), handle,
            slots.cache.buffer(handle), slots.cache.offset(handle));
    }

    private List<Long> fromHead(final int sizeClass)
    {
        final List<Long> list = new ArrayList<>();
        for (long h = lru.head(sizeClass); 0 != h;
            h = ItemLayout.lruNext(slots.cache.buffer(h), slots.cache.offset(h)))
        {
            list.add(h);
        }
        return list;
    }
}
