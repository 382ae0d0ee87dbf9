/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ItemStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/**
 * Streams one "lru_crawler metadump" to its connection: a batch of {@link #BATCH_ITEMS} items under the store's
 * lock, written, and the next batch once that one is sent, so that a dump of millions of items holds one batch of
 * memory and lets other connections in between. The connection answers nothing else until the dump ends, as
 * memcached's, then goes on with what its client sent meanwhile.
 */
final class MetaDump
{
    /** Items looked at per batch. */
    static final int BATCH_ITEMS = 1000;

    private final ConnectionHandler connection;
    private final ItemStore store;
    private final ChannelHandlerContext ctx;

    private MetaDump(final ConnectionHandler connection, final ChannelHandlerContext ctx)
    {
        this.connection = connection;
        this.store = connection.store;
        this.ctx = ctx;
    }

    /**
     * Starts a dump of the marked classes, or answers "BUSY ..." when one runs.
     *
     * @param classes marked by class id, from 1.
     */
    static void start(final ConnectionHandler connection, final ChannelHandlerContext ctx, final boolean[] classes)
    {
        final boolean[] started = new boolean[1];
        connection.store.admin().dump((dumps, now) -> started[0] = dumps.startMetadump(classes));
        if (!started[0])
        {
            connection.out(ctx).writeBytes(Replies.line("BUSY currently processing crawler request"));
            return;
        }
        connection.hold(ctx, false);
        new MetaDump(connection, ctx).next();
    }

    private void next()
    {
        final ByteBuf batch = ctx.alloc().ioBuffer(64 * 1024);
        final boolean[] more = new boolean[1];
        try
        {
            store.admin().dump((dumps, now) -> more[0] = dumps.metadumpBatch(BATCH_ITEMS, now, batch));
        }
        catch (final IllegalStateException closed)
        {
            // The server is closing with the store: end the reply.
            batch.clear().writeBytes(Replies.END);
        }
        catch (final RuntimeException ex)
        {
            batch.release();
            stop();
            throw ex;
        }
        connection.stats.written(batch.readableBytes());
        ctx.writeAndFlush(batch).addListener((ChannelFuture f) ->
        {
            if (!f.isSuccess())
            {
                stop();
            }
            else if (more[0])
            {
                next();
            }
            else
            {
                connection.resume(ctx);
            }
        });
    }

    private void stop()
    {
        try
        {
            store.admin().dump((dumps, now) -> dumps.stopMetadump());
        }
        catch (final IllegalStateException closed)
        {
            // The store closed with the server: nothing is left to stop.
        }
    }
}
