/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;

import dev.slabcache.memcached.ServerConfig;
import dev.slabcache.memcached.ServerStats;
import dev.slabcache.memcached.store.ItemStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A connection that Netty finds no buffer for (direct memory full: "Cannot reserve ... bytes of direct buffer
 * memory") gets memcached's reply to a read it cannot buffer and is closed, before or after its first byte; the
 * error never reaches the client as a reset (issue 17).
 */
class OutOfMemoryReplyTest
{
    private static final OutOfMemoryError NO_DIRECT_MEMORY =
        new OutOfMemoryError("Cannot reserve 65536 bytes of direct buffer memory (allocated: 0, limit: 0)");

    private final ServerConfig config = ServerConfig.parse("-m", "1");

    @Test
    void shouldAnswerAndCloseAConnectionWithNoBufferBeforeItsFirstByte()
    {
        try (ItemStore store = new ItemStore(config.storeSettings(), () -> 1))
        {
            final EmbeddedChannel channel = connection(store);
            channel.pipeline().fireExceptionCaught(NO_DIRECT_MEMORY);

            assertEquals("SERVER_ERROR out of memory reading request\r\n", nextReply(channel));
            assertFalse(channel.isOpen());
        }
    }

    @Test
    void shouldAnswerAndCloseATextConnectionWithNoBufferForItsNextRead()
    {
        try (ItemStore store = new ItemStore(config.storeSettings(), () -> 1))
        {
            final EmbeddedChannel channel = connection(store);
            channel.writeInbound(Unpooled.copiedBuffer("version\r\n", StandardCharsets.US_ASCII));
            assertEquals("VERSION " + ServerStats.VERSION + "\r\n", nextReply(channel));

            channel.pipeline().fireExceptionCaught(NO_DIRECT_MEMORY);

            assertEquals("SERVER_ERROR out of memory reading request\r\n", nextReply(channel));
            assertFalse(channel.isOpen());
        }
    }

    private EmbeddedChannel connection(final ItemStore store)
    {
        return new EmbeddedChannel(new ProtocolDetector(
            store, new ServerStats(config), config.protocolOptions(), new OpenConnections(), null));
    }

    private static String nextReply(final EmbeddedChannel channel)
    {
        final ByteBuf reply = channel.readOutbound();
        try
        {
            return reply.toString(StandardCharsets.US_ASCII);
        }
        finally
        {
            reply.release();
        }
    }
}
