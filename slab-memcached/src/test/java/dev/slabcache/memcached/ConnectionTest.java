/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionTest
{
    private static final String VERSION_LINE = "VERSION " + ServerStats.VERSION + "\r\n";

    @Test
    void shouldRefuseConnectionsOverTheLimitAsMemcachedDoes()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8", "-c", "2"));
            RawClient first = new RawClient(server.port()))
        {
            final RawClient second = new RawClient(server.port());
            assertEquals(VERSION_LINE, first.call("version\r\n", VERSION_LINE));
            assertEquals(VERSION_LINE, second.call("version\r\n", VERSION_LINE));
            try (RawClient third = new RawClient(server.port()))
            {
                assertEquals("ERROR Too many open connections\r\n", third.readToClose());
            }
            final String stats = first.send("stats\r\n").readUntil("END\r\n");
            assertEquals("1", stat(stats, "rejected_connections"));
            assertEquals("2", stat(stats, "curr_connections"));
            second.close();
            assertTrue(waitForConnections(first, "1"));
            try (RawClient again = new RawClient(server.port()))
            {
                assertEquals(VERSION_LINE, again.call("version\r\n", VERSION_LINE));
            }
        }
    }

    @Test
    void shouldCountConnectionsAsMemcachedDoesWithItsListenerAmongThem()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            RawClient first = new RawClient(server.port()))
        {
            String stats = first.send("stats\r\n").readUntil("END\r\n");
            assertEquals("1", stat(stats, "curr_connections"));
            assertEquals("2", stat(stats, "total_connections"));
            assertEquals("2", stat(stats, "connection_structures"));
            assertEquals("1", stat(stats, "accepting_conns"));
            assertEquals("0", stat(stats, "listen_disabled_num"));
            try (RawClient second = new RawClient(server.port()))
            {
                assertEquals(VERSION_LINE, second.call("version\r\n", VERSION_LINE));
            }
            assertTrue(waitForConnections(first, "1"));
            stats = first.send("stats\r\n").readUntil("END\r\n");
            assertEquals("3", stat(stats, "total_connections"));
            assertEquals("3", stat(stats, "connection_structures"), "the most open at once, and the listener");
            assertEquals("RESET\r\n", first.call("stats reset\r\n", "RESET\r\n"));
            stats = first.send("stats\r\n").readUntil("END\r\n");
            assertEquals("0", stat(stats, "total_connections"));
            assertEquals("3", stat(stats, "connection_structures"));
        }
    }

    @Test
    void shouldCloseAnIdleConnectionSilentlyButKeepABusyOneWithIdleTimeout() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "--idle-timeout", "1"));
            RawClient idle = new RawClient(server.port());
            RawClient busy = new RawClient(server.port()))
        {
            for (int i = 0; i < 8; i++) // 2.4 s of commands 0.3 s apart: never a second without traffic
            {
                assertEquals(VERSION_LINE, busy.call("version\r\n", VERSION_LINE));
                Thread.sleep(300);
            }
            assertEquals("", idle.readToClose(), "closed without a reply");
            assertEquals(VERSION_LINE, busy.call("version\r\n", VERSION_LINE));
            assertEquals("1", stat(busy.send("stats settings\r\n").readUntil("END\r\n"), "idle_timeout"));
            assertEquals("1", stat(busy.send("stats\r\n").readUntil("END\r\n"), "idle_kicks"));
        }
    }

    @Test
    void shouldKeepIdleConnectionsWithoutIdleTimeout() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0"));
            RawClient client = new RawClient(server.port()))
        {
            Thread.sleep(1_500);
            assertEquals(VERSION_LINE, client.call("version\r\n", VERSION_LINE));
        }
    }

    @Test
    void shouldDeliverEverythingToAClientThatReadsLate()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64"));
            RawClient client = new RawClient(server.port()))
        {
            final String value = "x".repeat(512 * 1024);
            assertEquals("STORED\r\n", client.call("set big 0 0 " + value.length() + "\r\n" + value + "\r\n",
                "STORED\r\n"));
            final int gets = 64;
            client.send("get big\r\n".repeat(gets) + "version\r\n");
            final String expected = "VALUE big 0 " + value.length() + "\r\n" + value + "\r\nEND\r\n";
            for (int i = 0; i < gets; i++)
            {
                assertEquals(expected, client.readText(expected.length()), "reply " + i);
            }
            assertEquals(VERSION_LINE, client.readText(VERSION_LINE.length()));
        }
    }

    private static boolean waitForConnections(final RawClient client, final String expected)
    {
        for (int i = 0; i < 200; i++)
        {
            if (expected.equals(stat(client.send("stats\r\n").readUntil("END\r\n"), "curr_connections")))
            {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static String stat(final String stats, final String name)
    {
        final Matcher matcher = Pattern.compile("STAT " + name + " (\\S+)\r\n").matcher(stats);
        assertTrue(matcher.find(), name + " in " + stats);
        return matcher.group(1);
    }
}
