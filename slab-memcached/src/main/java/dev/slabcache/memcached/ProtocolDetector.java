/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Picks the protocol of a connection by its first byte, as memcached does: 0x80 (the binary request magic) speaks
 * binary, anything else text; under -B ascii or -B binary every connection speaks that one. Then steps out of the
 * pipeline for good.
 */
final class ProtocolDetector extends ChannelInboundHandlerAdapter
{
    private static final int BINARY_REQUEST_MAGIC = 0x80;

    private final ItemStore store;
    private final ServerStats stats;
    private final ServerConfig config;

    ProtocolDetector(final ItemStore store, final ServerStats stats, final ServerConfig config)
    {
        this.store = store;
        this.stats = stats;
        this.config = config;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof ByteBuf && ((ByteBuf)msg).isReadable())
        {
            final ByteBuf in = (ByteBuf)msg;
            final boolean binary = BindingProtocol.AUTO == config.protocol() ?
                BINARY_REQUEST_MAGIC == in.getUnsignedByte(in.readerIndex()) :
                BindingProtocol.BINARY == config.protocol();
            final ConnectionHandler handler = binary ?
                new BinaryHandler(store, stats, config.flushEnabled()) : new TextHandler(store, stats, config);
            ctx.pipeline().replace(this, binary ? "binary" : "text", handler);
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
