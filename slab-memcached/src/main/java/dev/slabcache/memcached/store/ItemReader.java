/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import io.netty.buffer.ByteBuf;

/**
 * The commands that read or drop an item without writing a value: get (and get-and-touch, and mg's win tokens),
 * touch and delete (and meta invalidation). Call holding the key's item lock ({@link StoreLock}).
 */
final class ItemReader
{
    private final ItemLookup lookup;
    private final ItemTable table;
    private final ThreadStats stats;
    private final ValueCopier copier;
    /** Each thread's flyweight, aimed at the item a command finds. */
    private final ThreadLocal<Item> items = ThreadLocal.withInitial(Item::new);

    ItemReader(final ItemLookup lookup, final ValueCopier copier)
    {
        this.lookup = lookup;
        this.table = lookup.table;
        this.stats = lookup.stats;
        this.copier = copier;
    }

    boolean get(
        final byte[] key, final int keyLength, final int hash, final long touchExptime, final long recacheExptime,
        final ItemView view, final ByteBuf valueOut, final long now)
    {
        final StoreStats counts = stats.local();
        final Item item = items.get();
        final boolean touching = ItemStore.NO_TOUCH != touchExptime;
        counts.cmdGet++;
        if (touching)
        {
            counts.cmdTouch++;
        }
        if (!lookup.findLive(key, keyLength, hash, now, true, item))
        {
            counts.getMisses++;
            if (touching)
            {
                counts.touchMisses++;
            }
            return false;
        }
        final int sizeClass = item.sizeClass();
        counts.getHits[sizeClass]++;
        counts.lruHits[ItemLru.listOf(item)]++;
        if (touching)
        {
            counts.touchHits[sizeClass]++;
            item.expiresAt(ExpiryRules.expiresAt(touchExptime, now));
        }
        final int status = item.status();
        view.flags = item.flags();
        view.cas = item.cas();
        view.valueLength = item.valueLength();
        view.expiresAt = item.expiresAt();
        view.lastAccess = item.time();
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
            item.status(status | ItemLayout.TOKEN_SENT);
        }
        if (null != valueOut)
        {
            copier.copyOut(item.buffer(), item.valueOffset(), view.valueLength, valueOut);
        }
        lookup.bump(item, now);
        return true;
    }

    boolean touch(final byte[] key, final int keyLength, final int hash, final long exptime, final long now)
    {
        final StoreStats counts = stats.local();
        final Item item = items.get();
        counts.cmdTouch++;
        if (!lookup.findLive(key, keyLength, hash, now, false, item))
        {
            counts.touchMisses++;
            return false;
        }
        counts.touchHits[item.sizeClass()]++;
        item.expiresAt(ExpiryRules.expiresAt(exptime, now));
        lookup.bump(item, now);
        return true;
    }

    DeleteResult delete(
        final byte[] key, final int keyLength, final int hash, final long compareCas, final boolean invalidate,
        final long exptime, final long now)
    {
        final StoreStats counts = stats.local();
        final Item item = items.get();
        if (!lookup.findLive(key, keyLength, hash, now, false, item))
        {
            counts.deleteMisses++;
            return DeleteResult.NOT_FOUND;
        }
        if (0 != compareCas && item.cas() != compareCas)
        {
            return DeleteResult.EXISTS;
        }
        counts.deleteHits[item.sizeClass()]++;
        if (invalidate)
        {
            item.status((item.status() | ItemLayout.STALE) & ~ItemLayout.TOKEN_SENT);
            item.cas(lookup.newCas());
            if (ItemStore.NO_TOUCH != exptime)
            {
                item.expiresAt(ExpiryRules.expiresAt(exptime, now));
            }
        }
        else
        {
            table.remove(item);
        }
        return DeleteResult.DELETED;
    }
}
