/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ArithResult;
import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.ItemView;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The meta arithmetic command "ma": increment or decrement (M I/+/D/-) by D (default 1), create a missing item
 * from J under N, compare C, touch T, and return v, c, t, O and k as memcached 1.6.18 does.
 */
final class MetaArithmetic
{
    private static final byte[] BAD_MA_MODE = Replies.line("CLIENT_ERROR invalid mode for ma M token");

    private final MetaCommands meta;
    private final TextHandler connection;
    private final ItemStore store;
    private final ItemView view;
    private final byte[] key;

    MetaArithmetic(final MetaCommands meta, final TextHandler connection)
    {
        this.meta = meta;
        this.connection = connection;
        this.store = connection.store;
        this.view = connection.view;
        this.key = connection.key;
    }

    void execute(final ChannelHandlerContext ctx, final ByteBuf out, final Tokens t)
    {
        byte[] error = meta.checkFlags(t);
        boolean increment = true;
        if (null == error)
        {
            switch (meta.flags.mode)
            {
                case 0, 'I', '+' -> increment = true;
                case 'D', '-' -> increment = false;
                default -> error = BAD_MA_MODE;
            }
        }
        error = null == error ? meta.readKeyAndCheckOpaque(t, 2) : error;
        if (null != error)
        {
            out.writeBytes(error);
            return;
        }
        final MetaFlags flags = meta.flags;
        final ArithResult result = store.arith(
            key, meta.keyLength, increment, flags.delta, flags.hasCas ? flags.cas : 0, flags.vivify, flags.initial,
            flags.touch, view);
        switch (result)
        {
            case OK -> reply(ctx, out, t);
            case NON_NUMERIC -> out.writeBytes(Replies.NON_NUMERIC);
            case NO_MEMORY -> out.writeBytes(Replies.NO_MEMORY);
            case NOT_FOUND, EXISTS ->
            {
                out.writeBytes(ArithResult.NOT_FOUND == result ? MetaCommands.NF : MetaCommands.EX);
                meta.writeOpaqueAndKey(out, t, 2);
                out.writeBytes(Replies.CRLF);
            }
        }
    }

    private void reply(final ChannelHandlerContext ctx, final ByteBuf out, final Tokens t)
    {
        if (meta.flags.noreply)
        {
            return;
        }
        final ByteBuf number = connection.scratch(ctx);
        Replies.writeUnsigned(number, view.number);
        if (meta.flags.value)
        {
            out.writeBytes(MetaCommands.VA);
            Replies.writeLong(out, number.readableBytes());
        }
        else
        {
            out.writeBytes(MetaCommands.HD);
        }
        for (int i = 2; i < t.count(); i++)
        {
            switch (t.first(i))
            {
                case 'c' ->
                {
                    out.writeByte(' ').writeByte('c');
                    Replies.writeUnsigned(out, view.cas);
                }
                case 't' ->
                    MetaCommands.number(out, 't', 0 == view.expiresAt ? -1 : view.expiresAt - MetaCommands.now());
                case 'O' -> out.writeByte(' ').writeBytes(t.buffer(), t.start(i), t.length(i));
                case 'k' -> meta.writeKey(out);
                default ->
                {
                }
            }
        }
        out.writeBytes(Replies.CRLF);
        if (meta.flags.value)
        {
            out.writeBytes(number).writeBytes(Replies.CRLF);
        }
    }
}
