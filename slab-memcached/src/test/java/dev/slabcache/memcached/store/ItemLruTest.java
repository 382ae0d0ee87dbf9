/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ItemLruTest
{
    private static final int HOT0 = ItemLru.list(0, ItemLru.HOT);
    private final SlotsFixture slots = new SlotsFixture();
    private final ItemLru lru = new ItemLru(slots.memory, 3);

    @AfterEach
    void close()
    {
        slots.close();
    }

    @Test
    void shouldKeepTheMostRecentAtTheHeadAndTheOldestAtTheTail()
    {
        final long a = push(0, ItemLru.HOT, "a");
        final long b = push(0, ItemLru.HOT, "b");
        final long c = push(0, ItemLru.HOT, "c");
        assertEquals(List.of(c, b, a), fromHead(HOT0));
        assertEquals(a, lru.tail(HOT0));
        assertEquals(3, lru.size(HOT0));
        assertEquals(b, slots.at(a).lruPrev(), "the newer neighbour");
    }

    @Test
    void shouldMoveAnItemToTheHeadOnBump()
    {
        final long a = push(0, ItemLru.HOT, "a");
        final long b = push(0, ItemLru.HOT, "b");
        final long c = push(0, ItemLru.HOT, "c");
        move(a, ItemLru.HOT);
        assertEquals(List.of(a, c, b), fromHead(HOT0));
        assertEquals(b, lru.tail(HOT0));
        move(a, ItemLru.HOT);
        assertEquals(List.of(a, c, b), fromHead(HOT0));
        move(c, ItemLru.HOT);
        assertEquals(List.of(c, a, b), fromHead(HOT0));
    }

    @Test
    void shouldRemoveFromHeadMiddleAndTail()
    {
        final long a = push(0, ItemLru.HOT, "a");
        final long b = push(0, ItemLru.HOT, "b");
        final long c = push(0, ItemLru.HOT, "c");
        final long d = push(0, ItemLru.HOT, "d");
        remove(b);
        assertEquals(List.of(d, c, a), fromHead(HOT0));
        remove(d);
        assertEquals(List.of(c, a), fromHead(HOT0));
        remove(a);
        assertEquals(List.of(c), fromHead(HOT0));
        assertEquals(c, lru.tail(HOT0));
        remove(c);
        assertEquals(List.of(), fromHead(HOT0));
        assertEquals(0, lru.tail(HOT0));
        assertEquals(0, lru.size(HOT0));
        assertEquals(0, lru.bytes(HOT0));
    }

    @Test
    void shouldKeepOneListPerClassAndSegment()
    {
        final long a = push(0, ItemLru.HOT, "a");
        final long x = push(2, ItemLru.HOT, "x");
        final long b = push(0, ItemLru.HOT, "b");
        final long w = push(0, ItemLru.WARM, "w");
        assertEquals(List.of(b, a), fromHead(HOT0));
        assertEquals(List.of(w), fromHead(ItemLru.list(0, ItemLru.WARM)));
        assertEquals(List.of(x), fromHead(ItemLru.list(2, ItemLru.HOT)));
        assertEquals(List.of(), fromHead(ItemLru.list(1, ItemLru.HOT)));
        assertEquals(x, lru.tail(ItemLru.list(2, ItemLru.HOT)));
        assertEquals(3, lru.classSize(0));
        assertEquals(1, lru.classSize(2));
        assertEquals(12, lru.lists());
        assertEquals(3, lru.classes());
    }

    @Test
    void shouldMarkAnItemWithItsSegmentAndMoveItBetweenSegments()
    {
        final long a = push(1, ItemLru.HOT, "a");
        final long b = push(1, ItemLru.HOT, "b");
        final int length = slots.at(a).itemLength();
        move(a, ItemLru.COLD);
        assertEquals(ItemLru.COLD, slots.at(a).segment());
        assertEquals(ItemLru.list(1, ItemLru.COLD), ItemLru.listOf(slots.at(a)));
        assertEquals(List.of(b), fromHead(ItemLru.list(1, ItemLru.HOT)));
        assertEquals(List.of(a), fromHead(ItemLru.list(1, ItemLru.COLD)));
        assertEquals(length, lru.bytes(ItemLru.list(1, ItemLru.HOT)));
        assertEquals(length, lru.bytes(ItemLru.list(1, ItemLru.COLD)));
        remove(a);
        assertEquals(0, lru.bytes(ItemLru.list(1, ItemLru.COLD)));
        assertEquals(1, lru.classSize(1));
    }

    @Test
    void shouldKeepTheOtherStatusBitsWhenTheSegmentChanges()
    {
        final long a = push(0, ItemLru.HOT, "a");
        slots.at(a).addStatus(ItemLayout.FETCHED | ItemLayout.ACTIVE);
        move(a, ItemLru.TEMP);
        assertEquals(ItemLayout.FETCHED | ItemLayout.ACTIVE | ItemLru.TEMP << ItemLayout.SEGMENT_SHIFT |
            ItemLayout.HAS_CAS, slots.at(a).status());
    }

    @Test
    void shouldLookForEvictionsOnTheColdListThenTheHotThenTheWarm()
    {
        assertEquals(0, lru.evictionTail(0));
        final long w = push(0, ItemLru.WARM, "w");
        assertEquals(w, lru.evictionTail(0));
        final long h = push(0, ItemLru.HOT, "h");
        assertEquals(h, lru.evictionTail(0));
        final long c = push(0, ItemLru.COLD, "c");
        assertEquals(c, lru.evictionTail(0));
    }

    @Test
    void shouldStepTheCrawlerCursorOnWhenItsItemLeaves()
    {
        final long a = push(0, ItemLru.HOT, "a");
        final long b = push(0, ItemLru.HOT, "b");
        final long c = push(0, ItemLru.HOT, "c");
        lru.cursor(HOT0, a);
        remove(a);
        assertEquals(b, lru.cursor(HOT0));
        move(b, ItemLru.HOT);
        assertEquals(c, lru.cursor(HOT0), "bumped to the head: the crawl goes on from the next newer item");
        lru.dumpCursor(HOT0, c);
        move(c, ItemLru.WARM);
        assertEquals(b, lru.dumpCursor(HOT0), "moved to another list: the dump goes on from the next newer item");
    }

    @Test
    void shouldPutAReplacementWhereTheItemWasAtHeadMiddleAndTailAndUnderTheCursors()
    {
        final long a = push(0, ItemLru.HOT, "a");
        final long b = push(0, ItemLru.HOT, "b");
        final long c = push(0, ItemLru.HOT, "c");
        lru.cursor(HOT0, b);
        lru.dumpCursor(HOT0, a);
        final long b2 = replace(b, "b");
        assertEquals(List.of(c, b2, a), fromHead(HOT0));
        assertEquals(List.of(a, b2, c), fromTail(HOT0));
        assertEquals(b2, lru.cursor(HOT0));
        final long a2 = replace(a, "a");
        final long c2 = replace(c, "c");
        assertEquals(List.of(c2, b2, a2), fromHead(HOT0));
        assertEquals(List.of(a2, b2, c2), fromTail(HOT0));
        assertEquals(a2, lru.dumpCursor(HOT0));
        assertEquals(3, lru.size(HOT0));
        assertEquals(0, slots.at(b).lruPrev(), "the old one is off");
        assertEquals(0, slots.at(b).lruNext());
    }

    /** @return a copy of a listed item's header (class and segment) in a new slot, put in the item's place. */
    private long replace(final long old, final String key)
    {
        final Item listed = slots.at(old);
        final Item copy = slots.at(slots.item(key, "v"));
        copy.buffer().putShort(copy.offset() + ItemLayout.SIZE_CLASS, (short)listed.sizeClass());
        copy.segment(listed.segment());
        lru.replace(listed, copy);
        return copy.handle();
    }

    private List<Long> fromTail(final int list)
    {
        final List<Long> items = new ArrayList<>();
        for (long h = lru.tail(list); 0 != h; h = slots.at(h).lruPrev())
        {
            items.add(h);
        }
        return items;
    }

    private long push(final int sizeClass, final int segment, final String key)
    {
        final Item item = slots.at(slots.item(key, "v"));
        item.buffer().putShort(item.offset() + ItemLayout.SIZE_CLASS, (short)sizeClass);
        lru.pushHead(segment, item);
        return item.handle();
    }

    private void move(final long handle, final int segment)
    {
        lru.moveToHead(segment, slots.at(handle));
    }

    private void remove(final long handle)
    {
        lru.remove(slots.at(handle));
    }

    private List<Long> fromHead(final int list)
    {
        final List<Long> handles = new ArrayList<>();
        for (long h = lru.head(list); 0 != h; h = slots.at(h).lruNext())
        {
            handles.add(h);
        }
        return handles;
    }
}
