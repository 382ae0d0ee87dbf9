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
 * {@code -o idle_timeout} does: silently, without a reply.
 */
final class IdleCloser extends IdleStateHandler
{
    IdleCloser(final long idleTimeoutSeconds)
    {
        super(0, 0, idleTimeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    protected void channelIdle(final ChannelHandlerContext ctx, final IdleStateEvent event)
    {
        ctx.close();
    }
}
