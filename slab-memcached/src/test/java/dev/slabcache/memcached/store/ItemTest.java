/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;

import dev.slabcache.core.InvalidHandleException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemTest
{
    private static final int AT = 64;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final Item item = new Item().wrapMoving(0, buffer, AT);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldReadBackEveryField(final boolean withCas)
    {
        final byte[] key = SlotsFixture.bytes("some-key-of-17-ch");
        buffer.setMemory(0, buffer.capacity(), (byte)0x5A);
        item.writeHeader(withCas, 300, 0xCAFEBABE, key, key.length, -7, 123, 555, 444);
        buffer.setMemory(item.valueOffset(), 123, (byte)0x77);
        item.hashNext(11);
        item.lruPrev(22);
        item.lruNext(33);
        item.cas(-2);
        item.addStatus(ItemLayout.STALE);
        assertEquals(11, item.hashNext());
        assertEquals(22, item.lruPrev());
        assertEquals(33, item.lruNext());
        assertEquals(withCas ? -2 : 0, item.cas());
        assertEquals(withCas, item.hasCas());
        assertEquals(555, item.expiresAt());
        assertEquals(444, item.time());
        assertEquals(-7, item.flags());
        assertEquals(123, item.valueLength());
        assertEquals(0xCAFEBABE, item.keyHash());
        assertEquals(17, item.keyLength());
        assertEquals(300, item.sizeClass());
        assertTrue(item.hasStatus(ItemLayout.STALE));
        assertFalse(item.hasStatus(ItemLayout.FETCHED));
        final int header = withCas ? 56 : 48;
        assertEquals(AT + header, item.keyOffset());
        assertEquals(AT + header + 17, item.valueOffset());
        assertEquals(header + 17 + 123, item.itemLength());
        assertEquals(header + 17 + 123, ItemLayout.totalLength(withCas, 17, 123));
        assertTrue(item.keyEquals(key, key.length));
        for (int i = 0; i < 123; i++)
        {
            assertEquals((byte)0x77, buffer.getByte(AT + header + 17 + i), "the cas does not reach the value");
        }
        assertEquals((byte)0x5A, buffer.getByte(AT - 1), "nothing is written before the item");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldLeaveEveryOtherFieldAsItWasWhenOneIsWritten(final boolean withCas)
    {
        final byte[] key = SlotsFixture.bytes("k");
        item.writeHeader(withCas, 0x7FFF, -1, key, 1, -1, -1, 0xFFFF_FFFFL, 0xFFFF_FFFFL);
        item.hashNext(-1);
        item.lruPrev(-1);
        item.lruNext(-1);
        item.cas(-1);
        item.status(0x7F);
        item.expiresAt(0);
        item.time(0);
        assertEquals(-1, item.hashNext());
        assertEquals(-1, item.lruPrev());
        assertEquals(-1, item.lruNext());
        assertEquals(-1, item.flags());
        assertEquals(-1, item.valueLength());
        assertEquals(-1, item.keyHash());
        assertEquals(1, item.keyLength());
        assertEquals(0x7FFF, item.sizeClass());
        assertEquals(withCas ? -1 : 0, item.cas());
        assertEquals(0x7F | (withCas ? ItemLayout.HAS_CAS : 0), item.status());
        assertTrue(item.keyEquals(key, 1));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldKeepWhetherTheItemHasACasWhateverStatusIsWritten(final boolean withCas)
    {
        final byte[] key = SlotsFixture.bytes("key");
        item.writeHeader(withCas, 1, 2, key, 3, 0, 0, 0, 0);
        item.status(0);
        assertEquals(withCas, item.hasCas());
        item.status(0xFF);
        assertEquals(withCas, item.hasCas());
        assertTrue(item.keyEquals(key, 3));
    }

    @Test
    void shouldWriteNoCasIntoTheKeyOfAnItemWithout()
    {
        final byte[] key = SlotsFixture.bytes("12345678");
        item.writeHeader(false, 0, 0, key, key.length, 0, 0, 0, 0);
        item.cas(0x1122_3344_5566_7788L);
        assertEquals(0, item.cas());
        assertTrue(item.keyEquals(key, key.length));
    }

    @Test
    void shouldKeepTimesAs32BitUnsignedSecondsUpTo2106()
    {
        final byte[] key = SlotsFixture.bytes("k");
        item.writeHeader(true, 0, 0, key, 1, 0, 0, 0xFFFF_FFFFL, 0x8000_0000L);
        assertEquals(0xFFFF_FFFFL, item.expiresAt());
        assertEquals(0x8000_0000L, item.time());
        item.expiresAt(1_700_000_000L);
        item.time(0);
        assertEquals(1_700_000_000L, item.expiresAt());
        assertEquals(0, item.time());
        assertEquals(1, item.keyLength(), "the times do not reach the fields after them");
    }

    @Test
    void shouldKeepA250ByteKey()
    {
        final byte[] key = new byte[250];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(i * 7 + 1);
        }
        item.writeHeader(true, 0, 0, key, 250, 0, 0, 0, 0);
        assertEquals(250, item.keyLength());
        assertTrue(item.keyEquals(key, 250));
    }

    @Test
    void shouldTellKeysApartInTheWordsAndTheTail()
    {
        final byte[] key = SlotsFixture.bytes("abcdefghijk");
        item.writeHeader(false, 0, 0, key, key.length, 0, 0, 0, 0);
        assertFalse(item.keyEquals(SlotsFixture.bytes("abcdefgXijk"), 11));
        assertFalse(item.keyEquals(SlotsFixture.bytes("abcdefghijX"), 11));
        assertFalse(item.keyEquals(SlotsFixture.bytes("abcdefghij"), 10));
        assertTrue(item.keyEquals(SlotsFixture.bytes("abcdefghijkZZ"), 11));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRoundTripEveryFieldThroughASlotOfTheStoreMemory(final boolean withCas)
    {
        try (SlotsFixture slots = new SlotsFixture())
        {
            final byte[] key = SlotsFixture.bytes("key-of-a-slot");
            final int total = (int)ItemLayout.totalLength(withCas, key.length, 5);
            final long handle = slots.memory.tryAllocate(total);
            final Item written = new Item();
            assertSame(written, written.wrap(slots.memory, handle));
            written.writeHeader(withCas, 7, 0x1234_5678, key, key.length, 42, 5, 1_800_000_000L, 1_700_000_000L);
            written.buffer().putBytes(written.valueOffset(), SlotsFixture.bytes("hello"));
            written.hashNext(101);
            written.lruPrev(102);
            written.lruNext(103);
            written.cas(104);
            written.segment(ItemLru.WARM);
            written.addStatus(ItemLayout.FETCHED);

            final Item read = new Item().wrap(slots.memory, handle);
            assertEquals(handle, read.handle());
            assertSame(written.buffer(), read.buffer());
            assertEquals(written.offset(), read.offset());
            assertEquals(101, read.hashNext());
            assertEquals(102, read.lruPrev());
            assertEquals(103, read.lruNext());
            assertEquals(withCas ? 104 : 0, read.cas());
            assertEquals(withCas, read.hasCas());
            assertEquals(1_800_000_000L, read.expiresAt());
            assertEquals(1_700_000_000L, read.time());
            assertEquals(42, read.flags());
            assertEquals(5, read.valueLength());
            assertEquals(0x1234_5678, read.keyHash());
            assertEquals(key.length, read.keyLength());
            assertEquals(7, read.sizeClass());
            assertEquals(ItemLru.WARM, read.segment());
            assertTrue(read.hasStatus(ItemLayout.FETCHED));
            assertFalse(read.hasStatus(ItemLayout.ACTIVE));
            assertEquals(total, read.itemLength());
            assertTrue(read.keyEquals(key, key.length));
            assertEquals("key-of-a-slot", new String(read.keyBytes(), StandardCharsets.US_ASCII));
            final byte[] value = new byte[5];
            read.buffer().getBytes(read.valueOffset(), value);
            assertEquals("hello", new String(value, StandardCharsets.US_ASCII));
            slots.memory.free(handle);
        }
    }

    @Test
    void shouldRefuseToWrapAStaleHandleAndStayAimedWhereItWas()
    {
        try (SlotsFixture slots = new SlotsFixture())
        {
            final long live = slots.item("live", "v");
            final int size = (int)ItemLayout.totalLength(true, 5, 1);
            final long stale = slots.memory.tryAllocate(size);
            slots.memory.free(stale);
            final long reused = slots.memory.tryAllocate(size);
            final Item flyweight = new Item().wrap(slots.memory, live);

            assertThrows(InvalidHandleException.class, () -> flyweight.wrap(slots.memory, stale));
            assertThrows(InvalidHandleException.class, () -> flyweight.wrap(slots.memory, 0));
            assertEquals(live, flyweight.handle(), "a refused wrap leaves the flyweight as it was");
            assertTrue(flyweight.keyEquals(SlotsFixture.bytes("live"), 4));
            assertEquals(reused, new Item().wrap(slots.memory, reused).handle(), "the slot's new handle is live");
            slots.memory.free(reused);
        }
    }
}
