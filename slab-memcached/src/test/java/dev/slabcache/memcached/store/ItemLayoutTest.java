/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemLayoutTest
{
    @Test
    void shouldGiveEveryFieldItsOwnBytesAndUseAllFortyEightOfTheHeader()
    {
        final int[][] fields = {
            {ItemLayout.HASH_NEXT, 8}, {ItemLayout.LRU_PREV, 8}, {ItemLayout.LRU_NEXT, 8},
            {ItemLayout.EXPIRES_AT, 4}, {ItemLayout.TIME, 4}, {ItemLayout.FLAGS, 4}, {ItemLayout.VALUE_LENGTH, 4},
            {ItemLayout.KEY_HASH, 4}, {ItemLayout.KEY_LENGTH, 1}, {ItemLayout.STATUS, 1}, {ItemLayout.SIZE_CLASS, 2},
            {ItemLayout.CAS, ItemLayout.CAS_LENGTH}};
        final boolean[] taken = new boolean[ItemLayout.HEADER_LENGTH + ItemLayout.CAS_LENGTH];
        for (final int[] field : fields)
        {
            for (int i = field[0]; i < field[0] + field[1]; i++)
            {
                assertFalse(taken[i], "byte " + i + " is in two fields");
                taken[i] = true;
            }
        }
        for (int i = 0; i < taken.length; i++)
        {
            assertTrue(taken[i], "byte " + i + " is in no field");
        }
        assertEquals(48, ItemLayout.headerLength(false));
        assertEquals(56, ItemLayout.headerLength(true));
    }

    @Test
    void shouldCountAnItemAsMemcached1618CountsItAgainstTheLimit()
    {
        assertEquals(59 + 3 + 100, ItemLayout.memcachedLength(true, 3, 0, 100));
        assertEquals(63 + 3 + 100, ItemLayout.memcachedLength(true, 3, -1, 100));
        assertEquals(51 + 3 + 100, ItemLayout.memcachedLength(false, 3, 0, 100));
        assertEquals(55 + 3 + 100, ItemLayout.memcachedLength(false, 3, -1, 100));
        for (final boolean withCas : new boolean[] {true, false})
        {
            assertTrue(ItemLayout.totalLength(withCas, 3, 100) <= ItemLayout.memcachedLength(withCas, 3, 0, 100),
                "an item memcached takes at -I fits a slot of -I");
        }
    }

    @Test
    void shouldHashOnlyTheGivenBytesAndSpreadKeys()
    {
        assertEquals(KeyHash.hash(SlotsFixture.bytes("key:1"), 5), KeyHash.hash(SlotsFixture.bytes("key:1xyz"), 5));
        assertNotEquals(KeyHash.hash(new byte[8], 7), KeyHash.hash(new byte[8], 8));
        final Set<Integer> lowBits = new HashSet<>();
        for (int i = 0; i < 4096; i++)
        {
            final byte[] key = SlotsFixture.bytes("key:" + i);
            lowBits.add((int)KeyHash.hash(key, key.length) & 0xFFF);
        }
        assertTrue(lowBits.size() > 2400, "4096 keys over 4096 buckets fill about 63% of them: " + lowBits.size());
    }
}
