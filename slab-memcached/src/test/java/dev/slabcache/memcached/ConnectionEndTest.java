/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every way a client can end a connection frees it at once: close, half-close or reset, before the first byte,
 * after it, mid-line, mid-value and while replies wait to be written. None may leave a connection counted against
 * -c (issue 17: probes that closed without a byte stayed in CLOSE-WAIT for ever and locked clients out).
 */
class ConnectionEndTest
{
    private static final String VERSION_LINE = "VERSION " + ServerStats.VERSION + "\r\n";
    private static final long WAIT_MILLIS = 10_000;

    /** scripts/probes.sh runs 10,000 against the jar beside memcached; 3,000 keep this test quick. */
    @Test
    void shouldFreeEveryConnectionOfThousandsOfConnectAndCloseProbes() throws IOException
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8")))
        {
            for (int i = 0; i < 3_000; i++)
            {
                new Socket("127.0.0.1", server.port()).close();
            }
            awaitOpen(server, 0);
            awaitAccepted(server, 3_000);
            assertFreedAndServing(server);
        }
    }

    @Test
    void shouldServeARealClientAfterMoreProbesThanTheConnectionLimit() throws IOException
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8", "-c", "20")))
        {
            for (int i = 0; i < 25; i++)
            {
                new Socket("127.0.0.1", server.port()).close();
            }
            awaitOpen(server, 0);
            awaitAccepted(server, 25);
            assertFreedAndServing(server);
        }
    }

    @Test
    void shouldFreeThousandsOfIdleConnectionsClosedTogether() throws IOException
    {
        final int count = idleConnectionsTheFileLimitAllows();
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8", "-c", "10000")))
        {
            final List<Socket> idle = new ArrayList<>(count);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    idle.add(new Socket("127.0.0.1", server.port()));
                }
                awaitOpen(server, count);
            }
            finally
            {
                for (final Socket socket : idle)
                {
                    socket.close();
                }
            }
            assertFreedAndServing(server);
        }
    }

    @Test
    void shouldCloseAConnectionHalfClosedBeforeAnyByte()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            RawClient client = new RawClient(server.port()))
        {
            awaitOpen(server, 1);
            client.shutdownOutput();
            assertEquals("", client.readToClose(), "closed without a reply");
            awaitOpen(server, 0);
        }
    }

    @Test
    void shouldAnswerWhatCameThenCloseAConnectionHalfClosedMidLine()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            RawClient client = new RawClient(server.port()))
        {
            client.send("version\r\nget fo");
            client.shutdownOutput();
            assertEquals(VERSION_LINE, client.readToClose(), "the whole command answered, the partial one not");
            awaitOpen(server, 0);
        }
    }

    @Test
    void shouldCloseAConnectionHalfClosedMidValueWithoutStoringIt()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8")))
        {
            try (RawClient client = new RawClient(server.port()))
            {
                client.send("set half 0 0 10\r\nabc");
                client.shutdownOutput();
                assertEquals("", client.readToClose());
            }
            awaitOpen(server, 0);
            try (RawClient check = new RawClient(server.port()))
            {
                assertEquals("END\r\n", check.call("get half\r\n", "END\r\n"));
            }
        }
    }

    @Test
    void shouldFreeAConnectionResetBeforeAnyByte() throws IOException
    {
        assertResetFrees(null);
    }

    @Test
    void shouldFreeAConnectionResetAfterOneByte() throws IOException
    {
        assertResetFrees("g");
    }

    @Test
    void shouldFreeAConnectionResetMidLine() throws IOException
    {
        assertResetFrees("get some");
    }

    @Test
    void shouldFreeAConnectionResetMidValue() throws IOException
    {
        assertResetFrees("set k 0 0 100000\r\n" + "v".repeat(5_000));
    }

    @Test
    void shouldFreeABinaryConnectionResetMidHeader() throws IOException
    {
        assertResetFrees("\u0080\u0000\u0000");
    }

    @Test
    void shouldFreeAConnectionResetWhileItsRepliesWaitToBeWritten() throws IOException
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64")))
        {
            final String value = "x".repeat(512 * 1024);
            try (RawClient client = new RawClient(server.port()))
            {
                assertEquals("STORED\r\n", client.call("set big 0 0 " + value.length() + "\r\n" + value + "\r\n",
                    "STORED\r\n"));
            }
            final Socket socket = new Socket("127.0.0.1", server.port());
            socket.getOutputStream().write(RawClient.bytes("get big\r\n".repeat(200)));
            awaitPausedWriting(server);
            socket.setSoLinger(true, 0);
            socket.close();
            assertFreedAndServing(server);
        }
    }

    @Test
    void shouldCloseAConnectionHalfClosedWhileItsRepliesWaitOnceTheyAreRead()
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64"));
            RawClient client = new RawClient(server.port()))
        {
            final String value = "y".repeat(256 * 1024);
            final String reply = "VALUE big 0 " + value.length() + "\r\n" + value + "\r\nEND\r\n";
            final int gets = 40;
            client.call("set big 0 0 " + value.length() + "\r\n" + value + "\r\n", "STORED\r\n");
            client.send("get big\r\n".repeat(gets));
            client.shutdownOutput();
            final String all = client.readToClose();
            assertEquals((long)gets * reply.length(), null == all ? -1 : all.length(), "every reply, then the close");
            awaitOpen(server, 0);
        }
    }

    private static void assertResetFrees(final String sent) throws IOException
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8")))
        {
            final Socket socket = new Socket("127.0.0.1", server.port());
            if (null != sent)
            {
                socket.getOutputStream().write(RawClient.bytes(sent));
            }
            awaitOpen(server, 1);
            socket.setSoLinger(true, 0);
            socket.close();
            assertFreedAndServing(server);
        }
    }

    /** Waits for no connection open, then checks that a new client is served and counted alone. */
    private static void assertFreedAndServing(final MemcachedServer server) throws IOException
    {
        awaitOpen(server, 0);
        try (TextConnection client = new TextConnection(server.port()))
        {
            final Map<String, String> stats = client.stats(null);
            assertEquals("1", stats.get("curr_connections"));
            assertEquals("1", stats.get("accepting_conns"));
            client.writeLine("version");
            client.flush();
            assertEquals(VERSION_LINE.trim(), client.readLine());
        }
    }

    /**
     * Waits for the server to have accepted {@code probes} connections (admitted or rejected) besides the listener
     * and the observer: until then one may still wait in the backlog, so no connection open proves nothing yet.
     */
    private static void awaitAccepted(final MemcachedServer server, final long probes) throws IOException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        try (TextConnection observer = new TextConnection(server.port()))
        {
            long seen = 0;
            while (System.currentTimeMillis() < deadline)
            {
                final Map<String, String> stats = observer.stats(null);
                seen = Long.parseLong(stats.get("total_connections")) - 2 +
                    Long.parseLong(stats.get("rejected_connections"));
                if (seen >= probes)
                {
                    return;
                }
                sleep();
            }
            assertEquals(probes, seen, "probes accepted after " + WAIT_MILLIS + " ms");
        }
    }

    private static void awaitOpen(final MemcachedServer server, final long expected)
    {
        final long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (server.stats().currConnections() != expected && System.currentTimeMillis() < deadline)
        {
            sleep();
        }
        assertEquals(expected, server.stats().currConnections(), "connections open after " + WAIT_MILLIS + " ms");
    }

    private static void awaitPausedWriting(final MemcachedServer server) throws IOException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        try (TextConnection observer = new TextConnection(server.port()))
        {
            while (System.currentTimeMillis() < deadline)
            {
                if (observer.stats("conns").containsValue("conn_mwrite"))
                {
                    return;
                }
                sleep();
            }
        }
        fail("the connection that does not read never waited to write");
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(5);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** 5,000, or fewer when the open-file limit could not hold both ends of each and some to spare. */
    private static int idleConnectionsTheFileLimitAllows()
    {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os)
        {
            final long spare = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - 256;
            return (int)Math.max(100, Math.min(5_000, spare / 2));
        }
        return 5_000;
    }
}
