/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.ServerConfig;
import dev.slabcache.memcached.ServerStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A connection keeps its reply buffer from one read batch to the next: no reply may carry bytes of an earlier one,
 * and a buffer grown past {@link ConnectionHandler#KEPT_REPLY_CAPACITY} is given back without losing a reply.
 */
class ReplyBufferTest
{
    @Test
    void shouldAnswerEveryBatchWithOnlyItsOwnRepliesWhenTheBufferIsKept()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            RawClient client = new RawClient(server.port()))
        {
            for (int i = 0; i < 300; i++)
            {
                final String value = "v" + i;
                assertEquals("STORED\r\n", client.call("set k" + i + " 0 0 " + value.length() + "\r\n" + value +
                    "\r\n", "STORED\r\n"));
                final String hit = "VALUE k" + i + " 0 " + value.length() + "\r\n" + value + "\r\nEND\r\n";
                assertEquals(hit, client.call("get k" + i + "\r\n", hit));
                assertEquals("END\r\n", client.call("get missing" + i + "\r\n", "END\r\n"));
            }
        }
    }

    @Test
    void shouldAnswerSmallRepliesWholeAfterOneLargerThanTheKeptCapacity()
    {
        final int length = ConnectionHandler.KEPT_REPLY_CAPACITY * 3;
        final String large = "x".repeat(length);
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            RawClient client = new RawClient(server.port()))
        {
            assertEquals("STORED\r\n", client.call("set big 0 0 " + length + "\r\n" + large + "\r\n", "STORED\r\n"));
            assertEquals("STORED\r\n", client.call("set small 5 0 1\r\na\r\n", "STORED\r\n"));
            for (int i = 0; i < 3; i++)
            {
                final String bigHit = "VALUE big 0 " + length + "\r\n" + large + "\r\nEND\r\n";
                assertEquals(bigHit, client.call("get big\r\n", bigHit));
                final String smallHit = "VALUE small 5 1\r\na\r\nEND\r\n";
                assertEquals(smallHit, client.call("get small\r\n", smallHit));
            }
        }
    }

    @Test
    void shouldAnswerAPipelinedBatchInOrderAfterAKeptBuffer()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            RawClient client = new RawClient(server.port()))
        {
            assertEquals("STORED\r\n", client.call("set a 0 0 1\r\n1\r\n", "STORED\r\n"));
            final StringBuilder batch = new StringBuilder();
            final StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 100; i++)
            {
                batch.append("get a\r\nset b").append(i).append(" 0 0 1\r\n2\r\n");
                expected.append("VALUE a 0 1\r\n1\r\nEND\r\nSTORED\r\n");
            }
            batch.append("version\r\n");
            expected.append("VERSION ").append(ServerStats.VERSION).append("\r\n");
            assertEquals(expected.toString(), client.call(batch.toString(), expected.toString()));
        }
    }
}
