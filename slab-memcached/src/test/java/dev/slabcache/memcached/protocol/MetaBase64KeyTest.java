/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.RawClientFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * Meta commands with base64 keys ("b") as memcached 1.6.18 answers them: its lenient decoder, its errors per
 * command, and "k" shown base64 for an item stored by ms with "b" (whatever the fetch asks), for the request's key
 * otherwise. Each expected reply is memcached 1.6.18's, read from a real one at the same requests.
 */
class MetaBase64KeyTest
{
    @RegisterExtension
    static final RawClientFixture SERVER = new RawClientFixture("-m", "16", "-t", "1");

    @Test
    void shouldShowTheKeyOfAnItemStoredWithBAsBase64WhateverTheFetchAsks()
    {
        SERVER.assertReply("ms Zm9v 1 b k\r\nx\r\n", "HD kZm9v b\r\n");
        SERVER.assertReply("mg Zm9v b k v\r\n", "VA 1 kZm9v b\r\nx\r\n");
        SERVER.assertReply("mg foo k v\r\n", "VA 1 kZm9v b\r\nx\r\n");
        SERVER.assertReply("mg Zm9v k v\r\n", "EN kZm9v\r\n");
    }

    @Test
    void shouldShowTheKeyOfAnItemStoredWithoutBAsItIs()
    {
        SERVER.assertReply("set bar 0 0 1\r\ny\r\n", "STORED\r\n");
        SERVER.assertReply("mg YmFy b k v\r\nmg YmFy b k O123 q\r\n", "VA 1 kbar\r\ny\r\nHD kbar O123\r\n");
        SERVER.assertReply("mg YmF6 b k O1\r\n", "EN kYmF6 b O1\r\n");
    }

    @Test
    void shouldDecodeAsMemcachedsLenientDecoder()
    {
        SERVER.assertReply("ms YWJj 1 b\r\nx\r\n", "HD\r\n");
        SERVER.assertReply("mg YWJj! b k\r\n", "HD kYWJj b\r\n");
        SERVER.assertReply("mg Zm8= b k\r\nmg Zg== b k\r\n", "EN kZm8= b\r\nEN kZg== b\r\n");
        SERVER.assertReply("mg Zg==Zm9v b k\r\nmg Z=g= b k\r\n", "EN kZg== b\r\nEN kZA== b\r\n");
        final String error = "CLIENT_ERROR error decoding key\r\n";
        SERVER.assertReply("mg ===== b\r\nmg Zm9 b\r\nmg Zm9v= b\r\nmg Z=== b k\r\n", error + error + error + error);
    }

    @Test
    void shouldAnswerEachCommandsErrorForABadKey()
    {
        SERVER.assertReply("md Zm9 b\r\nma Zm9 b\r\n",
            "CLIENT_ERROR invalid or duplicate flag\r\nCLIENT_ERROR invalid or duplicate flag\r\n");
        SERVER.assertReply("ms Zm9 1 b\r\nx\r\n", "CLIENT_ERROR error decoding key\r\n");
        SERVER.assertReply("mg Zm9v b Nx\r\nms Zm9 2 Fx b\r\nxx\r\n",
            "CLIENT_ERROR bad token in command line format\r\nCLIENT_ERROR error decoding key\r\n");
    }

    @Test
    void shouldShowTheRequestsKeyForDeleteAndArithmetic()
    {
        SERVER.assertReply("md YmF6 b k\r\nma YmF6 b k\r\n", "NF kYmF6 b\r\nNF kYmF6 b\r\n");
        SERVER.assertReply("ma YmF6 b N0 J5 k v\r\n", "VA 1 kYmF6 b\r\n5\r\n");
        SERVER.assertReply("mg YmF6 b k v\r\nmg baz k v\r\n", "VA 1 kbaz\r\n5\r\nVA 1 kbaz\r\n5\r\n");
        SERVER.assertReply("md YmF6 b k O9\r\n", "HD kYmF6 b O9\r\n");
    }

    @Test
    void shouldDropTheBase64MarkOfAnAppendedItem()
    {
        SERVER.assertReply("ms cXV4 1 b MA k\r\nz\r\n", "NS kcXV4 b\r\n");
        SERVER.assertReply("ms cXV4 1 b k\r\nq\r\nms cXV4 1 b MA k\r\nz\r\n", "HD kcXV4 b\r\nHD kcXV4 b\r\n");
        SERVER.assertReply("mg qux k v\r\n", "VA 2 kqux\r\nqz\r\n");
    }

    @Test
    void shouldKeepBinaryKeyBytes()
    {
        SERVER.assertReply("ms AAEC 1 b k\r\nx\r\n", "HD kAAEC b\r\n");
        SERVER.assertReply("get \u0000\u0001\u0002\r\n", "ERROR\r\n");
        SERVER.assertReply("mg AAEC b k v\r\n", "VA 1 kAAEC b\r\nx\r\n");
    }
}
