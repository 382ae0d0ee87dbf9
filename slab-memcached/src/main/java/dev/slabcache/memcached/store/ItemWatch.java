/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * Tells the {@link Watchers} of each fetch and store, as memcached's logger.c lines name them (item_get, item_store),
 * with the item's class id as memcached counts it (1-based, 0 for none). Called after the item lock is let go:
 * the class of a length is fixed once the cache is made.
 */
final class ItemWatch
{
    private final Watchers watchers;
    private final StoreMemory memory;
    private final long maxItemSize;
    private final boolean withCas;

    /**
     * @param withCas whether items keep a cas unique (false for -C), which decides an item's class.
     */
    ItemWatch(final Watchers watchers, final StoreMemory memory, final long maxItemSize, final boolean withCas)
    {
        this.watchers = watchers;
        this.withCas = withCas;
        this.memory = memory;
        this.maxItemSize = maxItemSize;
    }

    /**
     * An item_get line, when a watcher wants fetches.
     *
     * @param key       holds the key in its first {@code keyLength} bytes.
     * @param keyLength bytes of the key.
     * @param hit       whether the key held an item.
     * @param view      the item read, on a hit.
     */
    void fetched(final byte[] key, final int keyLength, final boolean hit, final ItemView view)
    {
        if (watchers.wants(Watchers.FETCHERS))
        {
            watchers.itemGet(key, keyLength, hit, hit ? classId(keyLength, view.valueLength) : 0,
                hit ? view.valueLength : 0);
        }
    }

    /**
     * An item_store line, when a watcher wants mutations.
     *
     * @param key         holds the key in its first {@code keyLength} bytes.
     * @param keyLength   bytes of the key.
     * @param result      what the store did.
     * @param mode        the store's mode.
     * @param exptime     the memcached exptime asked for.
     * @param now         the Unix second of the store.
     * @param valueLength bytes of the value.
     */
    void stored(
        final byte[] key, final int keyLength, final StoreResult result, final StoreMode mode, final long exptime,
        final long now, final int valueLength)
    {
        if (watchers.wants(Watchers.MUTATIONS))
        {
            final long expiresAt = ExpiryRules.expiresAt(exptime, now);
            watchers.itemStore(key, keyLength, result, mode, 0 == expiresAt ? 0 : Math.max(0, expiresAt - now),
                StoreResult.TOO_LARGE == result ? 0 : classId(keyLength, valueLength), valueLength);
        }
    }

    private int classId(final int keyLength, final long valueLength)
    {
        final long total = ItemLayout.totalLength(withCas, keyLength, valueLength);
        return total > maxItemSize ? 0 : memory.classFor((int)total) + 1;
    }
}
