/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A value over -I is refused and swallowed, in both protocols, and the connection goes on serving; a value under a
 * larger -I is stored. Spoken byte by byte, since a client library may race a refusal that comes before the value
 * has been written.
 */
class ItemSizeLimitTest
{
    private static final int ONE_MIB = 1024 * 1024;
    private static final int SET = 0x01;
    private static final int GET = 0x00;
    private static final int NOOP = 0x0a;
    private static final int STATUS_OK = 0x0000;
    private static final int STATUS_NOT_FOUND = 0x0001;
    private static final int STATUS_TOO_LARGE = 0x0003;
    private static final int STATUS_NOT_STORED = 0x0005;
    private static final int APPEND = 0x0e;

    @Test
    void shouldRefuseAndSwallowATextValueOverTheLimitAndGoOn() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64", "-t", "2"));
            TextConnection connection = new TextConnection(server.port()))
        {
            for (final int size : new int[] {ONE_MIB + 1, 4 * ONE_MIB})
            {
                connection.writeStorage("set", "big", new byte[size]);
                connection.writeLine("get big");
                connection.writeStorage("set", "small", "after".getBytes(StandardCharsets.US_ASCII));
                connection.writeLine("get small");
                connection.flush();

                assertEquals("SERVER_ERROR object too large for cache", connection.readLine(), size + " bytes");
                assertEquals(null, connection.readGet("big"));
                assertEquals("STORED", connection.readLine(), "the value was swallowed whole");
                assertArrayEquals("after".getBytes(StandardCharsets.US_ASCII), connection.readGet("small"));
            }
        }
    }

    @Test
    void shouldRefuseAndSwallowABinaryValueOverTheLimitAndGoOn() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64", "-t", "2"));
            Socket socket = new Socket("127.0.0.1", server.port()))
        {
            socket.setSoTimeout(30_000);
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            for (final int size : new int[] {ONE_MIB + 1, 4 * ONE_MIB})
            {
                binarySet(out, "big", new byte[size]);
                binaryRequest(out, GET, "big");
                binaryRequest(out, NOOP, "");
                out.flush();

                assertEquals(STATUS_TOO_LARGE, binaryStatus(in, SET), size + " bytes");
                assertEquals(STATUS_NOT_FOUND, binaryStatus(in, GET));
                assertEquals(STATUS_OK, binaryStatus(in, NOOP), "the value was swallowed whole");
            }
        }
    }

    @Test
    void shouldStoreAValueOverOneMebibyteUnderALargerLimit() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(
            ServerConfig.parse("-p", "0", "-m", "64", "-t", "2", "-I", "2m"));
            TextConnection connection = new TextConnection(server.port()))
        {
            final byte[] value = ValueCodec.pattern(ONE_MIB + ONE_MIB / 2, 5);
            connection.writeStorage("set", "large", value);
            connection.writeLine("get large");
            connection.flush();

            assertEquals("STORED", connection.readLine());
            assertArrayEquals(value, connection.readGet("large"));
        }
    }

    /**
     * memcached 1.6.18 takes a value of -I less 59 bytes, less the key, less 4 more for client flags other than 0
     * (checked against a real one at -I 512k, 1m and 2m, keys of 1, 10 and 250 bytes, flags 0 and 1).
     */
    @Test
    void shouldTakeTheLargestValueMemcachedTakesAtEachLimitAndRefuseOneByteMore() throws Exception
    {
        for (final String limit : new String[] {"512k", "1m", "2m"})
        {
            final int itemSizeMax = ("512k".equals(limit) ? 512 : "1m".equals(limit) ? 1024 : 2048) * 1024;
            try (MemcachedServer server = MemcachedServer.start(
                ServerConfig.parse("-p", "0", "-m", "64", "-t", "1", "-I", limit));
                TextConnection connection = new TextConnection(server.port()))
            {
                for (final int keyLength : new int[] {1, 250})
                {
                    final String key = "k".repeat(keyLength);
                    for (final int flags : new int[] {0, 1})
                    {
                        final int largest = itemSizeMax - 59 - keyLength - (0 == flags ? 0 : 4);
                        final String what = "-I " + limit + ", key " + keyLength + " B, flags " + flags;
                        assertEquals("STORED", storeText(connection, "set", key, flags, largest), what);
                        assertEquals("SERVER_ERROR object too large for cache",
                            storeText(connection, "set", key, flags, largest + 1), what);
                        assertEquals("HD", storeMeta(connection, key, flags, largest), what);
                        assertEquals("SERVER_ERROR object too large for cache",
                            storeMeta(connection, key, flags, largest + 1), what);
                    }
                }
            }
        }
    }

    @Test
    void shouldTakeTheLargestBinaryValueMemcachedTakesAndRefuseOneByteMore() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64", "-t", "1"));
            Socket socket = new Socket("127.0.0.1", server.port()))
        {
            socket.setSoTimeout(30_000);
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            binarySet(out, "big", 0, new byte[ONE_MIB - 59 - 3]);
            binarySet(out, "big", 0, new byte[ONE_MIB - 59 - 3 + 1]);
            binarySet(out, "big", 7, new byte[ONE_MIB - 63 - 3]);
            binarySet(out, "big", 7, new byte[ONE_MIB - 63 - 3 + 1]);
            out.flush();
            assertEquals(STATUS_OK, binaryStatus(in, SET));
            assertEquals(STATUS_TOO_LARGE, binaryStatus(in, SET));
            assertEquals(STATUS_OK, binaryStatus(in, SET));
            assertEquals(STATUS_TOO_LARGE, binaryStatus(in, SET));
        }
    }

    /** memcached 1.6.18 answers NOT_STORED (binary: status 5, "Not stored.") when the joined value is over -I. */
    @Test
    void shouldNotStoreAnAppendOrPrependBeyondTheLimitAsMemcached() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64", "-t", "1"));
            TextConnection connection = new TextConnection(server.port());
            Socket socket = new Socket("127.0.0.1", server.port()))
        {
            final int largest = ONE_MIB - 59 - 1;
            assertEquals("STORED", storeText(connection, "set", "a", 0, largest - 1));
            assertEquals("NOT_STORED", storeText(connection, "append", "a", 0, 2));
            assertEquals("NOT_STORED", storeText(connection, "prepend", "a", 0, 2));
            assertEquals("STORED", storeText(connection, "append", "a", 0, 1));
            connection.writeLine("ms a 1 MA");
            connection.writeLine("x");
            connection.flush();
            assertEquals("NS", connection.readLine());

            socket.setSoTimeout(30_000);
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final byte[] keyBytes = "a".getBytes(StandardCharsets.US_ASCII);
            header(out, APPEND, keyBytes.length, 0, keyBytes.length + 1);
            out.write(keyBytes);
            out.write('x');
            out.flush();
            assertEquals(STATUS_NOT_STORED, binaryStatus(in, APPEND));
        }
    }

    private static String storeText(
        final TextConnection connection, final String verb, final String key, final int flags, final int length)
        throws IOException
    {
        connection.writeLine(verb + " " + key + " " + flags + " 0 " + length);
        connection.writeLine("v".repeat(length));
        connection.flush();
        return connection.readLine();
    }

    private static String storeMeta(final TextConnection connection, final String key, final int flags, final int length)
        throws IOException
    {
        connection.writeLine("ms " + key + " " + length + " F" + flags);
        connection.writeLine("v".repeat(length));
        connection.flush();
        return connection.readLine();
    }

    private static void binarySet(final DataOutputStream out, final String key, final byte[] value) throws IOException
    {
        binarySet(out, key, 0, value);
    }

    private static void binarySet(final DataOutputStream out, final String key, final int flags, final byte[] value)
        throws IOException
    {
        final byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        header(out, SET, keyBytes.length, 8, 8 + keyBytes.length + value.length);
        out.writeInt(flags);
        out.writeInt(0);
        out.write(keyBytes);
        out.write(value);
    }

    private static void binaryRequest(final DataOutputStream out, final int opcode, final String key)
        throws IOException
    {
        final byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        header(out, opcode, keyBytes.length, 0, keyBytes.length);
        out.write(keyBytes);
    }

    private static void header(
        final DataOutputStream out, final int opcode, final int keyLength, final int extrasLength, final int bodyLength)
        throws IOException
    {
        out.writeByte(0x80);
        out.writeByte(opcode);
        out.writeShort(keyLength);
        out.writeByte(extrasLength);
        out.writeByte(0);
        out.writeShort(0);
        out.writeInt(bodyLength);
        out.writeInt(opcode);
        out.writeLong(0);
    }

    /** Reads one response, checks its magic and opcode, skips its body and returns its status. */
    private static int binaryStatus(final DataInputStream in, final int opcode) throws IOException
    {
        final byte[] header = new byte[24];
        in.readFully(header);
        assertEquals(0x81, header[0] & 0xff, "response magic");
        assertEquals(opcode, header[1] & 0xff, "response opcode");
        final int bodyLength = ((header[8] & 0xff) << 24) | ((header[9] & 0xff) << 16) | ((header[10] & 0xff) << 8) |
            (header[11] & 0xff);
        in.readFully(new byte[bodyLength]);
        return ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    }
}
