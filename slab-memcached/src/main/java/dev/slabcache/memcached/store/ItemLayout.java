/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * Where each field of an item lies in its slot, and the lengths that follow from it; {@link Item} reads and writes
 * the fields. As memcached's item header, it holds the hash-chain link and the LRU links beside the item's own
 * fields; handles stand for pointers ({@code 0} is none).
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
 *     the slot belongs to in the low 15 bits, and {@link #LINKED} in the top one.</li>
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
    /** The longest key, in bytes. */
    static final int MAX_KEY_LENGTH = 250;
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
     * by {@link Item#status(int)}: it says where the key is, not what happened to the item.
     */
    static final int HAS_CAS = 128;

    /**
     * The top bit of the 16-bit class field (memcached's ITEM_LINKED): the item is in the index and on an LRU list.
     * Set by {@link ItemTable} when it links the item (after its key and value are written) and cleared when it
     * unlinks or replaces it, before the slot is freed, so that a warm restart ({@link WarmRestart}) keeps exactly
     * the slots that held linked items and never one half written or freed.
     */
    static final int LINKED = 0x8000;
    /** The bits of the 16-bit class field that hold the class index. */
    static final int CLASS_MASK = 0x7FFF;

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
}
