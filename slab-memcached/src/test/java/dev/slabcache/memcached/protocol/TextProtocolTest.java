/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.RawClientFixture;
import dev.slabcache.memcached.ServerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextProtocolTest
{
    @RegisterExtension
    static final RawClientFixture SERVER = new RawClientFixture("-m", "16", "-t", "2");

    private static void assertReply(final String request, final String expected)
    {
        SERVER.assertReply(request, expected);
    }

    private long casOf(final String key)
    {
        final String reply = SERVER.client().send("gets " + key + "\r\n").readUntil("END\r\n");
        final Matcher matcher = Pattern.compile("VALUE \\S+ \\d+ \\d+ (\\d+)\r\n").matcher(reply);
        assertTrue(matcher.find(), reply);
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void shouldSetAndGetWithFlags()
    {
        assertReply("set t1 42 0 5\r\nhello\r\n", "STORED\r\n");
        assertReply("get t1\r\n", "VALUE t1 42 5\r\nhello\r\nEND\r\n");
        assertReply("set t1 4294967295 0 0\r\n\r\n", "STORED\r\n");
        assertReply("get t1\r\n", "VALUE t1 4294967295 0\r\n\r\nEND\r\n");
    }

    @Test
    void shouldGetManyKeysInOrderSkippingMisses()
    {
        assertReply("set m1 1 0 1\r\na\r\nset m2 2 0 2\r\nbb\r\n", "STORED\r\nSTORED\r\n");
        assertReply("get m2 nokey m1 m2\r\n",
            "VALUE m2 2 2\r\nbb\r\nVALUE m1 1 1\r\na\r\nVALUE m2 2 2\r\nbb\r\nEND\r\n");
    }

    @Test
    void shouldGetMoreKeysThanTheTokenLimit()
    {
        final StringBuilder request = new StringBuilder("get");
        final StringBuilder expected = new StringBuilder();
        assertReply("set many 0 0 1\r\nx\r\n", "STORED\r\n");
        for (int i = 0; i < 300; i++)
        {
            request.append(" many");
            expected.append("VALUE many 0 1\r\nx\r\n");
        }
        assertReply(request + "\r\n", expected + "END\r\n");
    }

    @Test
    void shouldCompareAndSwapWithTheCasOfGets()
    {
        assertReply("set c1 0 0 1\r\na\r\n", "STORED\r\n");
        final long cas = casOf("c1");
        assertReply("cas c1 0 0 1 " + (cas + 1) + "\r\nb\r\n", "EXISTS\r\n");
        assertReply("cas c1 0 0 1 " + cas + "\r\nb\r\n", "STORED\r\n");
        assertReply("cas c1 0 0 1 " + cas + "\r\nc\r\n", "EXISTS\r\n");
        assertReply("cas nokey 0 0 1 1\r\nb\r\n", "NOT_FOUND\r\n");
        assertReply("get c1\r\n", "VALUE c1 0 1\r\nb\r\nEND\r\n");
    }

    @Test
    void shouldAddReplaceAppendAndPrepend()
    {
        assertReply("add a1 3 0 1\r\nx\r\nadd a1 0 0 1\r\ny\r\n", "STORED\r\nNOT_STORED\r\n");
        assertReply("replace nokey 0 0 1\r\ny\r\nreplace a1 5 0 1\r\ny\r\n", "NOT_STORED\r\nSTORED\r\n");
        assertReply("append a1 0 0 2\r\nzz\r\nprepend a1 0 0 2\r\naa\r\n", "STORED\r\nSTORED\r\n");
        assertReply("append nokey 0 0 1\r\nz\r\n", "NOT_STORED\r\n");
        assertReply("get a1\r\n", "VALUE a1 5 5\r\naayzz\r\nEND\r\n");
    }

    @Test
    void shouldDeleteWithMemcachedsArgumentRules()
    {
        assertReply("set d1 0 0 1\r\nx\r\n", "STORED\r\n");
        assertReply("delete d1\r\ndelete d1\r\n", "DELETED\r\nNOT_FOUND\r\n");
        assertReply("delete d1 0\r\n", "NOT_FOUND\r\n");
        assertReply("delete d1 5\r\n", "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n");
        assertReply("delete d1 0 noreply\r\ndelete d1 noreply\r\n", "");
        assertReply("delete\r\n", "ERROR\r\n");
    }

    @Test
    void shouldIncrementAndDecrementAs64BitUnsigned()
    {
        assertReply("set n1 0 0 2\r\n10\r\n", "STORED\r\n");
        assertReply("incr n1 5\r\ndecr n1 100\r\n", "15\r\n0\r\n");
        assertReply("incr n1 18446744073709551615\r\nincr n1 2\r\n", "18446744073709551615\r\n1\r\n");
        assertReply("incr n1 -1\r\nincr n1 x\r\n",
            "CLIENT_ERROR invalid numeric delta argument\r\nCLIENT_ERROR invalid numeric delta argument\r\n");
        assertReply("incr nokey 1\r\ndecr nokey 1\r\n", "NOT_FOUND\r\nNOT_FOUND\r\n");
        assertReply("set n2 0 0 3\r\nabc\r\nincr n2 1\r\n",
            "STORED\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
        // As memcached does, a shorter number is written over the longer one and padded with spaces.
        assertReply("incr n1 1 noreply\r\nget n1\r\n", "VALUE n1 0 20\r\n2" + " ".repeat(19) + "\r\nEND\r\n");
    }

    @Test
    void shouldTouchAndGetAndTouch()
    {
        assertReply("set g1 7 0 1\r\nx\r\n", "STORED\r\n");
        assertReply("touch g1 100\r\ntouch nokey 100\r\ntouch g1 x\r\n",
            "TOUCHED\r\nNOT_FOUND\r\nCLIENT_ERROR invalid exptime argument\r\n");
        assertReply("gat 100 g1 nokey\r\n", "VALUE g1 7 1\r\nx\r\nEND\r\n");
        assertReply("gat x g1\r\ngat 10\r\n", "CLIENT_ERROR invalid exptime argument\r\nEND\r\n");
        final long cas = casOf("g1");
        assertReply("gats 0 g1\r\n", "VALUE g1 7 1 " + cas + "\r\nx\r\nEND\r\n");
        assertReply("touch g1 -1\r\nget g1\r\n", "TOUCHED\r\nEND\r\n");
    }

    @Test
    void shouldExpireANegativeExptimeAtOnce()
    {
        assertReply("set e1 0 -1 1\r\nx\r\nget e1\r\n", "STORED\r\nEND\r\n");
    }

    @Test
    void shouldAnswerNothingUnderNoreply()
    {
        assertReply("set q1 0 0 1 noreply\r\nx\r\nadd q1 0 0 1 noreply\r\ny\r\nreplace q1 0 0 1 noreply\r\nz\r\n" +
            "append q1 0 0 1 noreply\r\na\r\nprepend q1 0 0 1 noreply\r\np\r\ncas q1 0 0 1 1 noreply\r\nc\r\n" +
            "touch q1 0 noreply\r\nverbosity 1 noreply\r\nset q1 0 0 1 noreply\r\nxyz\r\n", "ERROR\r\n");
        assertReply("get q1\r\n", "VALUE q1 0 3\r\npza\r\nEND\r\n");
    }

    @Test
    void shouldAnswerSimpleCommands()
    {
        assertReply("version\r\n", "VERSION " + ServerStats.VERSION + "\r\n");
        assertReply("verbosity 1\r\nverbosity\r\nverbosity x\r\n",
            "OK\r\nERROR\r\nCLIENT_ERROR bad command line format\r\n");
        assertReply("flush_all\r\nflush_all 0\r\nflush_all noreply\r\nflush_all x\r\nflush_all 1 2 3\r\n",
            "OK\r\nOK\r\nCLIENT_ERROR invalid exptime argument\r\nERROR\r\n");
    }

    @Test
    void shouldAnswerErrorToUnknownAndEmptyCommands()
    {
        assertReply("bogus\r\n\r\nx\r\nGET a\r\nget\r\nset a 0 0\r\n", "ERROR\r\n".repeat(6));
    }

    @Test
    void shouldReportStats()
    {
        final String stats = SERVER.client().send("stats\r\n").readUntil("END\r\n");
        for (final String name : new String[]{ "pid", "uptime", "time", "version", "pointer_size", "rusage_user",
            "rusage_system", "curr_connections", "total_connections", "rejected_connections",
            "connection_structures", "bytes_read", "bytes_written", "threads", "limit_maxbytes", "cmd_get",
            "get_hits", "curr_items" })
        {
            assertTrue(stats.contains("STAT " + name + " "), name + " in " + stats);
        }
        assertTrue(stats.contains("STAT threads 2\r\n"), stats);
        final String settings = SERVER.client().send("stats settings\r\n").readUntil("END\r\n");
        assertTrue(settings.contains("STAT maxconns 1024\r\n"), settings);
        assertTrue(settings.startsWith("STAT "), settings);
        assertTrue(SERVER.client().send("stats slabs\r\n").readUntil("END\r\n").endsWith("END\r\n"));
        assertTrue(SERVER.client().send("stats items\r\n").readUntil("END\r\n").endsWith("END\r\n"));
        assertReply("stats reset\r\nstats nonsense\r\n", "RESET\r\nERROR\r\n");
    }

    @Test
    void shouldRefuseBadKeys()
    {
        final String longKey = "k".repeat(251);
        assertReply("set " + longKey + " 0 0 1\r\nx\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n");
        assertReply("get " + longKey + "\r\n", "CLIENT_ERROR bad command line format\r\n");
        assertReply("get ok " + longKey + "\r\n", "CLIENT_ERROR bad command line format\r\n");
        assertReply("get " + "k".repeat(250) + "\r\n", "END\r\n");
        assertReply("set k 0 0 -1\r\nset k x 0 1\r\n", "CLIENT_ERROR bad command line format\r\n" +
            "CLIENT_ERROR bad command line format\r\n");
    }

    @Test
    void shouldAnswerBadDataChunkAndParseOnAfterIt()
    {
        assertReply("set b1 0 0 3\r\nabcde\r\nget b1\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\nEND\r\n");
    }

    @Test
    void shouldRefuseATooLargeValueAndSwallowItsData()
    {
        assertReply("set big 0 0 1\r\nx\r\n", "STORED\r\n");
        final String value = "v".repeat(2 * 1024 * 1024);
        assertReply("set big 0 0 " + value.length() + "\r\n" + value + "\r\nget big\r\n",
            "SERVER_ERROR object too large for cache\r\nEND\r\n");
    }

    @Test
    void shouldServeRequestsSplitIntoSingleBytes()
    {
        SERVER.client().trickle("set s1 0 0 5\r\nhello\r\nget s1\r\nincr nokey 1\r\n");
        assertEquals("STORED\r\nVALUE s1 0 5\r\nhello\r\nEND\r\nNOT_FOUND\r\n",
            SERVER.client().readText("STORED\r\nVALUE s1 0 5\r\nhello\r\nEND\r\nNOT_FOUND\r\n".length()));
    }

    @Test
    void shouldServePipelinedRequests()
    {
        final StringBuilder request = new StringBuilder();
        final StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 500; i++)
        {
            request.append("set p").append(i).append(" 0 0 3\r\nv").append(i % 10).append("x\r\nget p").append(i)
                .append("\r\n");
            expected.append("STORED\r\nVALUE p").append(i).append(" 0 3\r\nv").append(i % 10).append("x\r\nEND\r\n");
        }
        assertReply(request.toString(), expected.toString());
    }

    @Test
    void shouldCloseALineTooLongWithoutNewline()
    {
        SERVER.client().send("set " + "x".repeat(3000));
        assertEquals("CLIENT_ERROR line too long\r\n", SERVER.client().readToClose());
    }

    @Test
    void shouldCloseOnQuitAndHttp()
    {
        SERVER.client().send("version\r\nquit\r\nversion\r\n");
        assertEquals("VERSION " + ServerStats.VERSION + "\r\n", SERVER.client().readToClose());
        try (RawClient http = new RawClient(SERVER.port()))
        {
            http.send("GET / HTTP/1.1\r\n");
            assertEquals("", http.readToClose());
        }
    }

    @Test
    void shouldFinishRepliesOfAHalfClosedConnection()
    {
        SERVER.client().send("set h1 0 0 2\r\nhi\r\nget h1\r\n");
        SERVER.client().shutdownOutput();
        assertEquals("STORED\r\nVALUE h1 0 2\r\nhi\r\nEND\r\n", SERVER.client().readToClose());
    }
}
