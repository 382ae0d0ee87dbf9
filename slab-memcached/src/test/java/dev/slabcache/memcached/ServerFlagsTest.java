/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.slabcache.memcached.RawClientFixture.assertReply;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flags that change what a client sees, each against a server started with it, replies as memcached 1.6.18's.
 */
class ServerFlagsTest
{
    private static final int FLUSH = 0x08;
    private static final int VERSION = 0x0b;

    private static MemcachedServer start(final String... flags)
    {
        final String[] args = new String[flags.length + 6];
        System.arraycopy(new String[]{ "-p", "0", "-m", "8", "-t", "1" }, 0, args, 0, 6);
        System.arraycopy(flags, 0, args, 6, flags.length);
        return MemcachedServer.start(ServerConfig.parse(args));
    }

    private static byte[] header(final int opcode)
    {
        return ByteBuffer.allocate(24).put((byte)0x80).put((byte)opcode).putShort((short)0).put((byte)0)
            .put((byte)0).putShort((short)0).putInt(0).putInt(7).putLong(0).array();
    }

    @Test
    void shouldRefuseTextFlushAllUnderDisableFlushAllAndKeepTheItems()
    {
        try (MemcachedServer server = start("-F"); RawClient client = new RawClient(server.port()))
        {
            assertEquals("STORED\r\n", client.call("set k 0 0 1\r\nv\r\n", "STORED\r\n"));
            assertEquals("CLIENT_ERROR flush_all not allowed\r\n",
                client.call("flush_all\r\n", "CLIENT_ERROR flush_all not allowed\r\n"));
            assertEquals("VERSION ", client.call("flush_all noreply\r\nversion\r\n", "VERSION "));
            client.readLine();
            assertEquals("VALUE k 0 1\r\nv\r\nEND\r\n", client.call("get k\r\n", "VALUE k 0 1\r\nv\r\nEND\r\n"));
        }
    }

    @Test
    void shouldRefuseBinaryFlushUnderDisableFlushAllWithAuthFailure()
    {
        try (MemcachedServer server = start("--disable-flush-all"); RawClient client = new RawClient(server.port()))
        {
            client.send(header(FLUSH));
            final ByteBuffer reply = ByteBuffer.wrap(client.read(24));
            assertEquals((byte)0x81, reply.get(0));
            assertEquals((byte)FLUSH, reply.get(1));
            assertEquals(0x20, reply.getShort(6));
            assertEquals(13, reply.getInt(8));
            assertEquals(7, reply.getInt(12));
            assertArrayEquals("Auth failure.".getBytes(StandardCharsets.US_ASCII), client.read(13));
        }
    }

    @Test
    void shouldReadABinaryRequestAsTextUnderProtocolAscii()
    {
        try (MemcachedServer server = start("-B", "ascii"); RawClient client = new RawClient(server.port()))
        {
            client.send(header(VERSION)).send("\r\n");
            final String reply = client.readLine();
            assertTrue(reply.startsWith("ERROR") || reply.startsWith("CLIENT_ERROR"), reply);
            assertEquals("VERSION ", client.call("version\r\n", "VERSION "));
            client.readLine();
            final String settings = client.send("stats settings\r\n").readUntil("END\r\n");
            assertTrue(settings.contains("STAT binding_protocol ascii\r\n"), settings);
        }
    }

    @Test
    void shouldCloseATextConnectionUnderProtocolBinary()
    {
        try (MemcachedServer server = start("-B", "binary"))
        {
            try (RawClient text = new RawClient(server.port()))
            {
                assertEquals("", text.send("version\r\nversion\r\nversion\r\n").readToClose());
            }
            try (RawClient binary = new RawClient(server.port()))
            {
                binary.send(header(VERSION));
                final ByteBuffer reply = ByteBuffer.wrap(binary.read(24));
                assertEquals((byte)0x81, reply.get(0));
                assertEquals(0, reply.getShort(6));
            }
        }
    }

    @Test
    void shouldRefuseCachedumpAndMetadumpUnderDisableDumping()
    {
        try (MemcachedServer server = start("-X"); RawClient client = new RawClient(server.port()))
        {
            assertReply(client, "stats cachedump 1 0\r\n", "CLIENT_ERROR stats cachedump not allowed\r\n");
            assertReply(client, "stats cachedump\r\n", "CLIENT_ERROR stats cachedump not allowed\r\n");
            assertReply(client, "lru_crawler metadump all\r\n", "ERROR metadump not allowed\r\n");
            assertReply(client, "lru_crawler metadump 99\r\n", "ERROR metadump not allowed\r\n");
            assertReply(client, "lru_crawler crawl all\r\n", "OK\r\n");
            assertReply(client, "lru_crawler disable\r\n", "OK\r\n");
            assertReply(client, "lru_crawler metadump all\r\n", "CLIENT_ERROR lru crawler disabled\r\n");
        }
    }

    @Test
    void shouldReportFlushAndDumpingRefusedInStatsSettings() throws Exception
    {
        try (MemcachedServer server = start("-F", "-X"); TextConnection connection = new TextConnection(server.port()))
        {
            final Map<String, String> settings = connection.stats("settings");
            assertEquals("no", settings.get("flush_enabled"));
            assertEquals("no", settings.get("dump_enabled"));
        }
        try (MemcachedServer server = start(); TextConnection connection = new TextConnection(server.port()))
        {
            final Map<String, String> settings = connection.stats("settings");
            assertEquals("yes", settings.get("flush_enabled"));
            assertEquals("yes", settings.get("dump_enabled"));
        }
    }

    @Test
    void shouldRefuseWatchUnderDisableWatch()
    {
        try (MemcachedServer server = start("-W"); RawClient client = new RawClient(server.port()))
        {
            assertReply(client, "watch\r\n", "CLIENT_ERROR watch commands not allowed\r\n");
            assertReply(client, "watch fetchers\r\n", "CLIENT_ERROR watch commands not allowed\r\n");
            assertReply(client, "watch bogus\r\n", "CLIENT_ERROR watch commands not allowed\r\n");
            assertReply(client, "watch noreply\r\n", "");
            assertReply(client, "set k 0 0 1\r\nv\r\n", "STORED\r\n");
        }
    }

    @Test
    void shouldSizeTheIndexFromHashpower() throws Exception
    {
        try (MemcachedServer server = start("-o", "hashpower=20");
            TextConnection connection = new TextConnection(server.port()))
        {
            assertEquals("20", connection.stats(null).get("hash_power_level"));
        }
    }
}
