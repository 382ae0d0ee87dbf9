/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ItemDumps;
import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.StoreTuning;
import io.netty.channel.ChannelHandlerContext;

/**
 * The text commands that steer the store's background work, with memcached 1.6.18's argument rules and replies:
 * "lru_crawler crawl|metadump|tocrawl|sleep|enable|disable", "lru tune|mode|temp_ttl" and
 * "slabs reassign|automove". Without -o lru_maintainer, "lru mode" and "lru temp_ttl" answer ERROR, as memcached's.
 */
final class TuningCommands
{
    private static final byte[] LRU_CRAWLER = Replies.ascii("lru_crawler");
    private static final byte[] LRU = Replies.ascii("lru");
    private static final byte[] SLABS = Replies.ascii("slabs");
    private static final byte[] CRAWL = Replies.ascii("crawl");
    private static final byte[] METADUMP = Replies.ascii("metadump");
    private static final byte[] TOCRAWL = Replies.ascii("tocrawl");
    private static final byte[] SLEEP = Replies.ascii("sleep");
    private static final byte[] ENABLE = Replies.ascii("enable");
    private static final byte[] DISABLE = Replies.ascii("disable");
    private static final byte[] ALL = Replies.ascii("all");
    private static final byte[] HASH = Replies.ascii("hash");
    private static final byte[] TUNE = Replies.ascii("tune");
    private static final byte[] MODE = Replies.ascii("mode");
    private static final byte[] FLAT = Replies.ascii("flat");
    private static final byte[] SEGMENTED = Replies.ascii("segmented");
    private static final byte[] TEMP_TTL = Replies.ascii("temp_ttl");
    private static final byte[] REASSIGN = Replies.ascii("reassign");
    private static final byte[] AUTOMOVE = Replies.ascii("automove");
    private static final byte[] RATIO = Replies.ascii("ratio");
    private static final byte[] CRAWLER_DISABLED = Replies.line("CLIENT_ERROR lru crawler disabled");
    private static final byte[] METADUMP_NOT_ALLOWED = Replies.line("ERROR metadump not allowed");
    private static final byte[] BAD_CLASS = Replies.line("BADCLASS invalid class id");
    private static final byte[] SAME = Replies.line("SAME src and dst class are identical");
    private static final byte[] BAD_REASSIGN_CLASS = Replies.line("BADCLASS invalid src or dst class id");
    private static final byte[] NO_SPARE = Replies.line("NOSPARE source class has no spare pages");

    private final TextHandler connection;
    private final ItemStore store;
    private final StoreTuning tuning;
    private final boolean dumpEnabled;
    private boolean noreply;

    TuningCommands(final TextHandler connection, final ProtocolOptions config)
    {
        this.connection = connection;
        this.dumpEnabled = config.dumpEnabled();
        this.store = connection.store;
        this.tuning = connection.store.admin().tuning();
    }

    /** @return whether the line was one of these commands (and is answered). */
    boolean execute(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        noreply = false;
        if (t.is(0, LRU_CRAWLER))
        {
            lruCrawler(ctx, t, count);
        }
        else if (t.is(0, LRU))
        {
            lru(ctx, t, count);
        }
        else if (t.is(0, SLABS))
        {
            slabs(ctx, t, count);
        }
        else
        {
            return false;
        }
        return true;
    }

    private void reply(final ChannelHandlerContext ctx, final byte[] line)
    {
        if (!noreply)
        {
            connection.out(ctx).writeBytes(line);
        }
    }

    private void lruCrawler(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        if (3 == count && (t.is(1, CRAWL) || t.is(1, METADUMP)))
        {
            if (!tuning.crawlerEnabled)
            {
                reply(ctx, CRAWLER_DISABLED);
                return;
            }
            // -X: memcached asks after the crawler's state and before the classes.
            if (!dumpEnabled && t.is(1, METADUMP))
            {
                reply(ctx, METADUMP_NOT_ALLOWED);
                return;
            }
            final boolean[] classes = classes(t, 2);
            if (null == classes)
            {
                reply(ctx, BAD_CLASS);
            }
            else if (t.is(1, METADUMP))
            {
                MetaDump.start(connection, ctx, classes);
            }
            else
            {
                // The crawler passes over every class without end; a request has nothing more to start.
                reply(ctx, Replies.OK);
            }
        }
        else if (3 == count && (t.is(1, TOCRAWL) || t.is(1, SLEEP)))
        {
            if (!t.parseU32(2))
            {
                reply(ctx, Replies.BAD_FORMAT);
            }
            else if (t.is(1, TOCRAWL))
            {
                tuning.crawlerToCrawl = t.value;
                reply(ctx, Replies.OK);
            }
            else if (t.value > StoreTuning.MAX_CRAWLER_SLEEP)
            {
                reply(ctx, Replies.line("CLIENT_ERROR sleep must be one second or less"));
            }
            else
            {
                tuning.crawlerSleep = t.value;
                reply(ctx, Replies.OK);
            }
        }
        else if (2 == count && t.is(1, ENABLE))
        {
            // As memcached, whose crawler thread is already running.
            reply(ctx, tuning.crawlerEnabled ? Replies.line("ERROR failed to start lru crawler thread") : Replies.OK);
            tuning.crawlerEnabled = true;
        }
        else if (2 == count && t.is(1, DISABLE))
        {
            tuning.crawlerEnabled = false;
            reply(ctx, Replies.OK);
        }
        else
        {
            reply(ctx, Replies.ERROR);
        }
    }

