/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Stops the listener accepting when an accept fails (too many open files), as memcached's
 * accept_new_conns(false) does: counted in listen_disabled_num, accepting_conns 0 until a connection closes,
 * checked every 10 ms, and at the latest after a second, so that files held by something else cannot keep it shut.
 * Sits in the listener's pipeline, before Netty's acceptor, which would otherwise pause a second and log a warning.
 */
final class ListenGate extends ChannelInboundHandlerAdapter
{
    private static final long CHECK_MILLIS = 10;
    private static final int MOST_CHECKS = 100;

    private final ServerStats stats;
    private final boolean verbose;
    private long connectionsAtPause;
    private int checks;

    /**
     * @param stats   where the pauses are counted, and the connections open are read.
     * @param verbose whether to say so on stderr, as memcached's -v does.
     */
    ListenGate(final ServerStats stats, final boolean verbose)
    {
        this.stats = stats;
        this.verbose = verbose;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (!(cause instanceof IOException))
        {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (stats.acceptingConnections())
        {
            if (verbose)
            {
                System.err.println("Too many open connections");
            }
            connectionsAtPause = stats.currConnections();
            checks = 0;
            stats.listenDisabled();
            ctx.channel().config().setAutoRead(false);
            schedule(ctx.channel());
        }
    }

    private void schedule(final Channel listener)
    {
        listener.eventLoop().schedule(() -> check(listener), CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check(final Channel listener)
    {
        if (!listener.isOpen())
        {
            return;
        }
        if (stats.currConnections() < connectionsAtPause || ++checks >= MOST_CHECKS)
        {
            stats.listenEnabled();
            listener.config().setAutoRead(true);
        }
        else
        {
            schedule(listener);
        }
    }
}
