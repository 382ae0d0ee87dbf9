/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;

/**
 * memcached's per-prefix statistics ("stats detail on|off|dump"): while on, each text get, set and delete of a key
 * holding the delimiter counts against the key's prefix, the bytes before the first delimiter; a key without one
 * counts nowhere. Counting is off until "stats detail on", so the hot path pays one volatile read. Thread-safe:
 * counts are taken under this object's monitor, as memcached takes its stats lock.
 * <p>
 * Public for the protocol, which records each command's key, and for "stats settings".
 */
public final class PrefixStats
{
    /** memcached's default -D, the prefix delimiter. */
    public static final char DELIMITER = ':';

    private static final int GET = 0;
    private static final int HIT = 1;
    private static final int SET = 2;
    private static final int DELETE = 3;

    private final Map<String, long[]> prefixes = new LinkedHashMap<>();
    private volatile boolean enabled;

    /** @return whether gets, sets and deletes are counted. */
    public boolean enabled()
    {
        return enabled;
    }

    /** @param on whether to count from now on; counts taken so far stay. */
    public void enabled(final boolean on)
    {
        enabled = on;
    }

    /** Forgets every prefix, as "stats reset" does. */
    synchronized void clear()
    {
        prefixes.clear();
    }

    /**
     * Counts a get of the key, a hit or a miss.
     *
     * @param key       the key's bytes.
     * @param keyLength how many of them.
     * @param hit       whether the get found the item.
     */
    public void recordGet(final byte[] key, final int keyLength, final boolean hit)
    {
        if (enabled)
        {
            record(key, keyLength, GET, hit ? HIT : -1);
        }
    }

    /**
     * Counts a storage command on the key.
     *
     * @param key       the key's bytes.
     * @param keyLength how many of them.
     */
    public void recordSet(final byte[] key, final int keyLength)
    {
        if (enabled)
        {
            record(key, keyLength, SET, -1);
        }
    }

    /**
     * Counts a delete of the key.
     *
     * @param key       the key's bytes.
     * @param keyLength how many of them.
     */
    public void recordDelete(final byte[] key, final int keyLength)
    {
        if (enabled)
        {
            record(key, keyLength, DELETE, -1);
        }
    }

    private synchronized void record(final byte[] key, final int keyLength, final int counter, final int alsoCounter)
    {
        int length = 0;
        while (length < keyLength && DELIMITER != key[length])
        {
            length++;
        }
        if (length == keyLength)
        {
            return;
        }
        final long[] counts = prefixes.computeIfAbsent(
            new String(key, 0, length, StandardCharsets.ISO_8859_1), prefix -> new long[4]);
        counts[counter]++;
        if (alsoCounter >= 0)
        {
            counts[alsoCounter]++;
        }
    }

    /**
     * Writes "PREFIX name get N hit N set N del N" for each prefix, then "END", as "stats detail dump" answers.
     *
     * @param out the reply.
     */
    public synchronized void dump(final ByteBuf out)
    {
        for (final Map.Entry<String, long[]> e : prefixes.entrySet())
        {
            final long[] c = e.getValue();
            out.writeCharSequence("PREFIX " + e.getKey() + " get " + c[GET] + " hit " + c[HIT] + " set " + c[SET] +
                " del " + c[DELETE] + "\r\n", StandardCharsets.ISO_8859_1);
        }
        out.writeCharSequence("END\r\n", StandardCharsets.ISO_8859_1);
    }
}
