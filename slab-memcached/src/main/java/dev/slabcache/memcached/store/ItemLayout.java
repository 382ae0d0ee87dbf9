/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.ByteOrder;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Where each field of an item lies in its slot, and static accessors to read and write them at a slot's buffer
 * and offset, so that no Java object stands for an item. As memcached's item header, it holds the hash-chain link
 * and the LRU links beside the item's own fields; handles stand for pointers ({@code 0} is none).
 * <pre>
 *   0                   8                   16                  24
 *   +-------------------+-------------------+-------------------+
 *   | hash next handle  | LRU prev (newer)  | LRU next (older)  |             0..23
 *   +---------+---------+---------+---------+---------+----+----+---------+
 *   | expires | last    | flags   | val len | key hash| kl | st | class   |   24..47
 *   +---------+---------+---------+---------+---------+----+----+---------+
 *   | cas unique        |   only with HAS_CAS in st                           48..55
 *   +-------------------+
 *   | key bytes (kl) | value bytes (val len) ...                 56.., or 48.. without cas
 * </pre>
 * Every byte of the 48-byte header is a field:
 * <ul>
 *     <li>0..23, three handles: the next item in the index's hash chain, and the newer and the older neighbour in
 *     the class's LRU.</li>
 *     <li>24..31, "expires" (0 for never) and "last" (the last access): Unix seconds, 32 bits unsigned as memcached
 *     keeps its times (good to 2106).</li>
 *     <li>32..39, the client flags and the value's length in bytes (the value is kept without its "\r\n").</li>
 *     <li>40..43, the low 32 bits of {@link KeyHash#hash}, kept to skip key compares and to rehash without the
 *     key.</li>
 *     <li>44, kl: the key's length (1 to 250); 45, st: the status bits ({@link #FETCHED}, {@link #STALE},
 *     {@link #TOKEN_SENT}, {@link #KEY_BINARY}, {@link #ACTIVE}, bits 5 and 6 the item's {@link ItemLru} segment as
 *     memcached keeps it in the top bits of its class id, and {@link #HAS_CAS}); 46..47, the index of the size class
 *     the slot belongs to.</li>
 * </ul>
 * As memcached's ITEM_CAS, the status bit {@link #HAS_CAS} says the 8-byte cas unique follows the header: every item
 * has it unless the store was made without CAS (-C), and then the key starts at 48. The header is 48 bytes as
 * memcached's item struct is, so that an item takes 48 + 8 + key + value bytes (memcached: 48 + 8 + key + 1 +
 * value + 2, and 4 more for client flags other than 0), or 8 less without CAS. That is fewer than memcached counts
 * for the same item, so that any item memcached takes at -I fits a slot no larger than -I.
 */
final class ItemLayout
{
    static final int HASH_NEXT = 0;
    static final int LRU_PREV = 8;
    static final int LRU_NEXT = 16;
    static final int EXPIRES_AT = 24;
    static final int TIME = 28;
    static final int FLAGS = 32;
    static final int VALUE_LENGTH = 36;
    static final int KEY_HASH = 40;
    static final int KEY_LENGTH = 44;
    static final int STATUS = 45;
    static final int SIZE_CLASS = 46;
    /** Bytes of the header, before the cas unique or, without one, the key. */
    static final int HEADER_LENGTH = 48;
    /** Where the cas unique lies, when the item has one. */
    static final int CAS = 48;
    /** Bytes of the cas unique. */
    static final int CAS_LENGTH = 8;

    /**
     * Bytes memcached 1.6 counts for an item beside its key and value, and which -I bounds: its 48-byte item
     * struct, the key's NUL and the value's "\r\n" (the 8-byte cas and client flags other than 0 take more).
     */
    static final int MEMCACHED_OVERHEAD = 48 + 1 + 2;

    /** Bytes memcached adds for client flags other than 0. */
    static final int MEMCACHED_FLAGS_LENGTH = 4;

    /** Status bit: the item was read since it was stored. */
    static final int FETCHED = 1;
    /** Status bit: the item was invalidated (meta "I") and is served as stale. */
    static final int STALE = 2;
    /** Status bit: a reader has been given the right to recache the item (meta "W"; later readers see "Z"). */
    static final int TOKEN_SENT = 4;
    /** Status bit: the key was sent base64-encoded (meta "b"), so that "k" shows it so again. */
    static final int KEY_BINARY = 8;
    /** Status bit: the item was read again after its first read (memcached's ITEM_ACTIVE). */
    static final int ACTIVE = 16;
    /** Where the item's LRU segment ({@link ItemLru#HOT} to {@link ItemLru#TEMP}) starts in the status byte. */
    static final int SEGMENT_SHIFT = 5;
    /** The status bits that hold the item's LRU segment. */
    static final int SEGMENT_MASK = 3 << SEGMENT_SHIFT;
    /**
     * Status bit: the cas unique follows the header (memcached's ITEM_CAS). Set when the item is written and kept
     * by {@link #status(AtomicBuffer, int, int)}: it says where the key is, not what happened to the item.
     */
    static final int HAS_CAS = 128;

    private ItemLayout()
    {
    }

    /**
     * @param withCas whether the item keeps a cas unique.
     * @return bytes before the key: the header and the cas unique, if any.
     */
    static int headerLength(final boolean withCas)
    {
        return withCas ? HEADER_LENGTH + CAS_LENGTH : HEADER_LENGTH;
    }

    /**
     * @param withCas whether the item keeps a cas unique.
     * @return bytes of the slot an item of these lengths needs.
     */
    static long totalLength(final boolean withCas, final int keyLength, final long valueLength)
    {
        return headerLength(withCas) + keyLength + valueLength;
    }

    /**
     * @param withCas whether memcached keeps a cas unique (it does unless -C).
     * @return bytes memcached 1.6 counts for an item of these lengths and flags, the figure -I bounds.
     */
    static long memcachedLength(final boolean withCas, final int keyLength, final int flags, final long valueLength)
    {
        return MEMCACHED_OVERHEAD + (withCas ? CAS_LENGTH : 0) + (0 == flags ? 0 : MEMCACHED_FLAGS_LENGTH) +
            keyLength + valueLength;
    }

    static long hashNext(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + HASH_NEXT);
    }

    static void hashNext(final AtomicBuffer buffer, final int offset, final long handle)
    {
        buffer.putLong(offset + HASH_NEXT, handle);
    }

    static long lruPrev(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + LRU_PREV);
    }

    static void lruPrev(final AtomicBuffer buffer, final int offset, final long handle)
    {
        buffer.putLong(offset + LRU_PREV, handle);
    }

    static long lruNext(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + LRU_NEXT);
    }

    static void lruNext(final AtomicBuffer buffer, final int offset, final long handle)
    {
        buffer.putLong(offset + LRU_NEXT, handle);
    }

    /**
     * @return the item's cas unique, or 0 when it keeps none (as memcached's ITEM_get_cas).
     */
    static long cas(final AtomicBuffer buffer, final int offset)
    {
        return hasCas(buffer, offset) ? buffer.getLong(offset + CAS) : 0;
    }

    /**
     * Sets the item's cas unique; does nothing when it keeps none (as memcached's ITEM_set_cas).
     */
    static void cas(final AtomicBuffer buffer, final int offset, final long cas)
    {
        if (hasCas(buffer, offset))
        {
            buffer.putLong(offset + CAS, cas);
        }
    }

    /**
     * @return whether the item keeps a cas unique after its header.
     */
    static boolean hasCas(final AtomicBuffer buffer, final int offset)
    {
        return 0 != (buffer.getByte(offset + STATUS) & HAS_CAS);
    }

    static long expiresAt(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + EXPIRES_AT) & 0xFFFF_FFFFL;
    }

    static void expiresAt(final AtomicBuffer buffer, final int offset, final long unixSeconds)
    {
        buffer.putInt(offset + EXPIRES_AT, (int)unixSeconds);
    }

    static long time(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + TIME) & 0xFFFF_FFFFL;
    }

    static void time(final AtomicBuffer buffer, final int offset, final long unixSeconds)
    {
        buffer.putInt(offset + TIME, (int)unixSeconds);
    }

    static int flags(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + FLAGS);
    }

    static void flags(final AtomicBuffer buffer, final int offset, final int flags)
    {
        buffer.putInt(offset + FLAGS, flags);
    }

    static int valueLength(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + VALUE_LENGTH);
    }

    static void valueLength(final AtomicBuffer buffer, final int offset, final int length)
    {
        buffer.putInt(offset + VALUE_LENGTH, length);
    }

    static int keyHash(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + KEY_HASH);
    }

    static void keyHash(final AtomicBuffer buffer, final int offset, final int hash)
    {
        buffer.putInt(offset + KEY_HASH, hash);
    }

    static int keyLength(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + KEY_LENGTH) & 0xFF;
    }

    static void keyLength(final AtomicBuffer buffer, final int offset, final int length)
    {
        buffer.putByte(offset + KEY_LENGTH, (byte)length);
    }

    static int status(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + STATUS) & 0xFF;
    }

    /**
     * Sets the status bits but {@link #HAS_CAS}, which stays as the item was written.
     */
    static void status(final AtomicBuffer buffer, final int offset, final int status)
    {
        final int kept = buffer.getByte(offset + STATUS) & HAS_CAS;
        buffer.putByte(offset + STATUS, (byte)(status & ~HAS_CAS | kept));
    }

    static boolean hasStatus(final AtomicBuffer buffer, final int offset, final int bit)
    {
        return 0 != (status(buffer, offset) & bit);
    }

    static void addStatus(final AtomicBuffer buffer, final int offset, final int bit)
    {
        status(buffer, offset, status(buffer, offset) | bit);
    }

    static void clearStatus(final AtomicBuffer buffer, final int offset, final int bit)
    {
        status(buffer, offset, status(buffer, offset) & ~bit);
    }

    /**
     * @return the LRU segment the item is on, {@link ItemLru#HOT} to {@link ItemLru#TEMP}.
     */
    static int segment(final AtomicBuffer buffer, final int offset)
    {
        return (status(buffer, offset) & SEGMENT_MASK) >>> SEGMENT_SHIFT;
    }

    static void segment(final AtomicBuffer buffer, final int offset, final int segment)
    {
        status(buffer, offset, status(buffer, offset) & ~SEGMENT_MASK | segment << SEGMENT_SHIFT);
    }

    static int sizeClass(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + SIZE_CLASS);
    }

    static void sizeClass(final AtomicBuffer buffer, final int offset, final int sizeClass)
    {
        buffer.putShort(offset + SIZE_CLASS, (short)sizeClass);
    }

    /**
     * @return where the key starts: after the header and the cas unique, if any.
     */
    static int keyOffset(final AtomicBuffer buffer, final int offset)
    {
        return offset + headerLength(hasCas(buffer, offset));
    }

    /**
     * @return where the value starts.
     */
    static int valueOffset(final AtomicBuffer buffer, final int offset)
    {
        return keyOffset(buffer, offset) + keyLength(buffer, offset);
    }

    /**
     * @return bytes the item uses: header, cas unique, key and value, as memcached's "bytes" counts them.
     */
    static int itemLength(final AtomicBuffer buffer, final int offset)
    {
        return headerLength(hasCas(buffer, offset)) + keyLength(buffer, offset) + valueLength(buffer, offset);
    }

    /**
     * @return whether the item's key is the first {@code keyLength} bytes of {@code key}.
     */
    static boolean keyEquals(final AtomicBuffer buffer, final int offset, final byte[] key, final int keyLength)
    {
        if (keyLength(buffer, offset) != keyLength)
        {
            return false;
        }
        final int keyOffset = keyOffset(buffer, offset);
        int i = 0;
        for (; i + 8 <= keyLength; i += 8)
        {
            if (buffer.getLong(keyOffset + i, ByteOrder.LITTLE_ENDIAN) != KeyHash.longAt(key, i))
            {
                return false;
            }
        }
        for (; i < keyLength; i++)
        {
            if (buffer.getByte(keyOffset + i) != key[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a new item's header, cas unique (0) if it keeps one, and key; the links are cleared, the status bits
     * are {@link #HAS_CAS} or none, and the value is left to the caller.
     */
    static void writeHeader(
        final AtomicBuffer buffer, final int offset, final boolean withCas, final int sizeClass, final int hash,
        final byte[] key, final int keyLength, final int flags, final int valueLength, final long expiresAt,
        final long now)
    {
        buffer.putLong(offset + HASH_NEXT, 0);
        buffer.putLong(offset + LRU_PREV, 0);
        buffer.putLong(offset + LRU_NEXT, 0);
        buffer.putInt(offset + EXPIRES_AT, (int)expiresAt);
        buffer.putInt(offset + TIME, (int)now);
        buffer.putInt(offset + FLAGS, flags);
        buffer.putInt(offset + VALUE_LENGTH, valueLength);
        buffer.putInt(offset + KEY_HASH, hash);
        buffer.putByte(offset + KEY_LENGTH, (byte)keyLength);
        buffer.putByte(offset + STATUS, (byte)(withCas ? HAS_CAS : 0));
        buffer.putShort(offset + SIZE_CLASS, (short)sizeClass);
        if (withCas)
        {
            buffer.putLong(offset + CAS, 0);
        }
        buffer.putBytes(offset + headerLength(withCas), key, 0, keyLength);
    }
}
