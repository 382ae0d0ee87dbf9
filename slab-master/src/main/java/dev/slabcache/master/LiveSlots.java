/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Says which slots of memory an earlier process (or an earlier cache of this one) left live, for a reopen:
 * {@link SlabCacheBuilder#reopen(LiveSlots)} and {@link SizeClassCacheBuilder#reopen(LiveSlots)}. The cache keeps
 * nothing about slots in the memory (its books live on the heap), so the caller's own data must tell: for instance
 * a header word that is written when a slot is filled and cleared before it is freed, or a list of slot offsets the
 * caller kept elsewhere.
 * <p>
 * {@link #isLive(AtomicBuffer, int, int)} is asked once about every slot of every slab being reopened, before
 * anything changes and holding no lock: an exception from it ends the reopen, with nothing attached and no byte
 * written. Then the free slots' first {@value dev.slabcache.core.SlotSegment#MIN_SLOT_SIZE} bytes are overwritten
 * by the free list (so a mark of liveness must not sit there), and {@link #reopened(long, AtomicBuffer, int)} is
 * given each live slot with its new handle.
 * <p>
 * A mark of liveness must be cleared before the slot is freed, and must survive what the cache writes into a free
 * slot: the free list in its first 4 bytes and, in debug mode, {@code 0x5A} in every byte after them; so test for a
 * value (a magic, a checksum), not for any nonzero byte, when debug mode may be on. A size-class cache with a layout
 * zeroes each page as a class takes it, so a slot never shows bytes another class left in the page.
 * <p>
 * Handles of the earlier process are not valid in the new one: a handle names its slab by a serial drawn in the
 * process that made it. Keep slot offsets, not handles, in the memory, and translate them in
 * {@link #reopened(long, AtomicBuffer, int)}: the offset a slot has in its buffer is the same in every process
 * (for a size-class cache over {@code PagePool.of(file, pageSize)}, the slot's place in the file is
 * {@code buffer.addressOffset() - file.addressOffset() + offset}).
 */
@FunctionalInterface
public interface LiveSlots
{
    /**
     * Whether a slot holds live data. Read the slot; do not keep the buffer.
     *
     * @param buffer   the buffer that holds the slot.
     * @param offset   where the slot starts in {@code buffer}.
     * @param slotSize bytes in the slot (for a size-class cache, the size of the page's class).
     * @return true to keep the slot live, with its bytes; false to make it free.
     */
    boolean isLive(AtomicBuffer buffer, int offset, int slotSize);

    /**
     * Gives the new handle of a slot {@link #isLive(AtomicBuffer, int, int)} called live, once the cache is
     * rebuilt; slots of a slab come in ascending order. An exception thrown here closes the new cache and is
     * thrown by the reopen. Does nothing unless overridden.
     *
     * @param handle the slot's handle in the reopened cache.
     * @param buffer the buffer that holds the slot: {@code buffer(handle)}.
     * @param offset where the slot starts in {@code buffer}: {@code offset(handle)}.
     */
    default void reopened(final long handle, final AtomicBuffer buffer, final int offset)
    {
    }
}
