/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Holds the connections open at once to -c: one over the limit is answered "ERROR Too many open connections" and
 * closed, as memcached does, and counted in rejected_connections.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter
{
    private static final byte[] TOO_MANY_CONNECTIONS =
        "ERROR Too many open connections\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerStats stats;
    private final int limit;

    ConnectionLimiter(final ServerStats stats, final int limit)
    {
        this.stats = stats;
        this.limit = limit;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        if (stats.tryOpen(limit))
        {
            ctx.channel().closeFuture().addListener(future -> stats.closed());
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        }
        else
        {
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TOO_MANY_CONNECTIONS))
                .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
