/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import io.netty.buffer.ByteBuf;

/**
 * The store's commands, each run holding its key's item lock ({@link StoreLock}), as memcached's thread.c wraps the
 * do_ functions of items.c in item_lock and item_unlock; a command that may link a new item then moves a step of the
 * index's growth, after letting its lock go ({@link ItemIndex#expandSteps}). Arguments are as {@link ItemStore}'s,
 * which checks them, but the key, which is checked here before it is hashed.
 */
final class LockedCommands
{
    private final StoreLock lock;
    private final ItemIndex index;
    private final ItemReader reader;
    private final ItemWriter writer;

    LockedCommands(final StoreLock lock, final ItemIndex index, final ItemReader reader, final ItemWriter writer)
    {
        this.lock = lock;
        this.index = index;
        this.reader = reader;
        this.writer = writer;
    }

    /**
     * A get, and with {@code vivifyExptime} other than {@link ItemStore#NO_VIVIFY} mg's vivify on a miss.
     */
    boolean get(
        final byte[] key, final int keyLength, final long touchExptime, final long recacheExptime,
        final long vivifyExptime, final ItemView view, final ByteBuf valueOut, final long now)
    {
        final int hash = lockItem(key, keyLength);
        try
        {
            return reader.get(key, keyLength, hash, touchExptime, recacheExptime, view, valueOut, now) ||
                ItemStore.NO_VIVIFY != vivifyExptime &&
                writer.vivifyEmpty(key, keyLength, hash, vivifyExptime, view, now);
        }
        finally
        {
            lock.unlockItem(hash);
        }
    }

    /**
     * A store of any mode, then a step of the index's growth.
     */
    StoreResult store(
        final StoreMode mode, final byte[] key, final int keyLength, final int flags, final long exptime,
        final long compareCas, final boolean invalidate, final boolean binaryKey, final ByteBuf value,
        final int valueIndex, final int valueLength, final ItemView view, final long now)
    {
        final StoreResult result;
        final int hash = lockItem(key, keyLength);
        try
        {
            result = writer.store(mode, key, keyLength, hash, flags, exptime, compareCas, invalidate, binaryKey,
                value, valueIndex, valueLength, view, now);
        }
        finally
        {
            lock.unlockItem(hash);
        }
        index.expandSteps(ItemIndex.BUCKETS_PER_STEP);
        return result;
    }

    /**
     * A delete or meta invalidation, then a step of the index's growth.
     */
    DeleteResult delete(
        final byte[] key, final int keyLength, final long compareCas, final boolean invalidate, final long exptime,
        final long now)
    {
        final DeleteResult result;
        final int hash = lockItem(key, keyLength);
        try
        {
            result = reader.delete(key, keyLength, hash, compareCas, invalidate, exptime, now);
        }
        finally
        {
            lock.unlockItem(hash);
        }
        index.expandSteps(ItemIndex.BUCKETS_PER_STEP);
        return result;
    }

    /**
     * An incr or decr, then a step of the index's growth.
     */
    ArithResult arith(
        final byte[] key, final int keyLength, final boolean increment, final long delta, final long compareCas,
        final long vivifyExptime, final long initial, final long touchExptime, final ItemView view, final long now)
    {
        final ArithResult result;
        final int hash = lockItem(key, keyLength);
        try
        {
            result = writer.arith(key, keyLength, hash, increment, delta, compareCas, vivifyExptime, initial,
                touchExptime, view, now);
        }
        finally
        {
            lock.unlockItem(hash);
        }
        index.expandSteps(ItemIndex.BUCKETS_PER_STEP);
        return result;
    }

    /**
     * A touch.
     */
    boolean touch(final byte[] key, final int keyLength, final long exptime, final long now)
    {
        final int hash = lockItem(key, keyLength);
        try
        {
            return reader.touch(key, keyLength, hash, exptime, now);
        }
        finally
        {
            lock.unlockItem(hash);
        }
    }

    /**
     * Checks and hashes the key and takes its item lock, refusing a closed store.
     *
     * @return the key's hash; let go its item lock with {@link StoreLock#unlockItem}.
     */
    private int lockItem(final byte[] key, final int keyLength)
    {
        final int hash = ItemLookup.hash(key, keyLength);
        lock.lockItem(hash);
        if (lock.isClosed())
        {
            lock.unlockItem(hash);
            lock.ensureOpen();
        }
        return hash;
    }
}
