/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 64-bit hash of a key's bytes: xxHash64's round over 8-byte words, then MurmurHash3's finalizer to spread every
 * input bit over the bits the index takes. Written out here because Agrona's {@code Hashing} only hashes ints and
 * longs, and a JDK hash of a byte[] range ({@code Arrays.hashCode}) is 32 bits, weak, and needs a copy of the range.
 */
final class KeyHash
{
    private static final long PRIME_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME_3 = 0x165667B19E3779F9L;
    private static final long PRIME_4 = 0x85EBCA77C2B2AE63L;

    /** Reads 8 bytes of an array in one load, where assembling them byte by byte takes eight. */
    private static final VarHandle LONG_LITTLE_ENDIAN =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private KeyHash()
    {
    }

    /**
     * @param key    holds the key in its first {@code length} bytes.
     * @param length bytes of the key.
     * @return the hash; no garbage.
     */
    static long hash(final byte[] key, final int length)
    {
        long hash = PRIME_3 + length * PRIME_1;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            hash = Long.rotateLeft(hash ^ round(longAt(key, i)), 27) * PRIME_1 + PRIME_4;
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (key[i] & 0xFFL) << shift;
        }
        hash ^= round(tail);
        return mix(hash);
    }

    /**
     * @return the 8 bytes of {@code bytes} from {@code index}, little-endian, as {@code ByteOrder.LITTLE_ENDIAN}
     * reads them from a buffer.
     */
    static long longAt(final byte[] bytes, final int index)
    {
        return (long)LONG_LITTLE_ENDIAN.get(bytes, index);
    }

    private static long round(final long word)
    {
        return Long.rotateLeft(word * PRIME_2, 31) * PRIME_1;
    }

    private static long mix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
