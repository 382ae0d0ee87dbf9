/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.ItemView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * What every protocol of one connection shares: the bytes read and not yet decoded, one reply buffer written once
 * per read batch and kept for the next, backpressure (no decoding and no reading while the channel is not
 * writable), a half-closed input (finish the replies, then close), the state "stats conns" shows and, with -vv, the
 * log of each reply.
 */
abstract class ConnectionHandler extends ChannelInboundHandlerAdapter
{
    /** Replies larger than this are written before the batch ends, so that backpressure can see them. */
    static final int WRITE_THRESHOLD = 64 * 1024;

    /** A reply buffer that grew larger than this is given back after its write, not kept for the next batch. */
    static final int KEPT_REPLY_CAPACITY = 8 * 1024;

    final ItemStore store;
    final ProtocolStats stats;
    final ConnectionRecord record;
    final ConnectionLog log;
    final ItemView view = new ItemView();
    final byte[] key = new byte[Tokens.KEY_MAX_LENGTH];

    private ByteBuf input;
    private ByteBuf out;
    private ByteBuf scratch;
    private boolean closing;
    private boolean paused;
    private boolean inputShut;
    private int loggedTo;
    private boolean held;
    private boolean discarding;

    ConnectionHandler(final ItemStore store, final ProtocolStats stats, final ConnectionRecord record)
    {
        this.store = store;
        this.stats = stats;
        this.record = record;
        this.log = record.log();
    }

    /**
     * Decodes and answers at most one request from the front of {@code in}.
     *
     * @return whether it consumed bytes; false when the request is not all there yet.
     */
    abstract boolean decodeOne(ChannelHandlerContext ctx, ByteBuf in);

    /**
     * Logs the replies written to the reply buffer between two indexes; called only with a -vv log.
     *
     * @param out  the reply buffer.
     * @param from the first byte not logged yet.
     * @param to   the end of the replies.
     */
    abstract void logReplies(ByteBuf out, int from, int to);

    /** @return memcached's name of the state of the input: conn_read, conn_nread or conn_swallow. */
    abstract String inputStateName();

    /** @return memcached's name of this connection's state, for "stats conns". */
    final String stateName()
    {
        if (closing)
        {
            return "conn_closing";
        }
        return paused ? "conn_mwrite" : inputStateName();
    }

    /** @return the reply buffer of this batch. */
    final ByteBuf out(final ChannelHandlerContext ctx)
    {
        if (null == out)
        {
            out = ctx.alloc().ioBuffer(256);
            loggedTo = 0;
        }
        return out;
    }

    /** @return an empty buffer of this connection that a value is read into before its header is written. */
    final ByteBuf scratch(final ChannelHandlerContext ctx)
    {
        if (null == scratch)
        {
            scratch = ctx.alloc().ioBuffer(1024);
        }
        return scratch.clear();
    }

