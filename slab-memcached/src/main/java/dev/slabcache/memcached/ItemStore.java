/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.function.LongSupplier;

import io.netty.buffer.ByteBuf;

/**
 * The items of the server: header, key and value of each in one slot of a {@code SizeClassCache} over a
 * {@code PagePool}, found through a hash index of handles and kept on one LRU per class, with no Java object per
 * item. Thread-safe: every method is atomic with respect to every other.
 * <p>
 * Keys are given as the first {@code keyLength} bytes of {@code key} (1 to 250 bytes; the protocol checks them).
 * Times are memcached exptimes: 0 never expires, a negative one has expired already, up to 30 days
 * (2,592,000 s) is relative to now, above it an absolute Unix time. Numbers of arithmetic are 64 bits unsigned.
 * A method that takes an {@link ItemView} fills it only when it says so.
 * <p>
 * CONTRACT SKELETON: the bodies are written on branch mc-store; nothing here is done until they are.
 */
public final class ItemStore implements AutoCloseable
{
    /** As a touch or exptime argument: leave the item's expiry as it is. */
    public static final long NO_TOUCH = Long.MIN_VALUE;

    /** As the vivify argument of {@link #arith}: a missing key is {@link ArithResult#NOT_FOUND}. */
    public static final long NO_VIVIFY = Long.MIN_VALUE;

    /**
     * @param settings    memory, classes, evictions and the memory file.
     * @param unixSeconds the clock, in Unix seconds (tests pass their own).
     */
    public ItemStore(final StoreSettings settings, final LongSupplier unixSeconds)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /**
     * Reads a live item (not expired, not flushed) and, unless {@code touchExptime} is {@link #NO_TOUCH}, sets its
     * expiry; counts a hit or a miss (and a touch). On a hit fills {@code flags}, {@code cas}, {@code valueLength},
     * {@code expiresAt} (after the touch), {@code lastAccess}, {@code fetched}, {@code stale} and {@code win}, and
     * appends the value to {@code valueOut} unless it is null.
     *
     * @return whether the key held a live item.
     */
    public boolean get(
        final byte[] key, final int keyLength, final long touchExptime, final ItemView view, final ByteBuf valueOut)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /**
     * Stores {@code valueLength} bytes of {@code value} from {@code valueIndex} (its reader index is not moved).
     * A {@code compareCas} other than 0 makes any mode fail with {@link StoreResult#EXISTS} unless the live item's
     * cas is that one ({@link StoreResult#NOT_FOUND} when there is none); {@link StoreMode#CAS} requires it. With
     * {@code invalidate} (meta "I"), a {@code compareCas} lower than the item's stores the item marked stale
     * instead of failing. Fills {@code cas} of the item stored.
     */
    public StoreResult store(
        final StoreMode mode, final byte[] key, final int keyLength, final int flags, final long exptime,
        final long compareCas, final boolean invalidate, final ByteBuf value, final int valueIndex,
        final int valueLength, final ItemView view)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /**
     * Deletes the live item, or with {@code invalidate} (meta "I") marks it stale, gives it a new cas and, unless
     * {@code exptime} is {@link #NO_TOUCH}, that expiry. A {@code compareCas} other than 0 must match.
     */
    public DeleteResult delete(
        final byte[] key, final int keyLength, final long compareCas, final boolean invalidate, final long exptime)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /**
     * Adds {@code delta} to (or, unless {@code increment}, takes it from) the item's decimal value: an increment
     * wraps at 2^64, a decrement stops at 0. A {@code compareCas} other than 0 must match. On a miss with
     * {@code vivifyExptime} other than {@link #NO_VIVIFY}, stores {@code initial} with that expiry (flags 0).
     * Unless {@code touchExptime} is {@link #NO_TOUCH}, sets the expiry. Fills {@code number}, {@code cas},
     * {@code expiresAt}, {@code flags} and {@code valueLength}.
     */
    public ArithResult arith(
        final byte[] key, final int keyLength, final boolean increment, final long delta, final long compareCas,
        final long vivifyExptime, final long initial, final long touchExptime, final ItemView view)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /**
     * Sets a live item's expiry and counts a touch hit or miss.
     *
     * @return whether the key held a live item.
     */
    public boolean touch(final byte[] key, final int keyLength, final long exptime)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /**
     * Invalidates every item stored up to now, or, with a positive delay, up to that many seconds from now.
     */
    public void flushAll(final long delaySeconds)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /**
     * The store's part of "stats", as memcached names it: curr_items, total_items, bytes, evictions, reclaimed,
     * expired_unfetched, evicted_unfetched, get_hits, get_misses, get_expired, get_flushed, delete_*, incr_*,
     * decr_*, cas_*, touch_*, cmd_get, cmd_set, cmd_touch, cmd_flush, limit_maxbytes, slab_reassign_*,
     * slabs_moved, hash_power_level, hash_bytes, crawler figures.
     */
    public void stats(final StatSink sink)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /** "stats slabs": per class "N:chunk_size" and the rest, then active_slabs and total_malloced. */
    public void statsSlabs(final StatSink sink)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /** "stats items": per class "items:N:number", age, evicted, outofmemory, reclaimed, moves and the rest. */
    public void statsItems(final StatSink sink)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /** The store's part of "stats settings": maxbytes, growth_factor, chunk_size, item_size_max, evictions, ... */
    public void statsSettings(final StatSink sink)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /** The largest value a key of {@code keyLength} bytes can have, so that a protocol can refuse early. */
    public int maxValueLength(final int keyLength)
    {
        throw new UnsupportedOperationException("mc-store");
    }

    /** Stops the background work and gives the memory back (unmaps the memory file). */
    @Override
    public void close()
    {
        throw new UnsupportedOperationException("mc-store");
    }
}
