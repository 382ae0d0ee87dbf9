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

    private static void binarySet(final DataOutputStream out, final String key, final byte[] value) throws IOException
    {
        final byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        header(out, SET, keyBytes.length, 8, 8 + keyBytes.length + value.length);
        out.writeInt(0);
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
