/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.HashSet;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemLayoutTest
{
    private static final int AT = 64;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldReadBackEveryField(final boolean withCas)
    {
        final byte[] key = SlotsFixture.bytes("some-key-of-17-ch");
        buffer.setMemory(0, buffer.capacity(), (byte)0x5A);
        ItemLayout.writeHeader(buffer, AT, withCas, 300, 0xCAFEBABE, key, key.length, -7, 123, 555, 444);
        buffer.setMemory(ItemLayout.valueOffset(buffer, AT), 123, (byte)0x77);
        ItemLayout.hashNext(buffer, AT, 11);
        ItemLayout.lruPrev(buffer, AT, 22);
        ItemLayout.lruNext(buffer, AT, 33);
        ItemLayout.cas(buffer, AT, -2);
        ItemLayout.addStatus(buffer, AT, ItemLayout.STALE);
        assertEquals(11, ItemLayout.hashNext(buffer, AT));
        assertEquals(22, ItemLayout.lruPrev(buffer, AT));
        assertEquals(33, ItemLayout.lruNext(buffer, AT));
        assertEquals(withCas ? -2 : 0, ItemLayout.cas(buffer, AT));
        assertEquals(withCas, ItemLayout.hasCas(buffer, AT));
        assertEquals(555, ItemLayout.expiresAt(buffer, AT));
        assertEquals(444, ItemLayout.time(buffer, AT));
        assertEquals(-7, ItemLayout.flags(buffer, AT));
        assertEquals(123, ItemLayout.valueLength(buffer, AT));
        assertEquals(0xCAFEBABE, ItemLayout.keyHash(buffer, AT));
        assertEquals(17, ItemLayout.keyLength(buffer, AT));
        assertEquals(300, ItemLayout.sizeClass(buffer, AT));
        assertTrue(ItemLayout.hasStatus(buffer, AT, ItemLayout.STALE));
        assertFalse(ItemLayout.hasStatus(buffer, AT, ItemLayout.FETCHED));
        final int header = withCas ? 56 : 48;
        assertEquals(AT + header, ItemLayout.keyOffset(buffer, AT));
        assertEquals(AT + header + 17, ItemLayout.valueOffset(buffer, AT));
        assertEquals(header + 17 + 123, ItemLayout.itemLength(buffer, AT));
        assertEquals(header + 17 + 123, ItemLayout.totalLength(withCas, 17, 123));
        assertTrue(ItemLayout.keyEquals(buffer, AT, key, key.length));
        for (int i = 0; i < 123; i++)
        {
            assertEquals((byte)0x77, buffer.getByte(AT + header + 17 + i), "the cas does not reach the value");
        }
        assertEquals((byte)0x5A, buffer.getByte(AT - 1), "nothing is written before the item");
    }

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

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldLeaveEveryOtherFieldAsItWasWhenOneIsWritten(final boolean withCas)
    {
        final byte[] key = SlotsFixture.bytes("k");
        ItemLayout.writeHeader(buffer, 0, withCas, 0x7FFF, -1, key, 1, -1, -1, 0xFFFF_FFFFL, 0xFFFF_FFFFL);
        ItemLayout.hashNext(buffer, 0, -1);
        ItemLayout.lruPrev(buffer, 0, -1);
        ItemLayout.lruNext(buffer, 0, -1);
        ItemLayout.cas(buffer, 0, -1);
        ItemLayout.status(buffer, 0, 0x7F);
        ItemLayout.expiresAt(buffer, 0, 0);
        ItemLayout.time(buffer, 0, 0);
        assertEquals(-1, ItemLayout.hashNext(buffer, 0));
        assertEquals(-1, ItemLayout.lruPrev(buffer, 0));
        assertEquals(-1, ItemLayout.lruNext(buffer, 0));
        assertEquals(-1, ItemLayout.flags(buffer, 0));
        assertEquals(-1, ItemLayout.valueLength(buffer, 0));
        assertEquals(-1, ItemLayout.keyHash(buffer, 0));
        assertEquals(1, ItemLayout.keyLength(buffer, 0));
        assertEquals(0x7FFF, ItemLayout.sizeClass(buffer, 0));
        assertEquals(withCas ? -1 : 0, ItemLayout.cas(buffer, 0));
        assertEquals(0x7F | (withCas ? ItemLayout.HAS_CAS : 0), ItemLayout.status(buffer, 0));
        assertTrue(ItemLayout.keyEquals(buffer, 0, key, 1));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldKeepWhetherTheItemHasACasWhateverStatusIsWritten(final boolean withCas)
    {
        final byte[] key = SlotsFixture.bytes("key");
        ItemLayout.writeHeader(buffer, 0, withCas, 1, 2, key, 3, 0, 0, 0, 0);
        ItemLayout.status(buffer, 0, 0);
        assertEquals(withCas, ItemLayout.hasCas(buffer, 0));
        ItemLayout.status(buffer, 0, 0xFF);
        assertEquals(withCas, ItemLayout.hasCas(buffer, 0));
        assertTrue(ItemLayout.keyEquals(buffer, 0, key, 3));
    }

    @Test
    void shouldWriteNoCasIntoTheKeyOfAnItemWithout()
    {
        final byte[] key = SlotsFixture.bytes("12345678");
        ItemLayout.writeHeader(buffer, 0, false, 0, 0, key, key.length, 0, 0, 0, 0);
        ItemLayout.cas(buffer, 0, 0x1122_3344_5566_7788L);
        assertEquals(0, ItemLayout.cas(buffer, 0));
        assertTrue(ItemLayout.keyEquals(buffer, 0, key, key.length));
    }

    @Test
    void shouldKeepTimesAs32BitUnsignedSecondsUpTo2106()
    {
        final byte[] key = SlotsFixture.bytes("k");
        ItemLayout.writeHeader(buffer, 0, true, 0, 0, key, 1, 0, 0, 0xFFFF_FFFFL, 0x8000_0000L);
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
    void shouldKeepA250ByteKey()
    {
        final byte[] key = new byte[250];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(i * 7 + 1);
        }
        ItemLayout.writeHeader(buffer, 0, true, 0, 0, key, 250, 0, 0, 0, 0);
        assertEquals(250, ItemLayout.keyLength(buffer, 0));
        assertTrue(ItemLayout.keyEquals(buffer, 0, key, 250));
    }

    @Test
    void shouldTellKeysApartInTheWordsAndTheTail()
    {
        final byte[] key = SlotsFixture.bytes("abcdefghijk");
        ItemLayout.writeHeader(buffer, 0, false, 0, 0, key, key.length, 0, 0, 0, 0);
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
