/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import dev.slabcache.master.SizeClassCache;
import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The commands that read or drop an item without writing a value: get (and get-and-touch, and mg's win tokens),
 * touch and delete (and meta invalidation). Call holding the key's item lock ({@link StoreLock}).
 */
final class ItemReader
{
    private final ItemLookup lookup;
    private final ItemTable table;
    private final SizeClassCache cache;
    private final ThreadStats stats;
    private final ValueCopier copier;

    ItemReader(final ItemLookup lookup, final ValueCopier copier)
    {
        this.lookup = lookup;
        this.table = lookup.table;
        this.cache = lookup.cache;
        this.stats = lookup.stats;
        this.copier = copier;
    }

    boolean get(
        final byte[] key, final int keyLength, final int hash, final long touchExptime, final long recacheExptime,
        final ItemView view, final ByteBuf valueOut, final long now)
    {
        final StoreStats counts = stats.local();
        final boolean touching = ItemStore.NO_TOUCH != touchExptime;
        counts.cmdGet++;
        if (touching)
        {
            counts.cmdTouch++;
        }
        final long handle = lookup.findLive(key, keyLength, hash, now, true);
        if (0 == handle)
        {
            counts.getMisses++;
            if (touching)
            {
                counts.touchMisses++;
            }
            return false;
        }
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        final int sizeClass = ItemLayout.sizeClass(buffer, offset);
        counts.getHits[sizeClass]++;
        counts.lruHits[ItemLru.listOf(buffer, offset)]++;
        if (touching)
        {
            counts.touchHits[sizeClass]++;
            ItemLayout.expiresAt(buffer, offset, ExpiryRules.expiresAt(touchExptime, now));
        }
        final int status = ItemLayout.status(buffer, offset);
        view.flags = ItemLayout.flags(buffer, offset);
        view.cas = ItemLayout.cas(buffer, offset);
        view.valueLength = ItemLayout.valueLength(buffer, offset);
        view.expiresAt = ItemLayout.expiresAt(buffer, offset);
        view.lastAccess = ItemLayout.time(buffer, offset);
        view.fetched = 0 != (status & ItemLayout.FETCHED);
        view.stale = 0 != (status & ItemLayout.STALE);
        view.tokenSent = 0 != (status & ItemLayout.TOKEN_SENT);
        view.binaryKey = 0 != (status & ItemLayout.KEY_BINARY);
        // As memcached's mg: the first reader of a stale item wins, and with R one of an item expiring before then.
        final long recacheAt = ExpiryRules.expiresAt(recacheExptime, now);
        view.win = !view.tokenSent && (view.stale ||
            (0 != recacheAt && 0 != view.expiresAt && view.expiresAt < recacheAt));
        if (view.win)
        {
            ItemLayout.status(buffer, offset, status | ItemLayout.TOKEN_SENT);
        }
        if (null != valueOut)
        {
            copier.copyOut(buffer, ItemLayout.valueOffset(buffer, offset), view.valueLength, valueOut);
        }
        lookup.bump(handle, buffer, offset, now);
        return true;
    }

    boolean touch(final byte[] key, final int keyLength, final int hash, final long exptime, final long now)
    {
        final StoreStats counts = stats.local();
        counts.cmdTouch++;
        final long handle = lookup.findLive(key, keyLength, hash, now, false);
        if (0 == handle)
        {
            counts.touchMisses++;
            return false;
        }
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        counts.touchHits[ItemLayout.sizeClass(buffer, offset)]++;
        ItemLayout.expiresAt(buffer, offset, ExpiryRules.expiresAt(exptime, now));
        lookup.bump(handle, buffer, offset, now);
        return true;
    }

    DeleteResult delete(
        final byte[] key, final int keyLength, final int hash, final long compareCas, final boolean invalidate,
        final long exptime, final long now)
    {
        final StoreStats counts = stats.local();
        final long handle = lookup.findLive(key, keyLength, hash, now, false);
        if (0 == handle)
        {
            counts.deleteMisses++;
            return DeleteResult.NOT_FOUND;
        }
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        if (0 != compareCas && ItemLayout.cas(buffer, offset) != compareCas)
        {
            return DeleteResult.EXISTS;
        }
        counts.deleteHits[ItemLayout.sizeClass(buffer, offset)]++;
        if (invalidate)
        {
            ItemLayout.status(buffer, offset,
                (ItemLayout.status(buffer, offset) | ItemLayout.STALE) & ~ItemLayout.TOKEN_SENT);
            ItemLayout.cas(buffer, offset, lookup.newCas());
            if (ItemStore.NO_TOUCH != exptime)
            {
                ItemLayout.expiresAt(buffer, offset, ExpiryRules.expiresAt(exptime, now));
            }
        }
        else
        {
            table.remove(handle, buffer, offset);
        }
        return DeleteResult.DELETED;
    }
}
