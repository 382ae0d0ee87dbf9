/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.ByteOrder;

import dev.slabcache.master.SlotFlyweight;
import org.agrona.concurrent.AtomicBuffer;

import static dev.slabcache.memcached.store.ItemLayout.CAS;
import static dev.slabcache.memcached.store.ItemLayout.CLASS_MASK;
import static dev.slabcache.memcached.store.ItemLayout.EXPIRES_AT;
import static dev.slabcache.memcached.store.ItemLayout.FLAGS;
import static dev.slabcache.memcached.store.ItemLayout.HASH_NEXT;
import static dev.slabcache.memcached.store.ItemLayout.HAS_CAS;
import static dev.slabcache.memcached.store.ItemLayout.KEY_HASH;
import static dev.slabcache.memcached.store.ItemLayout.KEY_LENGTH;
import static dev.slabcache.memcached.store.ItemLayout.LINKED;
import static dev.slabcache.memcached.store.ItemLayout.LRU_NEXT;
import static dev.slabcache.memcached.store.ItemLayout.LRU_PREV;
import static dev.slabcache.memcached.store.ItemLayout.SEGMENT_MASK;
import static dev.slabcache.memcached.store.ItemLayout.SEGMENT_SHIFT;
import static dev.slabcache.memcached.store.ItemLayout.SIZE_CLASS;
import static dev.slabcache.memcached.store.ItemLayout.STATUS;
import static dev.slabcache.memcached.store.ItemLayout.TIME;
import static dev.slabcache.memcached.store.ItemLayout.VALUE_LENGTH;
import static dev.slabcache.memcached.store.ItemLayout.headerLength;

/**
 * One item in its slot, read and written field by field as {@link ItemLayout} lays it out: a flyweight aimed once
 * per handle by {@link #wrap(StoreMemory, long)}, which makes the one checked lookup, and then read and written at
 * its buffer and offset with no lookup at all. No Java object stands for an item: each class of the store that
 * works on items keeps the few flyweights it needs and aims them again and again, making no garbage.
 * <p>
 * Not thread-safe: a flyweight is one thread's. Where requests reach it, its owner keeps one per thread (a
 * {@link ThreadLocal}); work that runs one thread at a time (a page move or a dump with the store paused, the
 * crawler) keeps its own.
 */
final class Item extends SlotFlyweight
{
    /**
     * Aims this flyweight at a live item.
     *
     * @param memory the memory that holds the item.
     * @param handle the item's handle.
     * @return this flyweight.
     * @throws dev.slabcache.core.InvalidHandleException when {@code handle} is not a live slot of {@code memory}.
     */
    Item wrap(final StoreMemory memory, final long handle)
    {
        wrap(memory.cache, handle);
        return this;
    }

    /**
     * Aims this flyweight at an item a page move shows its visitor: its handle is no longer live, so the item is
     * reached at the buffer and offset it is shown at, and only for the length of the visit.
     *
     * @param handle the handle the item had, which the index and the LRU still hold.
     * @param buffer the buffer holding the item.
     * @param offset where the item starts in {@code buffer}.
     * @return this flyweight.
     */
    Item wrapMoving(final long handle, final AtomicBuffer buffer, final int offset)
    {
        aim(buffer, offset, handle);
        return this;
    }

