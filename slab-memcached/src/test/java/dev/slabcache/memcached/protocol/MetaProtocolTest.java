/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slabcache.memcached.RawClientFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaProtocolTest
{
    @RegisterExtension
    static final RawClientFixture SERVER = new RawClientFixture("-m", "16", "-t", "1");

    private static void assertReply(final String request, final String expected)
    {
        SERVER.assertReply(request, expected);
    }

    private long cas(final String key)
    {
        final String reply = SERVER.client().send("mg " + key + " c\r\n").readLine();
        final Matcher matcher = Pattern.compile("HD c(\\d+)\r\n").matcher(reply);
        assertTrue(matcher.matches(), reply);
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void shouldSetAndGetWithReturnFlagsInTheOrderAsked()
    {
        assertReply("ms mk 2 T0 F5\r\nhi\r\n", "HD\r\n");
        assertReply("mg mk v f s k O9 t\r\n", "VA 2 f5 s2 kmk O9 t-1\r\nhi\r\n");
        assertReply("mg mk\r\nmg mk q\r\n", "HD\r\nHD\r\n");
        assertReply("mg mk s v\r\n", "VA 2 s2\r\nhi\r\n");
    }

    @Test
    void shouldAnswerMissesAndHideThemUnderQ()
    {
        assertReply("mg nokey v\r\nmg nokey v q\r\nmg nokey k O123 q\r\nmg nokey k O123\r\n",
            "EN\r\nEN knokey O123\r\n");
    }

    @Test
    void shouldReturnTheCasOfAStoreAndCompareIt()
    {
        final String reply = SERVER.client().call("ms c1 1 c\r\na\r\n", "HD c");
        assertEquals("HD c", reply);
        final long cas = Long.parseLong(SERVER.client().readLine().trim());
        assertEquals(cas, cas("c1"));
        assertReply("ms c1 1 C" + (cas + 1) + "\r\nb\r\n", "EX\r\n");
        assertReply("ms nokey 1 C1\r\nb\r\n", "NF\r\n");
        assertReply("ms c1 1 C" + cas + " q\r\nb\r\nmg c1 v\r\n", "VA 1\r\nb\r\n");
    }

    @Test
    void shouldSwitchStoreModes()
    {
        assertReply("ms sm 2\r\nhi\r\nms sm 2 ME\r\nhi\r\nms nosm 2 MR\r\nhi\r\n", "HD\r\nNS\r\nNS\r\n");
        assertReply("ms sm 2 MA\r\n!!\r\nms sm 2 MP\r\n<<\r\nmg sm v\r\n", "HD\r\nHD\r\nVA 6\r\n<<hi!!\r\n");
        assertReply("ms sm 2 MX\r\nhi\r\nmg sm s\r\n", "CLIENT_ERROR invalid mode for ms M token\r\nHD s6\r\n");
    }

    @Test
    void shouldRefuseBadMetaSetsAndSwallowTheirData()
    {
        assertReply("ms bad 2 ZZ\r\nhi\r\n", "CLIENT_ERROR invalid flag\r\n");
        assertReply("ms bad\r\nms bad abc\r\n",
            "CLIENT_ERROR bad command line format\r\nCLIENT_ERROR bad command line format\r\n");
        assertReply("ms bad 2 q q\r\nhi\r\n", "CLIENT_ERROR duplicate flag\r\n");
        assertReply("ms bad 2 q\r\nhiX\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n");
        final String value = "v".repeat(2 * 1024 * 1024);
        assertReply("ms bad " + value.length() + "\r\n" + value + "\r\n",
            "SERVER_ERROR object too large for cache\r\n");
        assertReply("mg\r\nmg " + "k".repeat(251) + " v\r\n", "ERROR\r\nCLIENT_ERROR bad command line format\r\n");
        assertReply("mg k O123456789012345678901234567890123\r\n", "CLIENT_ERROR opaque token too long\r\n");
    }

    @Test
    void shouldDeleteAndInvalidate()
    {
        assertReply("ms st 2\r\nhi\r\nmd st I T30\r\n", "HD\r\nHD\r\n");
        assertReply("mg st v t\r\nmg st v\r\n", "VA 2 t30 X W\r\nhi\r\nVA 2 Z X\r\nhi\r\n");
        assertReply("md st C1\r\nmd st q\r\nmd st O5 k\r\nmd st ZZ\r\n",
            "EX\r\nNF O5 kst\r\nCLIENT_ERROR invalid or duplicate flag\r\n");
    }

    @Test
    void shouldCountWithMetaArithmetic()
    {
        assertReply("ma cnt\r\nma cnt N0 J10\r\nma cnt v\r\n", "NF\r\nHD\r\nVA 2\r\n11\r\n");
        assertReply("ma cnt MD D3 v\r\nma cnt q\r\nma cnt M- D100 v t\r\n", "VA 1\r\n8\r\nVA 1 t-1\r\n0\r\n");
        assertReply("ma cnt MZ\r\nma cnt Dabc\r\n",
            "CLIENT_ERROR invalid mode for ma M token\r\nCLIENT_ERROR invalid or duplicate flag\r\n");
        assertReply("ms txt 3\r\nabc\r\nma txt\r\n",
            "HD\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
    }

    @Test
    void shouldTakeBase64Keys()
    {
        assertReply("ms bWtleQ== 2 b k\r\nhi\r\nmg bWtleQ== b v k\r\nmg mkey v\r\n",
            "HD kbWtleQ== b\r\nVA 2 kbWtleQ== b\r\nhi\r\nVA 2\r\nhi\r\n");
        assertReply("mg !!!! b v\r\n", "CLIENT_ERROR error decoding key\r\n");
    }

    @Test
    void shouldAnswerUnknownMetaCommandsWithError()
    {
        assertReply("mx\r\n", "ERROR\r\n");
    }
}
