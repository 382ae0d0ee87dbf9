/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.RawClientFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * Keys as memcached 1.6.18 takes them: any byte but the space and NUL, 1 to 250 of them. Each expected reply is
 * memcached 1.6.18's, read from a real one at the same request.
 */
class KeyBytesTest
{
    @RegisterExtension
    static final RawClientFixture SERVER = new RawClientFixture("-m", "16", "-t", "1");

    @Test
    void shouldStoreAndGetKeysHoldingControlCharacters()
    {
        SERVER.assertReply("set a\u0001b 0 0 1\r\nx\r\n", "STORED\r\n");
        SERVER.assertReply("get a\u0001b\r\n", "VALUE a\u0001b 0 1\r\nx\r\nEND\r\n");
        SERVER.assertReply("set \t\u001b\u007f\u00ff 5 0 2\r\nyz\r\n", "STORED\r\n");
        SERVER.assertReply("get \t\u001b\u007f\u00ff a\u0001b\r\n",
            "VALUE \t\u001b\u007f\u00ff 5 2\r\nyz\r\nVALUE a\u0001b 0 1\r\nx\r\nEND\r\n");
        SERVER.assertReply("delete a\u0001b\r\n", "DELETED\r\n");
    }

    @Test
    void shouldTakeACarriageReturnInsideAKey()
    {
        SERVER.assertReply("set c\rr 0 0 1\r\nx\r\n", "STORED\r\n");
        SERVER.assertReply("get c\rr\r\n", "VALUE c\rr 0 1\r\nx\r\nEND\r\n");
    }

    @Test
    void shouldCountAndIncrementKeysHoldingControlCharacters()
    {
        SERVER.assertReply(
            "set n\u0002 0 0 1\r\n7\r\nincr n\u0002 3\r\ntouch n\u0002 0\r\n", "STORED\r\n10\r\nTOUCHED\r\n");
    }

    @Test
    void shouldTakeControlCharactersInMetaKeys()
    {
        SERVER.assertReply("ms m\u0003 1 T0\r\nx\r\n", "HD\r\n");
        SERVER.assertReply("mg m\u0003 v k\r\n", "VA 1 km\u0003\r\nx\r\n");
        SERVER.assertReply("md m\u0003 q\r\nmg m\u0003\r\n", "EN\r\n");
    }

    @Test
    void shouldEndAGetLineAtANulByteAsMemcachedDoes()
    {
        SERVER.assertReply("set a 0 0 1\r\nx\r\n", "STORED\r\n");
        SERVER.assertReply("get a\u0000b\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n");
        SERVER.assertReply("get b\u0000 a\r\n", "END\r\n");
    }

    @Test
    void shouldAnswerErrorToAStorageLineCutShortByANulByteAsMemcachedDoes()
    {
        SERVER.assertReply("set z\u0000b 0 0 1\r\nx\r\nget z\u0000b\r\n", "ERROR\r\nERROR\r\nEND\r\n");
        SERVER.assertReply("get\u0000 a\r\n", "ERROR\r\n");
        SERVER.assertReply("\u0000\r\n", "ERROR\r\n");
    }
}
