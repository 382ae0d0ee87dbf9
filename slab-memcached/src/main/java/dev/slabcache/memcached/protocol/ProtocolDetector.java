/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ItemStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Picks the protocol of a connection by its first byte, as memcached does: 0x80 (the binary request magic) speaks
 * binary, anything else text; under -B ascii or -B binary every connection speaks that one. Then steps out of the
 * pipeline for good. A connection admitted under -c is recorded in {@link OpenConnections} here until it closes. One
 * that ends before its first byte (closed, half-closed or reset) is closed at once: with half-closure allowed,
 * nothing else would close it.
 * <p>
 * Public so that the server puts one in each new connection's pipeline.
 */
public final class ProtocolDetector extends ChannelInboundHandlerAdapter
{
    private static final int BINARY_REQUEST_MAGIC = 0x80;

    private final ItemStore store;
    private final ProtocolStats stats;
    private final ProtocolOptions config;
    private final OpenConnections connections;
    private final AuthUsers users;
    private ConnectionRecord record;

    /**
     * @param store       the items.
     * @param stats       the server's counters.
     * @param config      the flags the protocol obeys.
     * @param connections the connections open, for "stats conns".
     * @param users       the users of -Y, who alone may use the text protocol (and the binary one under -S), or
     *                    null.
     */
    public ProtocolDetector(
        final ItemStore store, final ProtocolStats stats, final ProtocolOptions config,
        final OpenConnections connections, final AuthUsers users)
    {
        this.users = users;
        this.store = store;
        this.stats = stats;
        this.config = config;
        this.connections = connections;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        final ConnectionRecord opened = connections.open(ctx.channel(), stats.verbosity() > 1);
        record = opened;
        if (null != opened.log())
        {
            opened.log().opened();
        }
        ctx.channel().closeFuture().addListener(future -> closed(opened));
        ctx.fireChannelActive();
    }

    private void closed(final ConnectionRecord closed)
    {
        connections.close(closed);
        if (null != closed.log())
        {
            closed.log().closed();
        }
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
            if (null != record.log())
            {
                record.log().protocol(binary);
            }
            final ConnectionHandler handler = binary ?
                new BinaryHandler(store, stats, record, config, config.sasl() ? new SaslPlain(users, stats) : null) :
                new TextHandler(store, stats, config, record);
            record.handler(handler);
            if (null != users && !binary)
            {
                // Replaced first: this context hands the bytes on to what replaced it.
                ctx.pipeline().replace(this, "auth", new TextAuthenticator(users, stats));
                ctx.pipeline().addAfter("auth", "text", handler);
            }
            else
            {
                ctx.pipeline().replace(this, binary ? "binary" : "text", handler);
            }
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof ChannelInputShutdownEvent)
        {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ConnectionHandler.closeAfter(ctx, cause);
    }
}
