/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.ServerConfig;
import dev.slabcache.memcached.TextConnection;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenConnectionsTest
{
    @Test
    void shouldListTheListenerThenEachConnectionWithMemcachedsKeysAndStates() throws Exception
    {
        final long opened = System.nanoTime();
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            Socket silent = new Socket("127.0.0.1", server.port());
            Socket midValue = new Socket("127.0.0.1", server.port());
            Socket midLine = new Socket("127.0.0.1", server.port());
            Socket swallowing = new Socket("127.0.0.1", server.port());
            TextConnection asking = new TextConnection(server.port()))
        {
            midValue.getOutputStream().write(RawClient.bytes("set k 0 0 100\r\nabc"));
            midLine.getOutputStream().write(RawClient.bytes("get so"));
            swallowing.getOutputStream().write(RawClient.bytes("set k 0 0 5000000\r\nabc"));
            final String listener = awaitConnections(asking, 5).get(0);
            final Socket[] clients = { silent, midValue, midLine, swallowing };
            final String[] states = { "conn_new_cmd", "conn_nread", "conn_read", "conn_swallow" };
            final Map<String, String> stats = awaitStates(asking, clients, states);
            assertEquals("tcp:127.0.0.1:" + server.port(), stats.get(listener + ":addr"));
            assertEquals("conn_listening", stats.get(listener + ":state"));
            assertTrue(stats.containsKey(listener + ":secs_since_last_cmd"));
            assertEquals(List.of("addr", "state", "secs_since_last_cmd"), keysOf(stats, listener));
            for (int i = 0; i < clients.length; i++)
            {
                final String id = idOf(stats, clients[i]);
                assertEquals(states[i], stats.get(id + ":state"), "connection " + i);
                assertEquals("tcp:127.0.0.1:" + server.port(), stats.get(id + ":listen_addr"));
                final long seconds = Long.parseLong(stats.get(id + ":secs_since_last_cmd"));
                final long elapsed = (System.nanoTime() - opened) / 1_000_000_000L + 1;
                assertTrue(seconds >= 0 && seconds <= elapsed, seconds + " s since the last command, " +
                    elapsed + " s at most since it connected");
                assertEquals(List.of("addr", "listen_addr", "state", "secs_since_last_cmd"), keysOf(stats, id));
            }
            assertEquals(1, stats.values().stream().filter("conn_parse_cmd"::equals).count(), "the asking one");
        }
    }

    @Test
    void shouldDropAConnectionFromTheListOnceItCloses() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            TextConnection asking = new TextConnection(server.port()))
        {
            final Socket client = new Socket("127.0.0.1", server.port());
            awaitConnections(asking, 2);
            client.close();
            awaitConnections(asking, 1);
        }
    }

    @Test
    void shouldCountSecondsSinceTheLastCommand() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            Socket quiet = new Socket("127.0.0.1", server.port());
            TextConnection asking = new TextConnection(server.port()))
        {
            quiet.getOutputStream().write(RawClient.bytes("version\r\n"));
            quiet.getInputStream().read();
            Thread.sleep(2_100);
            awaitConnections(asking, 2);
            final Map<String, String> stats = asking.stats("conns");
            final String id = idOf(stats, quiet);
            final long seconds = Long.parseLong(stats.get(id + ":secs_since_last_cmd"));
            assertTrue(seconds >= 2 && seconds <= 3, seconds + " s since the version command");
            assertEquals("conn_read", stats.get(id + ":state"), "waiting for a command, as memcached's");
        }
    }

    /** @return the listener's id, then the connections' ids, once as many connections are listed. */
    private static List<String> awaitConnections(final TextConnection asking, final int connections)
        throws IOException, InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (true)
        {
            final List<String> ids = asking.stats("conns").keySet().stream()
                .map(key -> key.substring(0, key.indexOf(':'))).distinct().collect(Collectors.toList());
            if (ids.size() == connections + 1 || System.currentTimeMillis() > deadline)
            {
                assertEquals(connections + 1, ids.size(), "the listener and the connections: " + ids);
                return ids;
            }
            Thread.sleep(5);
        }
    }

    /**
     * @return "stats conns" once each client shows its state, or after 10 s: a client's bytes may reach the server
     * after its connection is listed.
     */
    private static Map<String, String> awaitStates(
        final TextConnection asking, final Socket[] clients, final String[] states)
        throws IOException, InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (true)
        {
            final Map<String, String> stats = asking.stats("conns");
            boolean all = true;
            for (int i = 0; i < clients.length; i++)
            {
                all &= states[i].equals(stats.get(idOf(stats, clients[i]) + ":state"));
            }
            if (all || System.currentTimeMillis() > deadline)
            {
                return stats;
            }
            Thread.sleep(5);
        }
    }

    private static String idOf(final Map<String, String> stats, final Socket client)
    {
        final String addr = "tcp:127.0.0.1:" + client.getLocalPort();
        return stats.entrySet().stream().filter(e -> e.getKey().endsWith(":addr") && addr.equals(e.getValue()))
            .map(e -> e.getKey().substring(0, e.getKey().indexOf(':'))).findFirst().orElseThrow();
    }

    private static List<String> keysOf(final Map<String, String> stats, final String id)
    {
        return stats.keySet().stream().filter(key -> key.startsWith(id + ":"))
            .map(key -> key.substring(id.length() + 1)).collect(Collectors.toList());
    }
}