    /** Stops decoding, sends what was answered, then closes. */
    final void closeAfterReplies(final ChannelHandlerContext ctx)
    {
        closing = true;
        flush(ctx);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    final boolean isClosing()
    {
        return closing;
    }

    /**
     * Sends what was answered and stops decoding until {@link #resume}, while a reply streams on its own (a
     * metadump); with {@code discardInput}, for good, reading and dropping what the client sends (a watch).
     */
    final void hold(final ChannelHandlerContext ctx, final boolean discardInput)
    {
        flush(ctx);
        held = true;
        discarding = discardInput;
    }

    /** Decodes again after {@link #hold}: the requests that came meanwhile are answered in order. */
    final void resume(final ChannelHandlerContext ctx)
    {
        held = false;
        decode(ctx);
        flush(ctx);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof ByteBuf))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        final ByteBuf in = (ByteBuf)msg;
        if (closing || discarding)
        {
            in.release();
            return;
        }
        stats.read(in.readableBytes());
        // The store's clock, read without a system call; "stats conns" shows whole seconds of it.
        record.commandRead(store.unixSeconds() * 1000);
        input = null == input ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), input, in);
        decode(ctx);
    }

    private void decode(final ChannelHandlerContext ctx)
    {
        while (!closing && !held && null != input && input.isReadable())
        {
            if (null != out && out.readableBytes() >= WRITE_THRESHOLD)
            {
                flush(ctx);
            }
            if (!ctx.channel().isWritable())
            {
                paused = true;
                autoRead(ctx, false);
                break;
            }
            if (!decodeOne(ctx, input))
            {
                break;
            }
            if (null != log)
            {
                logPendingReplies();
            }
        }
        if (null != input)
        {
            if (!input.isReadable() || closing)
            {
                input.release();
                input = null;
            }
            else
            {
                input.discardSomeReadBytes();
            }
        }
        if (inputShut && !paused && !closing && !held)
        {
            closeAfterReplies(ctx);
        }
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        flush(ctx);
    }

    final void flush(final ChannelHandlerContext ctx)
    {
        if (null != out)
        {
            if (null != log)
            {
                logPendingReplies();
            }
            if (out.isReadable())
            {
                final ByteBuf reply = out;
                out = null;
                stats.written(reply.readableBytes());
                ctx.writeAndFlush(reply.retain(), ctx.voidPromise());
                keepOrRelease(reply);
            }
        }
    }

    /**
     * Keeps the reply buffer for the next batch when its write is done, which an event loop's flush to a writable
     * socket usually is: the write then holds no reference. A write still queued, a grown buffer, or one replaced
     * while the write ran (its end can make the channel writable, which decodes more) is let go.
     */
    private void keepOrRelease(final ByteBuf reply)
    {
        if (null == out && 1 == reply.refCnt() && reply.capacity() <= KEPT_REPLY_CAPACITY)
        {
            out = reply.clear();
            loggedTo = 0;
        }
        else
        {
            reply.release();
        }
    }

    private void logPendingReplies()
    {
        if (null != out && out.writerIndex() > loggedTo)
        {
            logReplies(out, loggedTo, out.writerIndex());
            loggedTo = out.writerIndex();
        }
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isWritable())
        {
            autoRead(ctx, true);
            if (paused)
            {
                paused = false;
                decode(ctx);
                flush(ctx);
            }
        }
        else
        {
            autoRead(ctx, false);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Turns reading on or off for backpressure, unless the input is shut: there is nothing left to read then, and
     * Netty 4.2.18's epoll transport may have taken the socket out of epoll once its interest set went empty, so a
     * change of interest fails (epoll_ctl: ENOENT) and closes the connection before its waiting replies are
     * written (see MemcachedServer's write spin count). The channel knows its input is shut before this handler's
     * event arrives.
     */
    private void autoRead(final ChannelHandlerContext ctx, final boolean on)
    {
        final boolean inputOpen = !inputShut &&
            !(ctx.channel() instanceof DuplexChannel && ((DuplexChannel)ctx.channel()).isInputShutdown());
        if (inputOpen)
        {
            ctx.channel().config().setAutoRead(on);
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof ChannelInputShutdownEvent)
        {
            inputShut = true;
            if (!paused && !closing && (!held || discarding))
            {
                closeAfterReplies(ctx);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        if (null != input)
        {
            input.release();
            input = null;
        }
        if (null != out)
        {
            out.release();
            out = null;
        }
        if (null != scratch)
        {
            scratch.release();
            scratch = null;
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        closeAfter(ctx, cause);
    }

    private static boolean isTlsFailure(final Throwable cause)
    {
        return cause instanceof io.netty.handler.ssl.NotSslRecordException ||
            cause instanceof io.netty.handler.codec.DecoderException &&
            cause.getCause() instanceof javax.net.ssl.SSLException;
    }

    /**
     * Ends a connection after an error. One that Netty found no buffer for (its direct memory full) is told so in
     * memcached's words first, as memcached answers a read it cannot buffer, rather than reset; an I/O error (the
     * client gone) closes quietly, and so does a failed TLS record; anything else is logged.
     */
    static void closeAfter(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof OutOfMemoryError)
        {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(Replies.NO_MEMORY_READING))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (isTlsFailure(cause))
        {
            // Counted in ssl_handshake_errors; a client that speaks no TLS is no server fault worth a trace.
            ctx.close();
            return;
        }
        if (!(cause instanceof java.io.IOException))
        {
            System.err.println("slab-memcached: closing " + ctx.channel().remoteAddress() + " after " + cause);
            cause.printStackTrace();
        }
        ctx.close();
    }
}
