/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.HashSet;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemLayoutTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    @Test
    void shouldReadBackEveryField()
    {
        final byte[] key = SlotsFixture.bytes("some-key-of-17-ch");
        ItemLayout.writeHeader(buffer, 64, 300, 0xCAFEBABE, key, key.length, -7, 123, 555, 444);
        ItemLayout.hashNext(buffer, 64, 11);
        ItemLayout.lruPrev(buffer, 64, 22);
        ItemLayout.lruNext(buffer, 64, 33);
        ItemLayout.cas(buffer, 64, -2);
        ItemLayout.addStatus(buffer, 64, ItemLayout.STALE);
        assertEquals(11, ItemLayout.hashNext(buffer, 64));
        assertEquals(22, ItemLayout.lruPrev(buffer, 64));
        assertEquals(33, ItemLayout.lruNext(buffer, 64));
        assertEquals(-2, ItemLayout.cas(buffer, 64));
        assertEquals(555, ItemLayout.expiresAt(buffer, 64));
        assertEquals(444, ItemLayout.time(buffer, 64));
        assertEquals(-7, ItemLayout.flags(buffer, 64));
        assertEquals(123, ItemLayout.valueLength(buffer, 64));
        assertEquals(0xCAFEBABE, ItemLayout.keyHash(buffer, 64));
        assertEquals(17, ItemLayout.keyLength(buffer, 64));
        assertEquals(300, ItemLayout.sizeClass(buffer, 64));
        assertTrue(ItemLayout.hasStatus(buffer, 64, ItemLayout.STALE));
        assertFalse(ItemLayout.hasStatus(buffer, 64, ItemLayout.FETCHED));
        assertEquals(64 + ItemLayout.HEADER_LENGTH + 17, ItemLayout.valueOffset(buffer, 64));
        assertEquals(ItemLayout.HEADER_LENGTH + 17 + 123, ItemLayout.itemLength(buffer, 64));
        assertTrue(ItemLayout.keyEquals(buffer, 64, key, key.length));
    }

    @Test
    void shouldKeepTimesAs32BitUnsignedSecondsUpTo2106()
    {
        final byte[] key = SlotsFixture.bytes("k");
        ItemLayout.writeHeader(buffer, 0, 0, 0, key, 1, 0, 0, 0xFFFF_FFFFL, 0x8000_0000L);
        assertEquals(0xFFFF_FFFFL, ItemLayout.expiresAt(buffer, 0));
        assertEquals(0x8000_0000L, ItemLayout.time(buffer, 0));
        ItemLayout.expiresAt(buffer, 0, 1_700_000_000L);
        ItemLayout.time(buffer, 0, 0);
        assertEquals(1_700_000_000L, ItemLayout.expiresAt(buffer, 0));
        assertEquals(0, ItemLayout.time(buffer, 0));
        assertEquals(1, ItemLayout.keyLength(buffer, 0), "the times do not reach the fields after them");
    }

    @Test
    void shouldCountAnItemAsMemcached1618CountsItAgainstTheLimit()
    {
        assertEquals(59 + 3 + 100, ItemLayout.memcachedLength(3, 0, 100));
        assertEquals(63 + 3 + 100, ItemLayout.memcachedLength(3, -1, 100));
        assertTrue(ItemLayout.HEADER_LENGTH <= ItemLayout.MEMCACHED_OVERHEAD,
            "an item memcached takes at -I fits a slot of -I");
    }

    @Test
    void shouldKeepA250ByteKey()
    {
        final byte[] key = new byte[250];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(i * 7 + 1);
        }
        ItemLayout.writeHeader(buffer, 0, 0, 0, key, 250, 0, 0, 0, 0);
        assertEquals(250, ItemLayout.keyLength(buffer, 0));
        assertTrue(ItemLayout.keyEquals(buffer, 0, key, 250));
    }

    @Test
    void shouldTellKeysApartInTheWordsAndTheTail()
    {
        final byte[] key = SlotsFixture.bytes("abcdefghijk");
        ItemLayout.writeHeader(buffer, 0, 0, 0, key, key.length, 0, 0, 0, 0);
        assertFalse(ItemLayout.keyEquals(buffer, 0, SlotsFixture.bytes("abcdefgXijk"), 11));
        assertFalse(ItemLayout.keyEquals(buffer, 0, SlotsFixture.bytes("abcdefghijX"), 11));
        assertFalse(ItemLayout.keyEquals(buffer, 0, SlotsFixture.bytes("abcdefghij"), 10));
        assertTrue(ItemLayout.keyEquals(buffer, 0, SlotsFixture.bytes("abcdefghijkZZ"), 11));
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
