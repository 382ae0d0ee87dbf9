/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Closes a connection that neither read nor wrote for {@code --idle-timeout} seconds, as memcached's
 * {@code -o idle_timeout} does: silently, without a reply, counted in idle_kicks.
 */
final class IdleCloser extends IdleStateHandler
{
    private final ServerStats stats;

    IdleCloser(final long idleTimeoutSeconds, final ServerStats stats)
    {
        super(0, 0, idleTimeoutSeconds, TimeUnit.SECONDS);
        this.stats = stats;
    }

    @Override
    protected void channelIdle(final ChannelHandlerContext ctx, final IdleStateEvent event)
    {
        stats.idleKick();
        ctx.close();
    }
}
