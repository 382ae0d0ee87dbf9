/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

final class MetaCommands
{
    MetaCommands(final TextHandler connection)
    {
    }

    void execute(final ChannelHandlerContext ctx, final Tokens t)
    {
    }

    void completeSet(
        final ChannelHandlerContext ctx, final ByteBuf in, final int index, final int length, final boolean wellEnded)
    {
    }
}
