/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One soak client thread: a mix of get, set, delete and incr on keys only it writes, pipelined in batches, with
 * every reply checked against what it wrote. A get may miss (the item was evicted) but a hit must carry exactly the
 * version last stored, with a good checksum; a counter answers exactly one more than before, or NOT_FOUND once
 * evicted. Counts every command and outcome so that the server's statistics can be checked after.
 */
final class SoakClient
{
    static final int BATCH = 32;

    private static final int GET = 0;
    private static final int SET = 1;
    private static final int DELETE = 2;
    private static final int INCR = 3;
    private static final int SET_COUNTER = 4;

    private final int id;
    private final int keys;
    private final int counters;
    private final SplittableRandom random;
    private final TextConnection connection;
    /** Per key: the version that may be stored (0: none may be), and the one a failed set may have left. */
    private final long[] stored;
    private final long[] storedBeforeFailedSet;
    private final long[] nextVersion;
    /** Per counter: its value if it may be stored, else -1. */
    private final long[] counterValues;
    private final int[] batchOps = new int[BATCH];
    private final int[] batchKeys = new int[BATCH];
    private final long[] batchVersions = new long[BATCH];

    long gets;
    long getHits;
    long sets;
    long failedSets;
    long deletes;
    long deleteHits;
    long incrs;
    long incrHits;

    SoakClient(final int id, final int keys, final int counters, final long seed, final int port) throws IOException
    {
        this.id = id;
        this.keys = keys;
        this.counters = counters;
        this.random = new SplittableRandom(seed);
        this.connection = new TextConnection(port);
        this.stored = new long[keys];
        this.storedBeforeFailedSet = new long[keys];
        this.nextVersion = new long[keys];
        this.counterValues = new long[counters];
        Arrays.fill(counterValues, -1L);
    }

    String key(final int k)
    {
        return "soak-" + id + "-" + k;
    }

    String counter(final int c)
    {
        return "count-" + id + "-" + c;
    }

    /**
     * Runs {@code operations} commands; values are 16 to 700 bytes in the first half and 800 to 4,000 in the
     * second, so that the hungry size classes change half way and pages must move between classes.
     */
    void run(final int operations) throws IOException
    {
        for (int done = 0; done < operations; done += BATCH)
        {
            final boolean large = done >= operations / 2;
            final int n = Math.min(BATCH, operations - done);
            for (int i = 0; i < n; i++)
            {
                write(i, large);
            }
            connection.flush();
            for (int i = 0; i < n; i++)
            {
                read(i);
            }
        }
    }

    private void write(final int i, final boolean large) throws IOException
    {
        final int dice = random.nextInt(100);
        if (dice < 6)
        {
            final int c = random.nextInt(counters);
            batchKeys[i] = c;
            if (-1 == counterValues[c])
            {
                batchOps[i] = SET_COUNTER;
                connection.writeStorage("set", counter(c), new byte[] {'0'});
            }
            else
            {
                batchOps[i] = INCR;
                connection.writeLine("incr " + counter(c) + " 1");
            }
            return;
        }
        final int k = random.nextInt(keys);
        batchKeys[i] = k;
        if (dice < 66)
        {
            batchOps[i] = GET;
            connection.writeLine("get " + key(k));
        }
        else if (dice < 94)
        {
            batchOps[i] = SET;
            final long version = ++nextVersion[k];
            batchVersions[i] = version;
            final int length = large ? 800 + random.nextInt(3_201) : ValueCodec.HEADER_LENGTH + random.nextInt(685);
            connection.writeStorage("set", key(k), ValueCodec.encode(key(k), version, length));
        }
        else
        {
            batchOps[i] = DELETE;
            connection.writeLine("delete " + key(k));
        }
    }

    private void read(final int i) throws IOException
    {
        final int k = batchKeys[i];
        switch (batchOps[i])
        {
            case GET -> checkGet(k, connection.readGet(key(k)));
            case SET -> checkSet(k, batchVersions[i], connection.readLine());
            case DELETE -> checkDelete(k, connection.readLine());
            case INCR -> checkIncr(k, connection.readLine());
            default -> checkSetCounter(k, connection.readLine());
        }
    }

