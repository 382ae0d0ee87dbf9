/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShutdownCommandTest
{
    @Test
    void shouldCloseTheServerAndTellItsOwnerOnShutdownUnderDashA() throws Exception
    {
        final CountDownLatch told = new CountDownLatch(1);
        final MemcachedServer server = MemcachedServer.start(
            ServerConfig.parse("-p", "0", "-m", "16", "-t", "1", "-A"), told::countDown);
        final int port = server.port();
        try (RawClient client = new RawClient(port))
        {
            assertEquals("CLIENT_ERROR invalid shutdown mode\r\n",
                client.call("shutdown now\r\n", "CLIENT_ERROR invalid shutdown mode\r\n"));
            client.send("shutdown\r\n");
            assertEquals("", client.readToClose(), "memcached closes the connection without a reply");
        }
        assertTrue(told.await(10, TimeUnit.SECONDS), "the owner's callback runs once the server is closed");
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
        server.close();
    }

    @Test
    void shouldReportTheShutdownSettingUnderDashA() throws IOException
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "16", "-A"));
            TextConnection client = new TextConnection(server.port()))
        {
            assertEquals("yes", client.stats("settings").get("shutdown_command"));
        }
    }

    @Test
    void shouldKeepTheItemsOfAMemoryFileAcrossAShutdownCommandAndAnEmbeddedClose(@TempDir final Path dir)
        throws Exception
    {
        final String file = dir.resolve("items").toString();
        final CountDownLatch told = new CountDownLatch(1);
        final MemcachedServer first = MemcachedServer.start(
            ServerConfig.parse("-p", "0", "-m", "16", "-t", "1", "-A", "-e", file), told::countDown);
        try (RawClient client = new RawClient(first.port()))
        {
            assertEquals("STORED\r\n", client.call("set k 5 0 1\r\nv\r\n", "STORED\r\n"));
            client.send("shutdown\r\n");
            client.readToClose();
        }
        assertTrue(told.await(10, TimeUnit.SECONDS));
        first.close();
        try (MemcachedServer second = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "16", "-e", file));
            RawClient client = new RawClient(second.port()))
        {
            final String reply = "VALUE k 5 1\r\nv\r\nEND\r\n";
            assertEquals(reply, client.call("get k\r\n", reply));
            assertEquals("STORED\r\n", client.call("set j 6 0 1\r\nw\r\n", "STORED\r\n"));
        }
        try (MemcachedServer third = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "16", "-e", file));
            RawClient client = new RawClient(third.port()))
        {
            final String reply = "VALUE k 5 1\r\nv\r\nVALUE j 6 1\r\nw\r\nEND\r\n";
            assertEquals(reply, client.call("get k j\r\n", reply), "close() of an embedded server keeps them too");
        }
    }
}
