/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The text commands about the server rather than an item: flush_all, version, verbosity and stats, with
 * memcached's argument rules and replies.
 */
final class AdminCommands
{
    private static final long THIRTY_DAYS = 60 * 60 * 24 * 30;

    private static final byte[] FLUSH_ALL = Replies.ascii("flush_all");
    private static final byte[] VERSION = Replies.ascii("version");
    private static final byte[] VERBOSITY = Replies.ascii("verbosity");
    private static final byte[] STATS = Replies.ascii("stats");
    private static final byte[] RESET = Replies.ascii("reset");
    private static final byte[] SETTINGS = Replies.ascii("settings");
    private static final byte[] SLABS = Replies.ascii("slabs");
    private static final byte[] ITEMS = Replies.ascii("items");
    private static final byte[] CONNS = Replies.ascii("conns");

    private static final byte[] FLUSH_NOT_ALLOWED = Replies.ascii("CLIENT_ERROR flush_all not allowed\r\n");

    private final TextHandler connection;
    private final ItemStore store;
    private final boolean flushEnabled;
    private boolean noreply;

    AdminCommands(final TextHandler connection, final boolean flushEnabled)
    {
        this.flushEnabled = flushEnabled;
        this.connection = connection;
        this.store = connection.store;
    }

    /** @return whether the line was one of these commands (and is answered). */
    boolean execute(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        noreply = false;
        if (t.is(0, FLUSH_ALL))
        {
            flushAll(ctx, t, count);
        }
        else if (t.is(0, VERSION))
        {
            connection.out(ctx).writeBytes(Replies.VERSION);
        }
        else if (t.is(0, VERBOSITY))
        {
            verbosity(ctx, t, count);
        }
        else if (t.is(0, STATS))
        {
            stats(ctx, t, count);
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

    private void flushAll(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        if (count > 3)
        {
            reply(ctx, Replies.ERROR);
            return;
        }
        noreply = t.lastIsNoreply();
        if (!flushEnabled)
        {
            reply(ctx, FLUSH_NOT_ALLOWED);
            return;
        }
        long delay = 0;
        if (count != (noreply ? 2 : 1))
        {
            if (!t.parseI32(1))
            {
                reply(ctx, Replies.BAD_EXPTIME);
                return;
            }
            delay = t.value;
        }
        if (delay > THIRTY_DAYS)
        {
            delay = Math.max(0, delay - System.currentTimeMillis() / 1000);
        }
        store.flushAll(Math.max(0, delay));
        reply(ctx, Replies.OK);
    }

    private void verbosity(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        if (2 != count && 3 != count)
        {
            reply(ctx, Replies.ERROR);
            return;
        }
        noreply = t.lastIsNoreply();
        if (!t.parseU32(1))
        {
            reply(ctx, Replies.BAD_FORMAT);
            return;
        }
        connection.stats.verbosity((int)Math.min(2, t.value));
        reply(ctx, Replies.OK);
    }

    private void stats(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        final ByteBuf out = connection.out(ctx);
        final StatSink sink = (name, value) -> Replies.writeStat(out, name, value);
        if (1 == count)
        {
            connection.stats.general(store, sink);
        }
        else if (t.is(1, RESET))
        {
            connection.stats.reset();
            out.writeBytes(Replies.RESET);
            return;
        }
        else if (t.is(1, SETTINGS))
        {
            connection.stats.settings(store, sink);
        }
        else if (t.is(1, SLABS))
        {
            store.statsSlabs(sink);
        }
        else if (t.is(1, ITEMS))
        {
            store.statsItems(sink);
        }
        else if (t.is(1, CONNS))
        {
            connection.record.reportOpenConnections(sink);
        }
        else
        {
            out.writeBytes(Replies.ERROR);
            return;
        }
        out.writeBytes(Replies.END);
    }
}
