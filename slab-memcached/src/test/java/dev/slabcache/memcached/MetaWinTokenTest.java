/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * mg's win tokens as memcached 1.6.18 gives them: W to the one reader that may recache (of a vivified item, under R
 * of an item expiring before then, of a stale item), Z to every later reader, X for a stale item. Each expected
 * reply is memcached 1.6.18's, read from a real one at the same requests.
 */
class MetaWinTokenTest
{
    private static MemcachedServer server;
    private RawClient client;

    @BeforeAll
    static void start()
    {
        server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "16", "-t", "1"));
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @BeforeEach
    void connect()
    {
        client = new RawClient(server.port());
    }

    @AfterEach
    void disconnect()
    {
        client.close();
    }

    private void assertReply(final String request, final String expected)
    {
        assertEquals(expected + "MN\r\n", client.call(request + "mn\r\n", expected + "MN\r\n"));
    }

    @Test
    void shouldGiveZToEveryFetchAfterTheVivifyingOne()
    {
        assertReply("mg v1 N30 s v\r\n", "VA 0 s0 W\r\n\r\n");
        assertReply("mg v1 N30 s v\r\n", "VA 0 s0 Z\r\n\r\n");
        assertReply("mg v1 s v\r\n", "VA 0 s0 Z\r\n\r\n");
    }

    @Test
    void shouldAnswerAQuietVivifyAndThenZ()
    {
        assertReply("mg v2 N30 q\r\nmg v2 k\r\n", "HD W\r\nHD kv2 Z\r\n");
    }

    @Test
    void shouldWinUnderROnlyOnceForAnItemExpiringBeforeThen()
    {
        assertReply("ms r1 1 T10\r\nx\r\n", "HD\r\n");
        assertReply("mg r1 R30 v\r\n", "VA 1 W\r\nx\r\n");
        assertReply("mg r1 R30 v\r\n", "VA 1 Z\r\nx\r\n");
        assertReply("mg r1 v\r\n", "VA 1 Z\r\nx\r\n");
    }

    @Test
    void shouldNotWinUnderRForAnItemExpiringAfterThenOrNever()
    {
        assertReply("ms r2 1 T100\r\nx\r\nms r3 1\r\nx\r\n", "HD\r\nHD\r\n");
        assertReply("mg r2 R30 v\r\nmg r3 R30 v\r\nmg r2 R0 v\r\n", "VA 1\r\nx\r\nVA 1\r\nx\r\nVA 1\r\nx\r\n");
        assertReply("mg r2 R200 v\r\nmg r2 v\r\n", "VA 1 W\r\nx\r\nVA 1 Z\r\nx\r\n");
    }

    @Test
    void shouldGiveWToTheFirstReaderOfAStaleItemAndZXToTheRest()
    {
        assertReply("ms s1 1\r\nx\r\nmd s1 I\r\n", "HD\r\nHD\r\n");
        assertReply("mg s1 v\r\n", "VA 1 X W\r\nx\r\n");
        assertReply("mg s1 v\r\nmg s1 R30 v\r\n", "VA 1 Z X\r\nx\r\nVA 1 Z X\r\nx\r\n");
    }

    @Test
    void shouldForgetTheTokenWhenTheItemIsStoredAgain()
    {
        assertReply("ms s2 1 T100\r\nx\r\nmd s2 I T30\r\n", "HD\r\nHD\r\n");
        assertReply("mg s2 v\r\nmg s2 N30 v\r\n", "VA 1 X W\r\nx\r\nVA 1 Z X\r\nx\r\n");
        assertReply("ms s2 1 T100\r\ny\r\nmg s2 R200 v\r\nmg s2 v\r\n", "HD\r\nVA 1 W\r\ny\r\nVA 1 Z\r\ny\r\n");
    }
}
