/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Stands before a text connection's {@link TextHandler} under -Y until the client authenticates as memcached's
 * ascii authentication has it: a {@code set} whose key, flags and exptime are ignored and whose value is
 * {@code user password}. Every other line is answered {@code CLIENT_ERROR unauthenticated}; a value over 16384
 * bytes {@code CLIENT_ERROR auth token too long} (its line consumed, the value then read as lines); a value not
 * ended by "\r\n" {@code CLIENT_ERROR bad command line termination}; one without a space
 * {@code CLIENT_ERROR bad authentication token format}; wrong credentials {@code CLIENT_ERROR authentication
 * failure}; right ones {@code STORED}, and then this handler leaves, handing what follows to the commands, so that a
 * reload of -Y never ends a session ({@link AuthUsers}: each attempt checks the users in force then). A line
 * shorter than 6 bytes, one over 2048 bytes without its newline, or over 255 tokens closes the connection, as
 * there. auth_cmds counts each check, auth_errors each failed one; credentials are never logged.
 * <p>
 * While the socket does not take the replies, nothing more is decoded or read, so that a client that sends failed
 * attempts without reading holds no more than Netty's write buffer.
 */
final class TextAuthenticator extends ByteToMessageDecoder
{
    static final int MAX_TOKEN_BYTES = 16384;
    static final int MAX_LINE_WITHOUT_NEWLINE = 2048;
    static final int MIN_LINE_BYTES = 6;
    static final int MAX_TOKENS = 255;

    private static final byte[] UNAUTHENTICATED = Replies.line("CLIENT_ERROR unauthenticated");
    private static final byte[] TOO_LONG = Replies.line("CLIENT_ERROR auth token too long");
    private static final byte[] BAD_TERMINATION = Replies.line("CLIENT_ERROR bad command line termination");
    private static final byte[] BAD_FORMAT = Replies.line("CLIENT_ERROR bad authentication token format");
    private static final byte[] FAILURE = Replies.line("CLIENT_ERROR authentication failure");
    private static final byte[] STORED = Replies.line("STORED");

    private final AuthUsers users;
    private final ProtocolStats stats;
    private int valueBytes = -1;
    private boolean paused;

    TextAuthenticator(final AuthUsers users, final ProtocolStats stats)
    {
        this.users = users;
        this.stats = stats;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        if (!ctx.channel().isWritable())
        {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (valueBytes < 0)
        {
            readLine(ctx, in);
        }
        else if (in.readableBytes() >= valueBytes + 2)
        {
            readValue(ctx, in);
        }
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
    {
        if (paused && ctx.channel().isWritable())
        {
            paused = false;
            ctx.channel().config().setAutoRead(true);
            // Decodes what was read before the pause.
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
        }
        super.channelWritabilityChanged(ctx);
    }

    private void readLine(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        if (in.readableBytes() < 3)
        {
            return;
        }
        final int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte)'\n');
        if (newline < 0)
        {
            if (in.readableBytes() > MAX_LINE_WITHOUT_NEWLINE)
            {
                close(ctx, in);
            }
            return;
        }
        int end = newline;
        if (newline - in.readerIndex() < MIN_LINE_BYTES)
        {
            close(ctx, in);
            return;
        }
        if ('\r' == in.getByte(end - 1))
        {
            end--;
        }
        final String[] tokens = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1)
            .trim().split(" +", MAX_TOKENS + 1);
        if (tokens.length > MAX_TOKENS)
        {
            close(ctx, in);
            return;
        }
        in.readerIndex(newline + 1);
        final long size = tokens.length < 5 || !"set".equals(tokens[0]) ? -1 : unsigned32(tokens[4]);
        if (size < 0)
        {
            reply(ctx, UNAUTHENTICATED);
        }
        else if (size > MAX_TOKEN_BYTES)
        {
            reply(ctx, TOO_LONG);
        }
        else
        {
            valueBytes = (int)size;
        }
    }

    private void readValue(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        final int start = in.readerIndex();
        final int length = valueBytes;
        valueBytes = -1;
        in.skipBytes(length + 2);
        if ('\r' != in.getByte(start + length) || '\n' != in.getByte(start + length + 1))
        {
            reply(ctx, BAD_TERMINATION);
            return;
        }
        final int space = in.indexOf(start, start + length, (byte)' ');
        if (space < 0)
        {
            reply(ctx, BAD_FORMAT);
            return;
        }
        final byte[] user = new byte[space - start];
        final byte[] password = new byte[start + length - space - 1];
        in.getBytes(start, user);
        in.getBytes(space + 1, password);
        final boolean authenticated = users.check(user, password);
        stats.authenticated(authenticated);
        if (authenticated)
        {
            reply(ctx, STORED);
            ctx.pipeline().remove(this);
        }
        else
        {
            reply(ctx, FAILURE);
        }
    }

    private static long unsigned32(final String token)
    {
        if (token.isEmpty() || token.length() > 10 || !token.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            return -1;
        }
        final long value = Long.parseLong(token);
        return value > 0xFFFF_FFFFL ? -1 : value;
    }

    private static void reply(final ChannelHandlerContext ctx, final byte[] reply)
    {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply));
    }

    private static void close(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
