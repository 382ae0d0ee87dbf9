/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ItemStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The text protocol of one connection: finds each command line, bounds it, waits for a storage command's data
 * block, swallows the data of a refused one, and hands each line to {@link TextCommands} or {@link MetaCommands}.
 */
final class TextHandler extends ConnectionHandler
{
    /** memcached's limit on a line that has no newline yet; only a get or gets may be longer. */
    static final int MAX_LINE_LENGTH = 2048;

    /** How far a multi-get line may go, since memcached lets one grow without end and this server does not. */
    static final int MAX_GET_LINE_LENGTH = 1024 * 1024;

    private static final int NO_DATA = -1;

    final Tokens tokens = new Tokens();
    private final TextCommands commands;
    private final MetaCommands meta;
    private long swallow;
    private int dataLength = NO_DATA;
    private boolean dataForMeta;

    TextHandler(
        final ItemStore store, final ProtocolStats stats, final ProtocolOptions config, final ConnectionRecord record)
    {
        super(store, stats, record);
        this.commands = new TextCommands(this, config);
        this.meta = new MetaCommands(this);
    }

    @Override
    boolean decodeOne(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        if (swallow > 0)
        {
            final int skipped = (int)Math.min(swallow, in.readableBytes());
            in.skipBytes(skipped);
            swallow -= skipped;
            return true;
        }
        if (NO_DATA != dataLength)
        {
            return readData(ctx, in);
        }
        final int from = in.readerIndex();
        final int to = in.writerIndex();
        final int eol = in.indexOf(from, to, (byte)'\n');
        if (eol < 0)
        {
            if (to - from > MAX_LINE_LENGTH && !mayGrow(in, from, to))
            {
                out(ctx).writeBytes(Replies.LINE_TOO_LONG);
                closeAfterReplies(ctx);
                return true;
            }
            return false;
        }
        int end = eol;
        if (end > from && '\r' == in.getByte(end - 1))
        {
            end--;
        }
        in.readerIndex(eol + 1);
        if (null != log)
        {
            log.command(in, from, end);
        }
        dispatch(ctx, in, from, end);
        return true;
    }

    @Override
    void logReplies(final ByteBuf out, final int from, final int to)
    {
        log.textReplies(out, from, to);
    }

    @Override
    String inputStateName()
    {
        if (swallow > 0)
        {
            return "conn_swallow";
        }
        return NO_DATA == dataLength ? "conn_read" : "conn_nread";
    }

    private static boolean mayGrow(final ByteBuf in, final int from, final int to)
    {
        if (to - from > MAX_GET_LINE_LENGTH)
        {
            return false;
        }
        int i = from;
        while (i < to && ' ' == in.getByte(i))
        {
            i++;
        }
        if (i - from > 100 || to - i < 5 || 'g' != in.getByte(i) || 'e' != in.getByte(i + 1) ||
            't' != in.getByte(i + 2))
        {
            return false;
        }
        return ' ' == in.getByte(i + 3) || ('s' == in.getByte(i + 3) && ' ' == in.getByte(i + 4));
    }

    private boolean readData(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        final int length = dataLength;
        if (in.readableBytes() < (long)length + 2)
        {
            return false;
        }
        final int index = in.readerIndex();
        in.skipBytes(length + 2);
        dataLength = NO_DATA;
        final boolean wellEnded = '\r' == in.getByte(index + length) && '\n' == in.getByte(index + length + 1);
        if (dataForMeta)
        {
            meta.completeSet(ctx, in, index, length, wellEnded);
        }
        else
        {
            commands.completeStore(ctx, in, index, length, wellEnded);
        }
        return true;
    }

    /** Waits for a data block of {@code length} bytes and "\r\n", then completes the storage command. */
    void expectData(final int length, final boolean forMeta)
    {
        dataLength = length;
        dataForMeta = forMeta;
    }

    /** Skips the next {@code bytes} bytes of input, the data of a refused storage command. */
    void swallow(final long bytes)
    {
        swallow = bytes;
    }

    private void dispatch(final ChannelHandlerContext ctx, final ByteBuf in, final int from, final int end)
    {
        final int count = tokens.split(in, from, end);
        if (count < 1 || tokens.length(0) < 2)
        {
            out(ctx).writeBytes(Replies.ERROR);
            return;
        }
        if (2 == tokens.length(0) && 'm' == in.getByte(tokens.start(0)))
        {
            stats.metaCommand();
            meta.execute(ctx, tokens);
            return;
        }
        if (tokens.is(0, QUIT))
        {
            closeAfterReplies(ctx);
            return;
        }
        commands.execute(ctx, tokens);
    }

    private static final byte[] QUIT = Replies.ascii("quit");
}
