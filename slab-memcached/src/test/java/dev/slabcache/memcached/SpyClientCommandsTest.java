/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.memcached.SpyClients.RAW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command spymemcached offers, over the text and the binary protocol, against a server of this JVM.
 */
class SpyClientCommandsTest
{
    /** Over 30 days, so an absolute Unix time: 1970-01-31, long gone. */
    private static final int IN_THE_PAST = 2_592_001;

    private static MemcachedServer server;
    private static MemcachedClient textClient;
    private static MemcachedClient binaryClient;

    @BeforeAll
    static void startServer() throws Exception
    {
        server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64", "-t", "2"));
        textClient = SpyClients.open(Protocol.TEXT, server.port());
        binaryClient = SpyClients.open(Protocol.BINARY, server.port());
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        if (null != textClient)
        {
            textClient.shutdown();
        }
        if (null != binaryClient)
        {
            binaryClient.shutdown();
        }
        if (null != server)
        {
            server.close();
        }
    }

    private static MemcachedClient client(final Protocol protocol)
    {
        return Protocol.TEXT == protocol ? textClient : binaryClient;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldGetWhatWasSetAndMissWhatWasNot(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "set-get-" + protocol;

        assertTrue(client.set(key, 0, bytes("hello"), RAW).get());
        assertArrayEquals(bytes("hello"), client.get(key, RAW));
        assertTrue(client.set(key, 0, bytes("again"), RAW).get());
        assertArrayEquals(bytes("again"), client.get(key, RAW));
        assertNull(client.get("never-set-" + protocol, RAW));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldKeepFlagsAndStrings(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "flags-" + protocol;

        assertTrue(client.set(key, 0, "a string, serialised with its flags").get());
        assertEquals("a string, serialised with its flags", client.get(key));
        assertTrue(client.set(key, 0, 1234567L).get());
        assertEquals(1234567L, client.get(key));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldGiveACasThatChangesWithEveryStore(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "gets-" + protocol;

        assertTrue(client.set(key, 0, bytes("one"), RAW).get());
        final CASValue<byte[]> first = client.gets(key, RAW);
        assertArrayEquals(bytes("one"), first.getValue());
        assertTrue(client.set(key, 0, bytes("two"), RAW).get());
        final CASValue<byte[]> second = client.gets(key, RAW);
        assertArrayEquals(bytes("two"), second.getValue());
        assertNotEquals(first.getCas(), second.getCas());
        assertNull(client.gets("gets-never-set-" + protocol, RAW));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldGetInBulkOnlyTheKeysThatHold(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String prefix = "bulk-" + protocol + "-";
        for (int i = 0; i < 50; i += 2)
        {
            assertTrue(client.set(prefix + i, 0, bytes("v" + i), RAW).get());
        }
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            keys.add(prefix + i);
        }

        final Map<String, byte[]> found = client.getBulk(keys, RAW);

        assertEquals(25, found.size());
        for (int i = 0; i < 50; i += 2)
        {
            assertArrayEquals(bytes("v" + i), found.get(prefix + i));
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAddOnlyWhenAbsentAndReplaceOnlyWhenPresent(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "add-replace-" + protocol;

        assertFalse(client.replace(key, 0, bytes("no"), RAW).get());
        assertNull(client.get(key, RAW));
        assertTrue(client.add(key, 0, bytes("first"), RAW).get());
        assertFalse(client.add(key, 0, bytes("second"), RAW).get());
        assertArrayEquals(bytes("first"), client.get(key, RAW));
        assertTrue(client.replace(key, 0, bytes("third"), RAW).get());
        assertArrayEquals(bytes("third"), client.get(key, RAW));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAppendAndPrependToPresentItemsOnly(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "append-" + protocol;

        assertFalse(client.append(key, bytes("tail"), RAW).get());
        assertNull(client.get(key, RAW));
        assertTrue(client.set(key, 0, bytes("middle"), RAW).get());
        assertTrue(client.append(key, bytes("-tail"), RAW).get());
        assertTrue(client.prepend(key, bytes("head-"), RAW).get());
        assertArrayEquals(bytes("head-middle-tail"), client.get(key, RAW));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldStoreByCasOnlyWithTheCurrentCas(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "cas-" + protocol;

        assertEquals(CASResponse.NOT_FOUND, client.cas(key, 1L, bytes("x"), RAW));
        assertTrue(client.set(key, 0, bytes("v1"), RAW).get());
        final long cas = client.gets(key, RAW).getCas();

        assertEquals(CASResponse.OK, client.cas(key, cas, bytes("v2"), RAW));
        assertEquals(CASResponse.EXISTS, client.cas(key, cas, bytes("v3"), RAW));
        assertArrayEquals(bytes("v2"), client.get(key, RAW));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldDeleteOnce(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "delete-" + protocol;

        assertTrue(client.set(key, 0, bytes("doomed"), RAW).get());
        assertTrue(client.delete(key).get());
        assertNull(client.get(key, RAW));
        assertFalse(client.delete(key).get());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldCountUpAndDownStoppingAtZero(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "arith-" + protocol;

        assertEquals(-1L, client.incr(key, 1));
        assertEquals(-1L, client.decr(key, 1));
        assertTrue(client.set(key, 0, "10").get());
        assertEquals(15L, client.incr(key, 5));
        assertEquals(12L, client.decr(key, 3));
        assertEquals(0L, client.decr(key, 100));
        assertEquals(0L, client.decr(key, 1));
        assertEquals(1L, client.incr(key, 1));
        assertEquals("1", ((String)client.get(key)).trim(), "memcached pads a number that got shorter with spaces");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldStartACounterAtItsDefault(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String up = "incr-default-" + protocol;
        final String down = "decr-default-" + protocol;

        assertEquals(40L, client.incr(up, 2, 40));
        assertEquals(42L, client.incr(up, 2, 40));
        assertEquals(7L, client.decr(down, 3, 7, 0));
        assertEquals(4L, client.decr(down, 3, 7, 0));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldWrapAnIncrementAtTwoToTheSixtyFour(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "wrap-" + protocol;

        assertTrue(client.set(key, 0, "18446744073709551615").get());
        assertEquals(0L, client.incr(key, 1));
        assertTrue(client.set(key, 0, "9223372036854775806").get());
        assertEquals(Long.MAX_VALUE, client.incr(key, 1));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldTouchLiveItemsOnlyAndExpireAtATimeInThePast(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "touch-" + protocol;

        assertFalse(client.touch("touch-never-set-" + protocol, 100).get());
        assertTrue(client.set(key, 0, bytes("t"), RAW).get());
        assertTrue(client.touch(key, 1000).get());
        assertArrayEquals(bytes("t"), client.get(key, RAW));
        assertTrue(client.touch(key, IN_THE_PAST).get());
        assertNull(client.get(key, RAW));
        assertTrue(client.set(key, IN_THE_PAST, bytes("born expired"), RAW).get());
        assertNull(client.get(key, RAW));
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "TEXT")
    void shouldExpireAtOnceOnANegativeTimeInText(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "negative-" + protocol;

        assertTrue(client.set(key, -1, bytes("born expired"), RAW).get());
        assertNull(client.get(key, RAW));
    }

    /** spymemcached offers get-and-touch in the binary protocol only. */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "BINARY")
    void shouldGetAndTouch(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String key = "gat-" + protocol;

        assertNull(client.getAndTouch(key, 100, RAW));
        assertTrue(client.set(key, 0, bytes("gat"), RAW).get());
        final long cas = client.gets(key, RAW).getCas();
        final CASValue<byte[]> touched = client.getAndTouch(key, 1000, RAW);
        assertArrayEquals(bytes("gat"), touched.getValue());
        assertEquals(cas, touched.getCas());
        assertNotNull(client.getAndTouch(key, IN_THE_PAST, RAW));
        assertNull(client.get(key, RAW));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldFlushEverything(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final String prefix = "flush-" + protocol + "-";
        for (int i = 0; i < 20; i++)
        {
            assertTrue(client.set(prefix + i, 0, bytes("f"), RAW).get());
        }

        assertTrue(client.flush().get());

        for (int i = 0; i < 20; i++)
        {
            assertNull(client.get(prefix + i, RAW));
        }
        assertTrue(client.add(prefix + 0, 0, bytes("after"), RAW).get());
        assertArrayEquals(bytes("after"), client.get(prefix + 0, RAW));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldReportStatsThatCountTheCommands(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final Map<String, String> before = onlyNode(client.getStats());
        assertTrue(client.set("stats-" + protocol, 0, bytes("s"), RAW).get());
        assertNotNull(client.get("stats-" + protocol, RAW));
        assertNull(client.get("stats-missing-" + protocol, RAW));

        final Map<String, String> after = onlyNode(client.getStats());

        for (final String name : Arrays.asList("pid", "uptime", "time", "version", "curr_connections",
            "curr_items", "total_items", "bytes", "limit_maxbytes", "threads", "evictions"))
        {
            assertNotNull(after.get(name), name + " missing from " + after);
        }
        assertEquals(64L * 1024 * 1024, Long.parseLong(after.get("limit_maxbytes")));
        assertEquals(2, delta(before, after, "cmd_get"));
        assertEquals(1, delta(before, after, "get_hits"));
        assertEquals(1, delta(before, after, "get_misses"));
        assertEquals(1, delta(before, after, "cmd_set"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldTellItsVersion(final Protocol protocol)
    {
        final String version = onlyNode(client(protocol).getVersions());
        assertNotNull(version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldStoreEverySizeUpToTheItemLimitAndRefuseMore(final Protocol protocol) throws Exception
    {
        final MemcachedClient client = client(protocol);
        final int itemLimit = 1024 * 1024;
        final String key = "size-" + protocol;
        for (int size = 1; size < itemLimit - 1024; size = Math.max(size + 1, size * 5 / 4))
        {
            final byte[] value = ValueCodec.pattern(size, size);
            assertTrue(client.set(key + size, 0, value, RAW).get(), "set of " + size + " bytes");
            assertArrayEquals(value, client.get(key + size, RAW), "get of " + size + " bytes");
            client.delete(key + size).get();
        }
        final byte[] nearLimit = ValueCodec.pattern(itemLimit - 1024, 7);
        assertTrue(client.set(key, 0, nearLimit, RAW).get());
        assertArrayEquals(nearLimit, client.get(key, RAW));

        assertOverLimitRefused(protocol, key, itemLimit + 1);
        assertOverLimitRefused(protocol, key, 4 * itemLimit);

        assertTrue(client.set(key + "-after", 0, bytes("still serving"), RAW).get());
        assertArrayEquals(bytes("still serving"), client.get(key + "-after", RAW));
    }

    /**
     * spymemcached answers false in binary and throws in text, where it also drops the connection, so each try
     * gets a client of its own. When the refusal comes back before spymemcached has written the whole value (as it
     * may from memcached too) spymemcached cancels the operation; {@link ItemSizeLimitTest} checks the refusal byte
     * by byte.
     */
    private static void assertOverLimitRefused(final Protocol protocol, final String key, final int size)
        throws Exception
    {
        final MemcachedClient client = SpyClients.open(protocol, server.port());
        try
        {
            final boolean stored = client.set(key, 0, new byte[size], RAW).get();
            assertFalse(stored, "a value of " + size + " bytes, over -I, is refused");
        }
        catch (final ExecutionException ex)
        {
            assertTrue(ex.getCause() instanceof CancellationException ||
                String.valueOf(ex.getCause()).contains("SERVER_ERROR object too large"), ex.toString());
        }
        finally
        {
            client.shutdown();
        }
    }

    private static <T> T onlyNode(final Map<SocketAddress, T> byNode)
    {
        assertEquals(1, byNode.size(), byNode.toString());
        return byNode.values().iterator().next();
    }

    private static long delta(final Map<String, String> before, final Map<String, String> after, final String name)
    {
        return Long.parseLong(after.get(name)) - Long.parseLong(before.get(name));
    }
}
