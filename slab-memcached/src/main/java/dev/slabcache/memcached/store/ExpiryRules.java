/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * memcached's rules of when an item stops being live: its exptime, and flush_all.
 * <p>
 * An exptime of 0 never expires; a negative one has expired already; up to 30 days (2,592,000 s) it is relative to
 * now; above, an absolute Unix time (one already past has expired). An item expires at the second it names.
 * <p>
 * flush_all is memcached 1.6.18's process_flush_all_command and item_is_flushed, with Unix seconds for its relative
 * ones: a flush with a delay d &gt; 0 sets oldest_live to now + d - 1 (without, to now - 1) and, when that is not
 * in the future, oldest_cas to the next cas unique. Once now reaches oldest_live, an item is flushed if it was last
 * stored or bumped at or before oldest_live, or its cas is below oldest_cas. So "flush_all" and "flush_all 1" take
 * effect at once (and "flush_all 1" also flushes what is stored in the rest of that second), "flush_all 2" at the
 * next second boundary, and a later flush_all replaces the earlier one's oldest_live whether or not it took effect.
 * Read under any item lock, changed only with the store paused (flush_all): see {@link StoreLock}.
 */
final class ExpiryRules
{
    /** Exptimes up to this many seconds are relative to now (memcached's REALTIME_MAXDELTA). */
    static final long MAX_RELATIVE_EXPTIME = 60L * 60 * 24 * 30;

    // memcached's settings.oldest_live: items last accessed at or before it are flushed once now reaches it; 0 none.
    private long oldestLive;
    // memcached's settings.oldest_cas: items with a cas unique below it are flushed while oldest_live holds; 0 none.
    private long oldestCas;

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
    static boolean isExpired(final Item item, final long now)
    {
        final long expiresAt = item.expiresAt();
        return 0 != expiresAt && expiresAt <= now;
    }

    /**
     * @return whether a flush_all has invalidated the item by {@code now}.
     */
    boolean isFlushed(final Item item, final long now)
    {
        if (0 == oldestLive || oldestLive > now)
        {
            return false;
        }
        final long cas = item.cas();
        return item.time() <= oldestLive ||
            (0 != oldestCas && 0 != cas && Long.compareUnsigned(cas, oldestCas) < 0);
    }

    /**
     * @return whether the item is expired or flushed by {@code now}.
     */
    boolean isDead(final Item item, final long now)
    {
        return isExpired(item, now) || isFlushed(item, now);
    }

    /**
     * @return the Unix second at or before which items accessed are flushed once it has passed, or 0 for none.
     */
    long oldestLive()
    {
        return oldestLive;
    }

    /**
     * @return the cas unique below which items are flushed while {@link #oldestLive()} holds, or 0 for none.
     */
    long oldestCas()
    {
        return oldestCas;
    }

    /**
     * Sets the flush rule a stopped store had, as a warm restart keeps it.
     *
     * @param oldestLive as {@link #oldestLive()}.
     * @param oldestCas  as {@link #oldestCas()}.
     */
    void restore(final long oldestLive, final long oldestCas)
    {
        this.oldestLive = oldestLive;
        this.oldestCas = oldestCas;
    }

    /**
     * A flush_all.
     *
     * @param delaySeconds 0 or less for at once, else a memcached exptime.
     * @param nextCas      the next cas unique the store will hand out: every item has one below it.
     * @param now          the time, in Unix seconds.
     */
    void flushAll(final long delaySeconds, final long nextCas, final long now)
    {
        final long newOldest = delaySeconds > 0 ? expiresAt(delaySeconds, now) : now;
        oldestLive = newOldest - 1;
        if (oldestLive <= now)
        {
            oldestCas = nextCas;
        }
    }
}
