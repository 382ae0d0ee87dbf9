/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.RawClientFixture;
import dev.slabcache.memcached.TextConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The admin and introspection commands' replies, word for word as memcached 1.6.18's (captured from it by hand:
 * each expected reply below is what it answered).
 */
class AdminCommandsTest
{
    @RegisterExtension
    static final RawClientFixture SERVER = new RawClientFixture("-m", "16", "-t", "2");

    private String replyTo(final String request)
    {
        return SERVER.client().send(request + "mn\r\n").readUntil("MN\r\n").replace("MN\r\n", "");
    }

    private static String setting(final String name) throws IOException
    {
        try (TextConnection text = new TextConnection(SERVER.port()))
        {
            return text.stats("settings").get(name);
        }
    }

    private Map<String, String> stats(final String group) throws IOException
    {
        try (TextConnection text = new TextConnection(SERVER.port()))
        {
            return text.stats(group);
        }
    }

    private int classOf(final String key)
    {
        final Matcher m = Pattern.compile(" cls=(\\d+) ").matcher(replyTo("me " + key + "\r\n"));
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void shouldCountGetsSetsAndDeletesByPrefixWhileDetailIsOn()
    {
        SERVER.assertReply("stats detail\r\n", "CLIENT_ERROR usage: stats detail on|off|dump\r\n");
        SERVER.assertReply("stats detail on\r\n", "OK\r\n");
        SERVER.assertReply("get pfx:b\r\nset pfx:c 0 0 1\r\nx\r\ndelete pfx:c\r\nget pfxnodelim\r\nget pfx:c\r\n",
            "END\r\nSTORED\r\nDELETED\r\nEND\r\nEND\r\n");
        SERVER.assertReply("set pfx:d 0 0 1\r\ny\r\nget pfx:d\r\n", "STORED\r\nVALUE pfx:d 0 1\r\ny\r\nEND\r\n");
        SERVER.assertReply("stats detail off\r\n", "OK\r\n");
        SERVER.assertReply("get pfx:d\r\n", "VALUE pfx:d 0 1\r\ny\r\nEND\r\n");
        final String dump = replyTo("stats detail dump\r\n");
        assertTrue(dump.contains("PREFIX pfx get 3 hit 1 set 2 del 1\r\n"), dump);
        assertTrue(dump.endsWith("END\r\n"), dump);
    }

    @Test
    void shouldCountSizesOnlyOnceEnabledAndEndEnableWithoutEnd()
    {
        SERVER.assertReply("stats sizes\r\n", "STAT sizes_status disabled\r\nEND\r\n");
        SERVER.assertReply("stats sizes_enable\r\n", "STAT sizes_status enabled\r\n");
        SERVER.assertReply("set sz 0 0 100\r\n" + "x".repeat(100) + "\r\n", "STORED\r\n");
        SERVER.assertReply("stats sizes\r\n", "STAT 160 1\r\nEND\r\n");
        SERVER.assertReply("stats sizes_disable\r\n", "STAT sizes_status disabled\r\n");
        SERVER.assertReply("stats sizes\r\n", "STAT sizes_status disabled\r\nEND\r\n");
    }

    static Stream<Arguments> shouldAnswerAndSetAsMemcached()
    {
        return Stream.of(
            arguments("the crawler starts, stops and is tuned as memcached's", """
                > lru_crawler enable
                < ERROR failed to start lru crawler thread
                > lru_crawler disable
                < OK
                = lru_crawler no
                > lru_crawler crawl all
                < CLIENT_ERROR lru crawler disabled
                > lru_crawler metadump all
                < CLIENT_ERROR lru crawler disabled
                > lru_crawler enable
                < OK
                = lru_crawler yes
                > lru_crawler sleep 2000000
                < CLIENT_ERROR sleep must be one second or less
                > lru_crawler sleep 50
                > lru_crawler tocrawl 10
                < OK
                < OK
                = lru_crawler_sleep 50
                = lru_crawler_tocrawl 10
                > lru_crawler crawl 1,2
                > lru_crawler crawl all
                < OK
                < OK
                > lru_crawler crawl 0
                > lru_crawler crawl 64
                < BADCLASS invalid class id
                < BADCLASS invalid class id
                > lru_crawler bogus
                < ERROR
                """),
            arguments("the LRU mode and the temporary LRU are set, and a negative ttl turns the temporary LRU off", """
                = lru_segmented yes
                > lru mode flat
                < OK
                = lru_segmented no
                > lru mode segmented
                < OK
                = lru_segmented yes
                > lru mode bogus
                < ERROR
                > lru temp_ttl 5
                < OK
                = temp_lru yes
                = temporary_ttl 5
                > lru temp_ttl -1
                < OK
                = temp_lru no
                = temporary_ttl 5
                > lru temp_ttl x
                < ERROR
                > lru tune 50 50 0.1 2
                < ERROR hot and warm pcts must not exceed 80
                > lru tune 10 10 0 2
                < ERROR hot/warm age factors must be greater than 0
                > lru tune 10 15 0.1 2
                < OK
                = warm_lru_pct 15
                > lru bogus
                < ERROR
                """),
            arguments("the automove level and ratio are set", """
                > slabs automove 0
                < OK
                = slab_automove 0
                > slabs automove 3
                < ERROR
                > slabs automove x
                < CLIENT_ERROR bad command line format
                > slabs automove ratio 0.5
                < OK
                = slab_automove_ratio 0.50
                > slabs automove ratio
                < ERROR
                > slabs automove 1
                > slabs automove ratio 0.8
                < OK
                < OK
                = slab_automove 1
                """),
            arguments("a new memory limit is refused, as memcached with fixed memory refuses it", """
                > cache_memlimit 4
                < MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m
                > cache_memlimit 2000000000
                < MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes
                > cache_memlimit 100
                < MEMLIMIT_ADJUST_FAILED out of bounds or unable to adjust
                > cache_memlimit abc
                > cache_memlimit
                < ERROR
                < ERROR
                > cache_memlimit 10 noreply
                """),
            arguments("shutdown is refused without -A", """
                > shutdown
                < ERROR: shutdown not enabled
                = shutdown_command no
                """));
    }

    /**
     * Plays a conversation written as a transcript of the wire: the {@code >} lines in a row are sent as one request,
     * whose reply must be exactly the {@code <} lines that follow them (none: no reply at all), each line ended by
     * CR LF; {@code = name value} asserts a setting of "stats settings" between two requests.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void shouldAnswerAndSetAsMemcached(final String what, final String conversation) throws IOException
    {
        final StringBuilder request = new StringBuilder();
        final StringBuilder reply = new StringBuilder();
        char previous = ' ';
        for (final String line : conversation.lines().toList())
        {
            final char kind = line.charAt(0);
            if (('>' == kind && '<' == previous) || '=' == kind)
            {
                assertExchange(request, reply);
            }
            switch (kind)
            {
                case '>' -> request.append(line, 2, line.length()).append("\r\n");
                case '<' -> reply.append(line, 2, line.length()).append("\r\n");
                case '=' ->
                {
                    final String[] setting = line.substring(2).split(" ", 2);
                    assertEquals(setting[1], setting(setting[0]), line);
                }
                default -> fail("not a line of a conversation: " + line);
            }
            previous = kind;
        }
        assertExchange(request, reply);
    }

    private static void assertExchange(final StringBuilder request, final StringBuilder reply)
    {
        if (!request.isEmpty())
        {
            SERVER.assertReply(request.toString(), reply.toString());
        }
        request.setLength(0);
        reply.setLength(0);
    }

    @Test
    void shouldDumpAClassNewestFirstAsCachedump()
    {
        SERVER.assertReply("set cd1 0 0 3000\r\n" + "a".repeat(3000) + "\r\n", "STORED\r\n");
        SERVER.assertReply("set cd2 0 2000000000 3001\r\n" + "b".repeat(3001) + "\r\n", "STORED\r\n");
        final int cls = classOf("cd1");
        assertEquals(cls, classOf("cd2"));
        SERVER.assertReply("stats cachedump " + cls + " 0\r\n",
            "ITEM cd2 [3001 b; 2000000000 s]\r\nITEM cd1 [3000 b; 0 s]\r\nEND\r\n");
        SERVER.assertReply("stats cachedump " + cls + " 1\r\n", "ITEM cd2 [3001 b; 2000000000 s]\r\nEND\r\n");
        SERVER.assertReply("stats cachedump 63 0\r\n", "END\r\n");
        SERVER.assertReply("stats cachedump 64 0\r\n", "CLIENT_ERROR Illegal slab id\r\n");
        SERVER.assertReply("stats cachedump 1\r\n", "CLIENT_ERROR bad command line\r\n");
        SERVER.assertReply("stats cachedump x 0\r\n", "CLIENT_ERROR bad command line format\r\n");
    }

    @Test
    void shouldDumpMetadataOfLiveItemsWithUriEncodedKeys()
    {
        SERVER.assertReply("set md%key 0 0 5000\r\n" + "m".repeat(5000) + "\r\n", "STORED\r\n");
        SERVER.assertReply("set md-gone 0 -1 5000\r\n" + "m".repeat(5000) + "\r\n", "STORED\r\n");
        final int cls = classOf("md%key");
        final String dump = replyTo("lru_crawler metadump " + cls + "\r\n");
        assertTrue(dump.matches("key=md%25key exp=-1 la=\\d+ cas=\\d+ fetch=no cls=" + cls + " size=5062\nEND\r\n"),
            dump);
        SERVER.assertReply("lru_crawler metadump 99\r\n", "BADCLASS invalid class id\r\n");
        SERVER.assertReply("lru_crawler metadump\r\n", "ERROR\r\n");
    }

    @Test
    void shouldShowOneItemsMetadataAsMe()
    {
        SERVER.assertReply("me nokey\r\n", "EN\r\n");
        SERVER.assertReply("me\r\n", "CLIENT_ERROR bad command line format\r\n");
        SERVER.assertReply("me foo b\r\n", "CLIENT_ERROR bad command line format\r\n");
        SERVER.assertReply("set me1 0 0 3\r\nabc\r\nset me2 0 100 1\r\nz\r\n", "STORED\r\nSTORED\r\n");
        // A second may pass between the set and the me.
        assertTrue(replyTo("me me1\r\n").matches("ME me1 exp=-1 la=[01] cas=\\d+ fetch=no cls=1 size=62\r\n"));
        assertTrue(replyTo("me me2\r\n").matches("ME me2 exp=-(100|99) la=[01] cas=\\d+ fetch=no cls=1 size=60\r\n"));
        assertTrue(replyTo("me bWUx b\r\n").startsWith("ME me1 exp=-1 "), "the key given in base64");
    }

    @Test
    void shouldMoveAPageOnRequest() throws IOException
    {
        final String value = "r".repeat(30_000);
        final StringBuilder sets = new StringBuilder();
        final StringBuilder stored = new StringBuilder();
        for (int i = 0; i < 60; i++)
        {
            sets.append("set re").append(i).append(" 0 0 30000\r\n").append(value).append("\r\n");
            stored.append("STORED\r\n");
        }
        SERVER.assertReply(sets.toString(), stored.toString());
        final int source = classOf("re59");
        final Map<String, String> before = stats("slabs");
        final long pages = Long.parseLong(before.get(source + ":total_pages"));
        assertTrue(pages >= 2, "60 items of 30 KB fill two pages: " + pages);
        final long moved = Long.parseLong(stats(null).get("slabs_moved"));

        SERVER.assertReply("slabs reassign " + source + " 1\r\n", "OK\r\n");
        assertEquals(pages - 1, Long.parseLong(stats("slabs").get(source + ":total_pages")));
        assertEquals(moved + 1, Long.parseLong(stats(null).get("slabs_moved")));

        SERVER.assertReply("slabs reassign 1 1\r\n", "SAME src and dst class are identical\r\n");
        SERVER.assertReply("slabs reassign 99 2\r\n", "BADCLASS invalid src or dst class id\r\n");
        SERVER.assertReply("slabs reassign a b\r\n", "CLIENT_ERROR bad command line format\r\n");
        for (long left = pages - 1; left > 1; left--)
        {
            SERVER.assertReply("slabs reassign " + source + " 1\r\n", "OK\r\n");
        }
        SERVER.assertReply("slabs reassign " + source + " 1\r\n", "NOSPARE source class has no spare pages\r\n");
        SERVER.assertReply("slabs bogus\r\n", "ERROR\r\n");
    }

    @Test
    void shouldStreamFetchesAndStoresToAWatcher() throws IOException
    {
        SERVER.assertReply("watch bogus\r\n", "ERROR\r\n");
        try (RawClient watcher = new RawClient(SERVER.port()))
        {
            assertEquals("OK\r\n", watcher.call("watch fetchers mutations\r\n", "OK\r\n"));
            assertEquals("1", stats(null).get("log_watchers"));
            SERVER.assertReply("set wk 0 0 2\r\nab\r\nget wk\r\nget wnokey\r\n",
                "STORED\r\nVALUE wk 0 2\r\nab\r\nEND\r\nEND\r\n");
            assertTrue(watcher.readLine().matches(
                "ts=\\d+\\.\\d+ gid=\\d+ type=item_store key=wk status=stored cmd=set ttl=0 clsid=1 cfd=0 size=2\n"));
            assertTrue(watcher.readLine().matches(
                "ts=\\d+\\.\\d+ gid=\\d+ type=item_get key=wk status=found clsid=1 cfd=0 size=2\n"));
            assertTrue(watcher.readLine().matches(
                "ts=\\d+\\.\\d+ gid=\\d+ type=item_get key=wnokey status=not_found clsid=0 cfd=0 size=0\n"));
        }
    }

    @Test
    void shouldSetCountersButNotGaugesBackToZeroOnStatsReset() throws IOException
    {
        SERVER.assertReply("stats detail on\r\nset rs:1 0 0 1\r\na\r\nget rs:1\r\nget rs:2\r\nstats detail off\r\n",
            "OK\r\nSTORED\r\nVALUE rs:1 0 1\r\na\r\nEND\r\nEND\r\nOK\r\n");
        final long items = Long.parseLong(stats(null).get("curr_items"));
        SERVER.assertReply("stats reset\r\n", "RESET\r\n");
        final Map<String, String> after = stats(null);
        assertEquals("0", after.get("cmd_get"));
        assertEquals("0", after.get("get_hits"));
        assertEquals("0", after.get("cmd_set"));
        assertEquals("0", after.get("total_items"));
        assertEquals(items, Long.parseLong(after.get("curr_items")), "a gauge");
        assertEquals("0", stats("slabs").get("1:get_hits"));
        assertEquals("END\r\n", replyTo("stats detail dump\r\n"));
    }
}