    /**
     * Writes a new item's header, cas unique (0) if it keeps one, and key; the links are cleared, the status bits
     * are {@link ItemLayout#HAS_CAS} or none, the item is not {@link ItemLayout#LINKED}, and the value is left to
     * the caller.
     *
     * @param withCas     whether the item keeps a cas unique.
     * @param sizeClass   the class of the item's slot.
     * @param hash        the low 32 bits of the key's {@link KeyHash#hash}.
     * @param key         holds the key in its first {@code keyLength} bytes.
     * @param keyLength   bytes of the key.
     * @param flags       the client's flags.
     * @param valueLength bytes of the value.
     * @param expiresAt   when the item expires, in Unix seconds, or 0 for never.
     * @param now         the item's time, in Unix seconds.
     */
    void writeHeader(
        final boolean withCas, final int sizeClass, final int hash, final byte[] key, final int keyLength,
        final int flags, final int valueLength, final long expiresAt, final long now)
    {
        final AtomicBuffer buffer = buffer();
        final int offset = offset();
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

    /**
     * @return the handle of the next item in the index's hash chain, or 0.
     */
    long hashNext()
    {
        return buffer().getLong(offset() + HASH_NEXT);
    }

    /**
     * @param handle the handle of the next item in the index's hash chain, or 0.
     */
    void hashNext(final long handle)
    {
        buffer().putLong(offset() + HASH_NEXT, handle);
    }

    /**
     * @return the handle of the newer neighbour on the item's LRU list, or 0 at the head.
     */
    long lruPrev()
    {
        return buffer().getLong(offset() + LRU_PREV);
    }

    /**
     * @param handle the handle of the newer neighbour on the item's LRU list, or 0.
     */
    void lruPrev(final long handle)
    {
        buffer().putLong(offset() + LRU_PREV, handle);
    }

    /**
     * @return the handle of the older neighbour on the item's LRU list, or 0 at the tail.
     */
    long lruNext()
    {
        return buffer().getLong(offset() + LRU_NEXT);
    }

    /**
     * @param handle the handle of the older neighbour on the item's LRU list, or 0.
     */
    void lruNext(final long handle)
    {
        buffer().putLong(offset() + LRU_NEXT, handle);
    }

    /**
     * @return the item's cas unique, or 0 when it keeps none (as memcached's ITEM_get_cas).
     */
    long cas()
    {
        return hasCas() ? buffer().getLong(offset() + CAS) : 0;
    }

    /**
     * Sets the item's cas unique; does nothing when it keeps none (as memcached's ITEM_set_cas).
     *
     * @param cas the cas unique.
     */
    void cas(final long cas)
    {
        if (hasCas())
        {
            buffer().putLong(offset() + CAS, cas);
        }
    }

    /**
     * @return whether the item keeps a cas unique after its header.
     */
    boolean hasCas()
    {
        return 0 != (buffer().getByte(offset() + STATUS) & HAS_CAS);
    }

    /**
     * @return when the item expires, in Unix seconds, or 0 for never.
     */
    long expiresAt()
    {
        return buffer().getInt(offset() + EXPIRES_AT) & 0xFFFF_FFFFL;
    }

    /**
     * @param unixSeconds when the item expires, or 0 for never.
     */
    void expiresAt(final long unixSeconds)
    {
        buffer().putInt(offset() + EXPIRES_AT, (int)unixSeconds);
    }

    /**
     * @return the item's last access, in Unix seconds.
     */
    long time()
    {
        return buffer().getInt(offset() + TIME) & 0xFFFF_FFFFL;
    }

    /**
     * @param unixSeconds the item's last access.
     */
    void time(final long unixSeconds)
    {
        buffer().putInt(offset() + TIME, (int)unixSeconds);
    }

    /**
     * @return the client's flags.
     */
    int flags()
    {
        return buffer().getInt(offset() + FLAGS);
    }

    /**
     * @return bytes of the value.
     */
    int valueLength()
    {
        return buffer().getInt(offset() + VALUE_LENGTH);
    }

    /**
     * @return the low 32 bits of the key's {@link KeyHash#hash}.
     */
    int keyHash()
    {
        return buffer().getInt(offset() + KEY_HASH);
    }

    /**
     * @return bytes of the key, 1 to 250.
     */
    int keyLength()
    {
        return buffer().getByte(offset() + KEY_LENGTH) & 0xFF;
    }

    /**
     * @return the status bits, {@link ItemLayout#HAS_CAS} and the segment among them.
     */
    int status()
    {
        return buffer().getByte(offset() + STATUS) & 0xFF;
    }

    /**
     * Sets the status bits but {@link ItemLayout#HAS_CAS}, which stays as the item was written: it says where the
     * key is, not what happened to the item.
     *
     * @param status the status bits.
     */
    void status(final int status)
    {
        final int kept = buffer().getByte(offset() + STATUS) & HAS_CAS;
        buffer().putByte(offset() + STATUS, (byte)(status & ~HAS_CAS | kept));
    }

    /**
     * @param bit one status bit, or several.
     * @return whether any of them is set.
     */
    boolean hasStatus(final int bit)
    {
        return 0 != (status() & bit);
    }

    /**
     * @param bit one status bit, or several, to set.
     */
    void addStatus(final int bit)
    {
        status(status() | bit);
    }

    /**
     * @param bit one status bit, or several, to clear.
     */
    void clearStatus(final int bit)
    {
        status(status() & ~bit);
    }

    /**
     * @return the LRU segment the item is on, {@link ItemLru#HOT} to {@link ItemLru#TEMP}.
     */
    int segment()
    {
        return (status() & SEGMENT_MASK) >>> SEGMENT_SHIFT;
    }

    /**
     * @param segment the LRU segment the item is on, {@link ItemLru#HOT} to {@link ItemLru#TEMP}.
     */
    void segment(final int segment)
    {
        status(status() & ~SEGMENT_MASK | segment << SEGMENT_SHIFT);
    }

    /**
     * @return the index of the size class the item's slot belongs to.
     */
    int sizeClass()
    {
        return buffer().getShort(offset() + SIZE_CLASS) & CLASS_MASK;
    }

    /**
     * @return whether the item is linked: in the index and on an LRU list ({@link ItemLayout#LINKED}).
     */
    boolean isLinked()
    {
        return 0 != (buffer().getShort(offset() + SIZE_CLASS) & LINKED);
    }

    /**
     * @param linked whether the item is linked from now on ({@link ItemLayout#LINKED}).
     */
    void linked(final boolean linked)
    {
        final int field = buffer().getShort(offset() + SIZE_CLASS) & CLASS_MASK;
        buffer().putShort(offset() + SIZE_CLASS, (short)(linked ? field | LINKED : field));
    }

    /**
     * @return where the key starts in {@link #buffer()}: after the header and the cas unique, if any.
     */
    int keyOffset()
    {
        return offset() + headerLength(hasCas());
    }

    /**
     * @return where the value starts in {@link #buffer()}.
     */
    int valueOffset()
    {
        return keyOffset() + keyLength();
    }

    /**
     * @return bytes the item uses: header, cas unique, key and value, as memcached's "bytes" counts them.
     */
    int itemLength()
    {
        return headerLength(hasCas()) + keyLength() + valueLength();
    }

    /**
     * @return a copy of the key.
     */
    byte[] keyBytes()
    {
        final byte[] key = new byte[keyLength()];
        buffer().getBytes(keyOffset(), key);
        return key;
    }

    /**
     * @param key       holds a key in its first {@code keyLength} bytes.
     * @param keyLength bytes of that key.
     * @return whether the item's key is that key.
     */
    boolean keyEquals(final byte[] key, final int keyLength)
    {
        if (keyLength() != keyLength)
        {
            return false;
        }
        final AtomicBuffer buffer = buffer();
        final int keyOffset = keyOffset();
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
}
