/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import org.agrona.concurrent.AtomicBuffer;

/**
 * memcached's rules of when an item stops being live: its exptime, and flush_all.
 * <p>
 * An exptime of 0 never expires; a negative one has expired already; up to 30 days (2,592,000 s) it is relative to
 * now; above, an absolute Unix time (one already past has expired). An item expires at the second it names.
 * <p>
 * flush_all without a delay invalidates every item stored before it, exactly: items whose cas unique is below the
 * next one to be handed out (memcached compares access times at one-second grain, which spares items stored in
 * the same second). flush_all with a delay of d seconds, as memcached's oldest_live: from now + d on, every item
 * last stored or bumped before that second is invalid; a later flush_all replaces a delayed one still pending,
 * and one that has taken effect keeps its effect. Not thread-safe: the store's lock guards it.
 */
final class ExpiryRules
{
    /** Exptimes up to this many seconds are relative to now (memcached's REALTIME_MAXDELTA). */
    static final long MAX_RELATIVE_EXPTIME = 60L * 60 * 24 * 30;

    // Items with a cas unique below this are flushed; 0 for none.
    private long flushedBelowCas;
    // Items last accessed before this time are flushed (a delayed flush that has taken effect); 0 for none.
    private long flushedBeforeTime;
    // A delayed flush: from this time on, items last accessed before it are flushed; 0 for none.
    private long pendingFlushTime;

    /**
     * @param exptime a memcached exptime.
     * @param now     the time, in Unix seconds.
     * @return the Unix second the item expires at, or 0 for never.
     */
    static long expiresAt(final long exptime, final long now)
    {
        if (0 == exptime)
        {
            return 0;
        }
        if (exptime < 0)
        {
            return Math.max(1, now);
        }
        if (exptime <= MAX_RELATIVE_EXPTIME)
        {
            return now + exptime;
        }
        return exptime;
    }

    /**
     * @return whether the item has expired by {@code now}.
     */
    static boolean isExpired(final AtomicBuffer buffer, final int offset, final long now)
    {
        final long expiresAt = ItemLayout.expiresAt(buffer, offset);
        return 0 != expiresAt && expiresAt <= now;
    }

    /**
     * @return whether a flush_all has invalidated the item by {@code now}.
     */
    boolean isFlushed(final AtomicBuffer buffer, final int offset, final long now)
    {
        if (0 != pendingFlushTime && pendingFlushTime <= now)
        {
            flushedBeforeTime = Math.max(flushedBeforeTime, pendingFlushTime);
            pendingFlushTime = 0;
        }
        if (0 != flushedBelowCas && Long.compareUnsigned(ItemLayout.cas(buffer, offset), flushedBelowCas) < 0)
        {
            return true;
        }
        return 0 != flushedBeforeTime && ItemLayout.time(buffer, offset) < flushedBeforeTime;
    }

    /**
     * @return whether the item is expired or flushed by {@code now}.
     */
    boolean isDead(final AtomicBuffer buffer, final int offset, final long now)
    {
        return isExpired(buffer, offset, now) || isFlushed(buffer, offset, now);
    }

    /**
     * A flush_all.
     *
     * @param delaySeconds 0 or less for at once.
     * @param nextCas      the next cas unique the store will hand out: every item has one below it.
     * @param now          the time, in Unix seconds.
     */
    void flushAll(final long delaySeconds, final long nextCas, final long now)
    {
        if (0 != pendingFlushTime && pendingFlushTime <= now)
        {
            flushedBeforeTime = Math.max(flushedBeforeTime, pendingFlushTime);
        }
        pendingFlushTime = 0;
        if (delaySeconds <= 0)
        {
            flushedBelowCas = nextCas;
        }
        else
        {
            pendingFlushTime = expiresAt(delaySeconds, now);
        }
    }
}
