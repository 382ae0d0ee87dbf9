/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyHashTest
{
    @Test
    void shouldReadEightBytesAsALittleEndianBufferDoesAtEveryOffset()
    {
        final byte[] bytes = new byte[64];
        new Random(17).nextBytes(bytes);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int index = 0; index + 8 <= bytes.length; index++)
        {
            assertEquals(buffer.getLong(index), KeyHash.longAt(bytes, index), "index " + index);
        }
    }

    @Test
    void shouldRefuseToReadPastTheEndOfTheArray()
    {
        assertThrows(IndexOutOfBoundsException.class, () -> KeyHash.longAt(new byte[10], 3));
    }

    @Test
    void shouldGiveTheHashesItsIndexedItemsWereStoredWith()
    {
        // Values of the byte-by-byte implementation: a changed hash would split a key from its item in a chain.
        assertEquals(0xCDEEC4BE07E75DB0L, hash("k"));
        assertEquals(0x2FEA5CBAB9A9FDC6L, hash("key:0000001"));
        assertEquals(0xD95A591E6CC6B47DL, hash("exactly8"));
        assertEquals(0x4EE3D39BC6C9B537L, hash("fifteen-bytes-k"));
        assertEquals(0x810F75B45A709518L, hash("a key of twenty-five bytes"));
        final byte[] controlBytes = new byte[64];
        for (int i = 0; i < controlBytes.length; i++)
        {
            controlBytes[i] = (byte)(i * 37 + 1);
        }
        assertEquals(0xEEF3344881CE7C3DL, KeyHash.hash(controlBytes, controlBytes.length));
    }

    @Test
    void shouldHashOnlyTheFirstLengthBytes()
    {
        final byte[] key = "same-prefix:0123456789".getBytes(StandardCharsets.US_ASCII);
        final byte[] longer = "same-prefix:0123456789 and bytes past the key".getBytes(StandardCharsets.US_ASCII);
        assertEquals(KeyHash.hash(key, key.length), KeyHash.hash(longer, key.length));
        assertNotEquals(KeyHash.hash(key, key.length), KeyHash.hash(longer, key.length + 1));
    }

    private static long hash(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
        return KeyHash.hash(bytes, bytes.length);
    }
}