    /**
     * @return the classes named by "all", "hash" or a comma-separated list of class ids (1 to 63), marked by id;
     * null when an id is bad.
     */
    static boolean[] classes(final Tokens t, final int token)
    {
        final boolean[] classes = new boolean[ItemDumps.MAX_CLASS_ID];
        if (t.is(token, ALL) || t.is(token, HASH))
        {
            java.util.Arrays.fill(classes, 1, classes.length, true);
            return classes;
        }
        int from = t.start(token);
        final int end = t.end(token);
        boolean any = false;
        while (from < end)
        {
            int comma = t.buffer().indexOf(from, end, (byte)',');
            comma = comma < 0 ? end : comma;
            // As strtok, which memcached splits the list with: empty items are skipped.
            if (comma > from)
            {
                if (!t.parseU32(from, comma) || t.value < 1 || t.value >= ItemDumps.MAX_CLASS_ID)
                {
                    return null;
                }
                classes[(int)t.value] = true;
                any = true;
            }
            from = comma + 1;
        }
        return any ? classes : null;
    }

    private void lru(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        noreply = t.lastIsNoreply();
        if (count >= 6 && t.is(1, TUNE))
        {
            tune(ctx, t);
        }
        else if (count >= 3 && t.is(1, MODE) && tuning.lruMaintainer)
        {
            final boolean flat = t.is(2, FLAT);
            if (flat || t.is(2, SEGMENTED))
            {
                tuning.lruSegmented = !flat;
            }
            reply(ctx, flat || t.is(2, SEGMENTED) ? Replies.OK : Replies.ERROR);
        }
        else if (count >= 3 && t.is(1, TEMP_TTL) && tuning.lruMaintainer)
        {
            if (!t.parseI32(2))
            {
                reply(ctx, Replies.ERROR);
                return;
            }
            if (t.value >= 0)
            {
                tuning.temporaryTtl = t.value;
            }
            tuning.tempLru = t.value >= 0;
            reply(ctx, Replies.OK);
        }
        else
        {
            reply(ctx, Replies.ERROR);
        }
    }

    private void tune(final ChannelHandlerContext ctx, final Tokens t)
    {
        final double hotFactor = decimal(t, 4);
        final double warmFactor = decimal(t, 5);
        if (!t.parseU32(2))
        {
            reply(ctx, Replies.ERROR);
            return;
        }
        final long hot = t.value;
        if (!t.parseU32(3) || Double.isNaN(hotFactor) || Double.isNaN(warmFactor))
        {
            reply(ctx, Replies.ERROR);
            return;
        }
        final long warm = t.value;
        if (hot + warm > 80)
        {
            reply(ctx, Replies.line("ERROR hot and warm pcts must not exceed 80"));
        }
        else if (warmFactor <= 0 || hotFactor <= 0)
        {
            reply(ctx, Replies.line("ERROR hot/warm age factors must be greater than 0"));
        }
        else
        {
            tuning.hotLruPct = hot;
            tuning.warmLruPct = warm;
            tuning.hotMaxFactor = hotFactor;
            tuning.warmMaxFactor = warmFactor;
            reply(ctx, Replies.OK);
        }
    }

    private void slabs(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        if (4 == count && t.is(1, REASSIGN))
        {
            if (!t.parseI32(2))
            {
                reply(ctx, Replies.BAD_FORMAT);
                return;
            }
            final int source = (int)t.value;
            if (!t.parseI32(3))
            {
                reply(ctx, Replies.BAD_FORMAT);
                return;
            }
            reply(ctx, switch (store.admin().reassign(source, (int)t.value))
            {
                case OK -> Replies.OK;
                case SAME -> SAME;
                case BADCLASS -> BAD_REASSIGN_CLASS;
                case NOSPARE -> NO_SPARE;
            });
        }
        else if (count >= 3 && t.is(1, AUTOMOVE))
        {
            noreply = t.lastIsNoreply();
            if (t.is(2, RATIO))
            {
                final double ratio = count >= 4 ? decimal(t, 3) : Double.NaN;
                if (Double.isNaN(ratio))
                {
                    reply(ctx, Replies.ERROR);
                    return;
                }
                tuning.automoveRatio = ratio;
            }
            else if (!t.parseU32(2))
            {
                reply(ctx, Replies.BAD_FORMAT);
                return;
            }
            else if (t.value > 2)
            {
                reply(ctx, Replies.ERROR);
                return;
            }
            else
            {
                tuning.automove = (int)t.value;
            }
            reply(ctx, Replies.OK);
        }
        else
        {
            reply(ctx, Replies.ERROR);
        }
    }

    private static double decimal(final Tokens t, final int token)
    {
        try
        {
            return Double.parseDouble(t.buffer().toString(
                t.start(token), t.length(token), java.nio.charset.StandardCharsets.US_ASCII));
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }
}
