/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.RawClientFixture;
import dev.slabcache.memcached.ServerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinaryProtocolTest
{
    private static final int OPAQUE = 0x11223344;
    @RegisterExtension
    static final RawClientFixture SERVER = new RawClientFixture("-m", "16", "-t", "1");

    record Response(int opcode, int status, int opaque, long cas, byte[] extras, String key, byte[] value)
    {
        String text()
        {
            return new String(value, StandardCharsets.ISO_8859_1);
        }
    }

    static byte[] request(final int opcode, final String key, final byte[] extras, final String value, final long cas)
    {
        final byte[] keyBytes = RawClient.bytes(key);
        final byte[] valueBytes = RawClient.bytes(value);
        final ByteBuffer packet = ByteBuffer.allocate(24 + extras.length + keyBytes.length + valueBytes.length);
        packet.put((byte)0x80).put((byte)opcode).putShort((short)keyBytes.length).put((byte)extras.length)
            .put((byte)0).putShort((short)0).putInt(extras.length + keyBytes.length + valueBytes.length)
            .putInt(OPAQUE).putLong(cas).put(extras).put(keyBytes).put(valueBytes);
        return packet.array();
    }

    static byte[] request(final int opcode, final String key)
    {
        return request(opcode, key, new byte[0], "", 0);
    }

    static byte[] setExtras(final int flags, final int exptime)
    {
        return ByteBuffer.allocate(8).putInt(flags).putInt(exptime).array();
    }

    static byte[] arithExtras(final long delta, final long initial, final int exptime)
    {
        return ByteBuffer.allocate(20).putLong(delta).putLong(initial).putInt(exptime).array();
    }

    Response read()
    {
        final ByteBuffer header = ByteBuffer.wrap(SERVER.client().read(24));
        assertEquals((byte)0x81, header.get(0));
        final int keyLength = header.getShort(2) & 0xFFFF;
        final int extrasLength = header.get(4) & 0xFF;
        final int bodyLength = header.getInt(8);
        final ByteBuffer body = ByteBuffer.wrap(SERVER.client().read(bodyLength));
        final byte[] extras = new byte[extrasLength];
        final byte[] key = new byte[keyLength];
        final byte[] value = new byte[bodyLength - keyLength - extrasLength];
        body.get(extras).get(key).get(value);
        return new Response(header.get(1) & 0xFF, header.getShort(6) & 0xFFFF, header.getInt(12), header.getLong(16),
            extras, new String(key, StandardCharsets.ISO_8859_1), value);
    }

    /** Sends a noop after the request and reads until its answer, so that quiet commands can be checked. */
    Map<Integer, Response> untilNoop(final byte[] request)
    {
        SERVER.client().send(request).send(request(0x0a, ""));
        final Map<Integer, Response> byOpcode = new HashMap<>();
        Response response;
        do
        {
            response = read();
            assertEquals(OPAQUE, response.opaque());
            byOpcode.merge(response.opcode(), response, (a, b) -> b);
        }
        while (0x0a != response.opcode());
        byOpcode.remove(0x0a);
        return byOpcode;
    }

    @Test
    void shouldSetAndGetWithFlagsCasAndKey()
    {
        final Response set = untilNoop(request(0x01, "bk", setExtras(7, 0), "val", 0)).get(0x01);
        assertEquals(0, set.status());
        assertNotEquals(0, set.cas());
        final Response get = untilNoop(request(0x00, "bk")).get(0x00);
        assertEquals("val", get.text());
        assertEquals(7, ByteBuffer.wrap(get.extras()).getInt());
        assertEquals(set.cas(), get.cas());
        assertEquals("", get.key());
        final Response getk = untilNoop(request(0x0c, "bk")).get(0x0c);
        assertEquals("bk", getk.key());
        assertEquals("val", getk.text());
    }

    @Test
    void shouldMissLoudlyOrQuietly()
    {
        final Response miss = untilNoop(request(0x00, "nokey")).get(0x00);
        assertEquals(1, miss.status());
        assertEquals("Not found", miss.text());
        final Response missk = untilNoop(request(0x0c, "nokey")).get(0x0c);
        assertEquals(1, missk.status());
        assertEquals("nokey", missk.key());
        assertTrue(untilNoop(request(0x09, "nokey")).isEmpty());
        assertTrue(untilNoop(request(0x0d, "nokey")).isEmpty());
    }

    @Test
    void shouldAddReplaceAndCompareCas()
    {
        final long cas = untilNoop(request(0x01, "ar", setExtras(0, 0), "a", 0)).get(0x01).cas();
        assertEquals(2, untilNoop(request(0x02, "ar", setExtras(0, 0), "b", 0)).get(0x02).status());
        assertEquals(1, untilNoop(request(0x03, "noar", setExtras(0, 0), "b", 0)).get(0x03).status());
        assertEquals(2, untilNoop(request(0x01, "ar", setExtras(0, 0), "b", cas + 1)).get(0x01).status());
        assertEquals(1, untilNoop(request(0x01, "noar", setExtras(0, 0), "b", 5)).get(0x01).status());
        assertTrue(untilNoop(request(0x11, "ar", setExtras(0, 0), "c", cas)).isEmpty());
        assertEquals("Data exists for key.", untilNoop(request(0x12, "ar", setExtras(0, 0), "d", 0)).get(0x12).text());
        assertEquals("c", untilNoop(request(0x00, "ar")).get(0x00).text());
    }

    @Test
    void shouldAppendPrependAndDelete()
    {
        untilNoop(request(0x01, "ap", setExtras(0, 0), "mid", 0));
        assertTrue(untilNoop(request(0x19, "ap", new byte[0], ">", 0)).isEmpty());
        assertEquals(0, untilNoop(request(0x0f, "ap", new byte[0], "<", 0)).get(0x0f).status());
        assertEquals("<mid>", untilNoop(request(0x00, "ap")).get(0x00).text());
        assertEquals(5, untilNoop(request(0x0e, "noap", new byte[0], "x", 0)).get(0x0e).status());
        assertEquals(0, untilNoop(request(0x04, "ap")).get(0x04).status());
        assertEquals(1, untilNoop(request(0x04, "ap")).get(0x04).status());
        assertEquals(1, untilNoop(request(0x14, "ap")).get(0x14).status());
    }

    @Test
    void shouldIncrementWithInitialValueAndNoCreateExptime()
    {
        final Response first = untilNoop(request(0x05, "cnt", arithExtras(5, 100, 0), "", 0)).get(0x05);
        assertEquals(100, ByteBuffer.wrap(first.value()).getLong());
        final Response second = untilNoop(request(0x05, "cnt", arithExtras(5, 100, 0), "", 0)).get(0x05);
        assertEquals(105, ByteBuffer.wrap(second.value()).getLong());
        final Response down = untilNoop(request(0x06, "cnt", arithExtras(500, 0, 0), "", 0)).get(0x06);
        assertEquals(0, ByteBuffer.wrap(down.value()).getLong());
        assertEquals(1, untilNoop(request(0x05, "nocnt", arithExtras(1, 0, -1), "", 0)).get(0x05).status());
        assertTrue(untilNoop(request(0x15, "cnt", arithExtras(1, 0, 0), "", 0)).isEmpty());
        untilNoop(request(0x01, "txt", setExtras(0, 0), "abc", 0));
        assertEquals(6, untilNoop(request(0x05, "txt", arithExtras(1, 0, 0), "", 0)).get(0x05).status());
    }

    @Test
    void shouldTouchAndGetAndTouch()
    {
        untilNoop(request(0x01, "tk", setExtras(3, 0), "v", 0));
        final byte[] exptime = ByteBuffer.allocate(4).putInt(100).array();
        final Response touch = untilNoop(request(0x1c, "tk", exptime, "", 0)).get(0x1c);
        assertEquals(0, touch.status());
        assertEquals(0, touch.value().length);
        assertEquals("v", untilNoop(request(0x1d, "tk", exptime, "", 0)).get(0x1d).text());
        assertEquals("tk", untilNoop(request(0x23, "tk", exptime, "", 0)).get(0x23).key());
        assertTrue(untilNoop(request(0x1e, "nokey", exptime, "", 0)).isEmpty());
        assertEquals(1, untilNoop(request(0x1c, "nokey", exptime, "", 0)).get(0x1c).status());
    }

    @Test
    void shouldFlushVersionStatAndVerbosity()
    {
        untilNoop(request(0x01, "fk", setExtras(0, 0), "v", 0));
        assertEquals(0, untilNoop(request(0x08, "")).get(0x08).status());
        assertEquals(1, untilNoop(request(0x00, "fk")).get(0x00).status());
        assertTrue(untilNoop(request(0x18, "")).isEmpty());
        assertEquals(ServerStats.VERSION, untilNoop(request(0x0b, "")).get(0x0b).text());
        assertEquals(0, untilNoop(request(0x1b, "", ByteBuffer.allocate(4).putInt(1).array(), "", 0))
            .get(0x1b).status());
        SERVER.client().send(request(0x10, ""));
        final Map<String, String> stats = new HashMap<>();
        Response stat;
        while (!(stat = read()).key().isEmpty())
        {
            stats.put(stat.key(), stat.text());
        }
        assertTrue(stats.containsKey("pid"), stats.toString());
        assertTrue(stats.containsKey("curr_items"), stats.toString());
        assertEquals(1, untilNoop(request(0x10, "nonsense")).get(0x10).status());
    }

    @Test
    void shouldRefuseUnknownCommandsAndTooLargeValues()
    {
        final Response unknown = untilNoop(request(0x33, "", new byte[0], "abcd", 0)).get(0x33);
        assertEquals(0x81, unknown.status());
        assertEquals("Unknown command", unknown.text());
        final Response big = untilNoop(request(0x01, "big", setExtras(0, 0), "x".repeat(2 << 20), 0)).get(0x01);
        assertEquals(3, big.status());
        assertEquals("Too large.", big.text());
    }

    /**
     * memcached 1.6.18 reads an unknown command's extras and key with its header, then swallows its body length
     * again: the 4 bytes of extras here eat the first 4 bytes of the next request, and the bytes after are no request
     * (bad magic), so it closes the connection.
     */
    @Test
    void shouldSwallowAnUnknownCommandsBodyAfterItsExtrasAndKeyAsMemcached()
    {
        final byte[] unknown = request(0x50, "", new byte[4], "", 0);
        SERVER.client().send(unknown).send(request(0x0a, "")).send(request(0x0a, ""));
        final Response answer = read();
        assertEquals(0x50, answer.opcode());
        assertEquals(0x81, answer.status());
        assertEquals("Unknown command", answer.text());
        assertEquals("", SERVER.client().readToClose(), "no noop is answered: the stream is misaligned and closed");
    }

    @Test
    void shouldCloseAfterAnUnknownCommandWithAKeyAsMemcached()
    {
        SERVER.client().send(request(0x50, "abc")).send(request(0x0a, "")).send(request(0x0a, ""));
        assertEquals(0x81, read().status());
        assertEquals("", SERVER.client().readToClose());
    }

    @Test
    void shouldRefuseSaslWithoutSaslAndSwallowItsValueOnly()
    {
        final Response auth = untilNoop(request(0x21, "PLAIN", new byte[0], "\u0000a\u0000b", 0)).get(0x21);
        assertEquals(0x81, auth.status());
        assertEquals(0x81, untilNoop(request(0x20, "")).get(0x20).status());
    }

    @Test
    void shouldCloseAfterInvalidLengthsAndQuit()
    {
        SERVER.client().send(request(0x00, ""));
        final Response invalid = read();
        assertEquals(4, invalid.status());
        assertEquals("Invalid arguments", invalid.text());
        assertEquals("", SERVER.client().readToClose());
        try (RawClient quitter = new RawClient(SERVER.port()))
        {
            quitter.send(request(0x17, "")).send(request(0x0a, ""));
            assertEquals("", quitter.readToClose());
        }
    }

    @Test
    void shouldServeAPacketSplitIntoSingleBytes()
    {
        final byte[] set = request(0x01, "split", setExtras(1, 0), "value", 0);
        for (final byte b : set)
        {
            SERVER.client().send(new byte[]{ b });
        }
        assertEquals(0, read().status());
        assertArrayEquals(RawClient.bytes("value"), untilNoop(request(0x00, "split")).get(0x00).value());
    }
}
