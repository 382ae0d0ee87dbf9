/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ItemDumps;
import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.PrefixStats;
import dev.slabcache.memcached.store.StatSink;
import dev.slabcache.memcached.store.Watchers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The text commands about the server rather than an item: flush_all, version, verbosity, stats and its
 * subcommands, watch, cache_memlimit and shutdown, with memcached's argument rules and replies; the tuning commands
 * go to {@link TuningCommands}.
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
    private static final byte[] CACHEDUMP_NOT_ALLOWED = Replies.line("CLIENT_ERROR stats cachedump not allowed");
    private static final byte[] WATCH_NOT_ALLOWED = Replies.line("CLIENT_ERROR watch commands not allowed");
    private static final byte[] DETAIL = Replies.ascii("detail");
    private static final byte[] SIZES = Replies.ascii("sizes");
    private static final byte[] SIZES_ENABLE = Replies.ascii("sizes_enable");
    private static final byte[] SIZES_DISABLE = Replies.ascii("sizes_disable");
    private static final byte[] CACHEDUMP = Replies.ascii("cachedump");
    private static final byte[] ON = Replies.ascii("on");
    private static final byte[] OFF = Replies.ascii("off");
    private static final byte[] DUMP = Replies.ascii("dump");
    private static final byte[] WATCH = Replies.ascii("watch");
    private static final byte[] CACHE_MEMLIMIT = Replies.ascii("cache_memlimit");
    private static final byte[] SHUTDOWN = Replies.ascii("shutdown");
    private static final byte[] GRACEFUL = Replies.ascii("graceful");
    private static final byte[] REFRESH_CERTS = Replies.ascii("refresh_certs");
    private static final byte[] TLS_NOT_ENABLED = Replies.line("Error TLS not enabled");
    // memcached's watch kinds; those we make no lines for are accepted and stream nothing.
    private static final byte[][] WATCH_KINDS = {Replies.ascii("fetchers"), Replies.ascii("mutations"),
        Replies.ascii("evictions"), Replies.ascii("rawcmds"), Replies.ascii("sysevents"), Replies.ascii("connevents"),
        Replies.ascii("proxyreqs"), Replies.ascii("proxyevents"), Replies.ascii("proxyuser")};
    private static final int[] WATCH_FLAGS = {Watchers.FETCHERS, Watchers.MUTATIONS, Watchers.EVICTIONS, 0, 0, 0,
        0, 0, 0};

    private final TextHandler connection;
    private final ItemStore store;
    private final TuningCommands tuning;
    private final boolean flushEnabled;
    private final boolean shutdownEnabled;
    private final boolean dumpEnabled;
    private final boolean watchEnabled;
    private boolean noreply;

    AdminCommands(final TextHandler connection, final ProtocolOptions config)
    {
        this.flushEnabled = config.flushEnabled();
        this.connection = connection;
        this.store = connection.store;
        this.tuning = new TuningCommands(connection, config);
        this.shutdownEnabled = config.shutdownEnabled();
        this.dumpEnabled = config.dumpEnabled();
        this.watchEnabled = config.watchEnabled();
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
        else if (t.is(0, WATCH))
        {
            watch(ctx, t, count);
        }
        else if (t.is(0, CACHE_MEMLIMIT))
        {
            cacheMemlimit(ctx, t, count);
        }
        else if (t.is(0, SHUTDOWN))
        {
            shutdown(ctx, t, count);
        }
        else if (t.is(0, REFRESH_CERTS))
        {
            refreshCerts(ctx);
        }
        else
        {
            return tuning.execute(ctx, t, count);
        }
        return true;
    }

    /** memcached's refresh_certs: the certificate and key read again for new connections. */
    private void refreshCerts(final ChannelHandlerContext ctx)
    {
        final CertificateRefresh tls = ctx.channel().attr(CertificateRefresh.KEY).get();
        final String error = null == tls ? null : tls.refresh();
        reply(ctx, null == tls ? TLS_NOT_ENABLED : null == error ? Replies.OK : Replies.line(error));
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
            store.admin().resetStats();
            out.writeBytes(Replies.RESET);
            return;
        }
        else if (t.is(1, SETTINGS))
        {
            connection.stats.settings(store, sink);
        }
        else if (t.is(1, SLABS))
        {
            store.admin().statsSlabs(sink);
        }
        else if (t.is(1, ITEMS))
        {
            store.admin().statsItems(sink);
        }
        else if (t.is(1, CONNS))
        {
            connection.record.reportOpenConnections(sink);
        }
        else if (t.is(1, SIZES))
        {
            store.admin().dump((dumps, now) -> dumps.sizes(sink));
        }
        else if (t.is(1, SIZES_ENABLE) || t.is(1, SIZES_DISABLE))
        {
            // memcached ends these two with no "END".
            final boolean enable = t.is(1, SIZES_ENABLE);
            store.admin().dump((dumps, now) ->
            {
                if (enable)
                {
                    dumps.enableSizes();
                }
                else
                {
                    dumps.disableSizes();
                }
            });
            sink.stat("sizes_status", enable ? "enabled" : "disabled");
            return;
        }
        else if (t.is(1, DETAIL))
        {
            detail(out, t, count);
            return;
        }
        else if (t.is(1, CACHEDUMP))
        {
            cachedump(out, t, count);
            return;
        }
        else
        {
            out.writeBytes(Replies.ERROR);
            return;
        }
        out.writeBytes(Replies.END);
    }

    private void detail(final ByteBuf out, final Tokens t, final int count)
    {
        final PrefixStats prefixes = store.admin().prefixStats();
        if (count >= 3 && t.is(2, ON))
        {
            prefixes.enabled(true);
            out.writeBytes(Replies.OK);
        }
        else if (count >= 3 && t.is(2, OFF))
        {
            prefixes.enabled(false);
            out.writeBytes(Replies.OK);
        }
        else if (count >= 3 && t.is(2, DUMP))
        {
            prefixes.dump(out);
        }
        else
        {
            out.writeBytes(Replies.line("CLIENT_ERROR usage: stats detail on|off|dump"));
        }
    }

    private void cachedump(final ByteBuf out, final Tokens t, final int count)
    {
        // -X refuses before the arguments are read, as memcached does.
        if (!dumpEnabled)
        {
            out.writeBytes(CACHEDUMP_NOT_ALLOWED);
            return;
        }
        if (count < 4)
        {
            out.writeBytes(Replies.line("CLIENT_ERROR bad command line"));
            return;
        }
        if (!t.parseU32(2))
        {
            out.writeBytes(Replies.BAD_FORMAT);
            return;
        }
        final long classId = t.value;
        if (!t.parseU32(3))
        {
            out.writeBytes(Replies.BAD_FORMAT);
            return;
        }
        final long limit = t.value;
        if (classId >= ItemDumps.MAX_CLASS_ID)
        {
            out.writeBytes(Replies.line("CLIENT_ERROR Illegal slab id"));
            return;
        }
        store.admin().dump((dumps, now) -> dumps.cachedump((int)classId, limit, out));
    }

    private void watch(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        noreply = t.lastIsNoreply();
        if (!watchEnabled)
        {
            reply(ctx, WATCH_NOT_ALLOWED);
            return;
        }
        int kinds = 0;
        for (int i = 1; i < count - (noreply ? 1 : 0); i++)
        {
            final int kind = watchKind(t, i);
            if (kind < 0)
            {
                reply(ctx, Replies.ERROR);
                return;
            }
            kinds |= WATCH_FLAGS[kind];
        }
        if (1 == count)
        {
            kinds = Watchers.FETCHERS;
        }
        if (!store.admin().watchers().add(ctx.channel(), kinds))
        {
            reply(ctx, Replies.line("WATCHER_TOO_MANY log watcher limit reached"));
            return;
        }
        reply(ctx, Replies.OK);
        connection.hold(ctx, true);
    }

    private static int watchKind(final Tokens t, final int token)
    {
        for (int k = 0; k < WATCH_KINDS.length; k++)
        {
            if (t.is(token, WATCH_KINDS[k]))
            {
                return k;
            }
        }
        return -1;
    }

    private void cacheMemlimit(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        if (2 != count && 3 != count)
        {
            reply(ctx, Replies.ERROR);
            return;
        }
        noreply = t.lastIsNoreply();
        if (!t.parseU32(1))
        {
            reply(ctx, Replies.ERROR);
        }
        else if (t.value < 8)
        {
            reply(ctx, Replies.line("MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m"));
        }
        else if (t.value > 1_000_000_000)
        {
            reply(ctx, Replies.line("MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes"));
        }
        else
        {
            // The page pool's size is fixed when the store is made, as memcached's preallocated memory (-L) is.
            reply(ctx, Replies.line("MEMLIMIT_ADJUST_FAILED out of bounds or unable to adjust"));
        }
    }

    private void shutdown(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        if (!shutdownEnabled)
        {
            connection.out(ctx).writeBytes(Replies.line("ERROR: shutdown not enabled"));
        }
        else if (1 == count || (2 == count && t.is(1, GRACEFUL)))
        {
            // As memcached: no reply; closing the listening channel tells the server's owner to stop.
            connection.closeAfterReplies(ctx);
            ctx.channel().parent().close();
        }
        else
        {
            connection.out(ctx).writeBytes(Replies.line("CLIENT_ERROR invalid shutdown mode"));
        }
    }
}