    private void checkGet(final int k, final byte[] value)
    {
        gets++;
        if (null == value)
        {
            return;
        }
        getHits++;
        final long version = ValueCodec.versionOf(key(k), value);
        if (0 == version || (version != stored[k] && version != storedBeforeFailedSet[k]))
        {
            throw new AssertionError(key(k) + " read version " + version + " but the version that may be stored is "
                + stored[k] + (0 == stored[k] ? " (none: deleted or never stored)" : ""));
        }
    }

    private void checkSet(final int k, final long version, final String reply)
    {
        sets++;
        if ("STORED".equals(reply))
        {
            stored[k] = version;
            storedBeforeFailedSet[k] = 0;
        }
        else if (reply.startsWith("SERVER_ERROR"))
        {
            failedSets++;
            storedBeforeFailedSet[k] = stored[k];
            stored[k] = 0;
        }
        else
        {
            throw new AssertionError("set " + key(k) + " answered '" + reply + "'");
        }
    }

    private void checkDelete(final int k, final String reply)
    {
        deletes++;
        if ("DELETED".equals(reply))
        {
            deleteHits++;
            if (0 == stored[k] && 0 == storedBeforeFailedSet[k])
            {
                throw new AssertionError("delete " + key(k) + " found an item where none may be");
            }
        }
        else if (!"NOT_FOUND".equals(reply))
        {
            throw new AssertionError("delete " + key(k) + " answered '" + reply + "'");
        }
        stored[k] = 0;
        storedBeforeFailedSet[k] = 0;
    }

    private void checkIncr(final int c, final String reply)
    {
        incrs++;
        if ("NOT_FOUND".equals(reply))
        {
            counterValues[c] = -1;
            return;
        }
        incrHits++;
        final long expected = counterValues[c] + 1;
        if (-1 == counterValues[c] || !Long.toString(expected).equals(reply))
        {
            throw new AssertionError("incr " + counter(c) + " answered '" + reply + "', expected " + expected);
        }
        counterValues[c] = expected;
    }

    private void checkSetCounter(final int c, final String reply)
    {
        sets++;
        if ("STORED".equals(reply))
        {
            counterValues[c] = 0;
        }
        else if (reply.startsWith("SERVER_ERROR"))
        {
            failedSets++;
            counterValues[c] = -1;
        }
        else
        {
            throw new AssertionError("set " + counter(c) + " answered '" + reply + "'");
        }
    }

    /**
     * Reads every key and counter once, checking each hit as a get in the run does.
     *
     * @return the number of items found.
     */
    long sweep() throws IOException
    {
        final List<Integer> pending = new ArrayList<>();
        long found = 0;
        for (int k = 0; k < keys + counters; k++)
        {
            connection.writeLine("get " + (k < keys ? key(k) : counter(k - keys)));
            pending.add(k);
            if (pending.size() == BATCH || k == keys + counters - 1)
            {
                connection.flush();
                for (final int p : pending)
                {
                    found += sweepOne(p);
                }
                pending.clear();
            }
        }
        return found;
    }

    private int sweepOne(final int p) throws IOException
    {
        if (p < keys)
        {
            final long hitsBefore = getHits;
            checkGet(p, connection.readGet(key(p)));
            return (int)(getHits - hitsBefore);
        }
        final int c = p - keys;
        gets++;
        final byte[] value = connection.readGet(counter(c));
        if (null == value)
        {
            return 0;
        }
        getHits++;
        final String number = new String(value, StandardCharsets.US_ASCII).trim();
        if (-1 == counterValues[c] || !Long.toString(counterValues[c]).equals(number))
        {
            throw new AssertionError(counter(c) + " holds '" + number + "', expected " + counterValues[c]);
        }
        return 1;
    }

    TextConnection connection()
    {
        return connection;
    }
}
