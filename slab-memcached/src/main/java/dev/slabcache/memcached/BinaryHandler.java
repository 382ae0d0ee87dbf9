/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

final class BinaryHandler extends ConnectionHandler
{
    BinaryHandler(final ItemStore store, final ServerStats stats)
    {
        super(store, stats);
    }

    @Override
    boolean decodeOne(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        return false;
    }
}
