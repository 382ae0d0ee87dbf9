/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.RawClientFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * mg's win tokens as memcached 1.6.18 gives them: W to the one reader that may recache (of a vivified item, under R
 * of an item expiring before then, of a stale item), Z to every later reader, X for a stale item. Each expected
 * reply is memcached 1.6.18's, read from a real one at the same requests.
 */
class MetaWinTokenTest
{
    @RegisterExtension
    static final RawClientFixture SERVER = new RawClientFixture("-m", "16", "-t", "1");

    @Test
    void shouldGiveZToEveryFetchAfterTheVivifyingOne()
    {
        SERVER.assertReply("mg v1 N30 s v\r\n", "VA 0 s0 W\r\n\r\n");
        SERVER.assertReply("mg v1 N30 s v\r\n", "VA 0 s0 Z\r\n\r\n");
        SERVER.assertReply("mg v1 s v\r\n", "VA 0 s0 Z\r\n\r\n");
    }

    @Test
    void shouldAnswerAQuietVivifyAndThenZ()
    {
        SERVER.assertReply("mg v2 N30 q\r\nmg v2 k\r\n", "HD W\r\nHD kv2 Z\r\n");
    }

    @Test
    void shouldWinUnderROnlyOnceForAnItemExpiringBeforeThen()
    {
        SERVER.assertReply("ms r1 1 T10\r\nx\r\n", "HD\r\n");
        SERVER.assertReply("mg r1 R30 v\r\n", "VA 1 W\r\nx\r\n");
        SERVER.assertReply("mg r1 R30 v\r\n", "VA 1 Z\r\nx\r\n");
        SERVER.assertReply("mg r1 v\r\n", "VA 1 Z\r\nx\r\n");
    }

    @Test
    void shouldNotWinUnderRForAnItemExpiringAfterThenOrNever()
    {
        SERVER.assertReply("ms r2 1 T100\r\nx\r\nms r3 1\r\nx\r\n", "HD\r\nHD\r\n");
        SERVER.assertReply("mg r2 R30 v\r\nmg r3 R30 v\r\nmg r2 R0 v\r\n", "VA 1\r\nx\r\nVA 1\r\nx\r\nVA 1\r\nx\r\n");
        SERVER.assertReply("mg r2 R200 v\r\nmg r2 v\r\n", "VA 1 W\r\nx\r\nVA 1 Z\r\nx\r\n");
    }

    @Test
    void shouldGiveWToTheFirstReaderOfAStaleItemAndZXToTheRest()
    {
        SERVER.assertReply("ms s1 1\r\nx\r\nmd s1 I\r\n", "HD\r\nHD\r\n");
        SERVER.assertReply("mg s1 v\r\n", "VA 1 X W\r\nx\r\n");
        SERVER.assertReply("mg s1 v\r\nmg s1 R30 v\r\n", "VA 1 Z X\r\nx\r\nVA 1 Z X\r\nx\r\n");
    }

    @Test
    void shouldForgetTheTokenWhenTheItemIsStoredAgain()
    {
        SERVER.assertReply("ms s2 1 T100\r\nx\r\nmd s2 I T30\r\n", "HD\r\nHD\r\n");
        SERVER.assertReply("mg s2 v\r\nmg s2 N30 v\r\n", "VA 1 X W\r\nx\r\nVA 1 Z X\r\nx\r\n");
        SERVER.assertReply("ms s2 1 T100\r\ny\r\nmg s2 R200 v\r\nmg s2 v\r\n", "HD\r\nVA 1 W\r\ny\r\nVA 1 Z\r\ny\r\n");
    }
}
