/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.slabcache.memcached.ConfigException;
import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.ServerConfig;
import dev.slabcache.memcached.ServerStats;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.auth.PlainCallbackHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static dev.slabcache.memcached.protocol.BinaryProtocolTest.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SASL PLAIN on the binary protocol (-S with -Y): hand-written frames for every reply, and spymemcached 2.12.3, a
 * real binary client, authenticating through the JDK's SASL PLAIN client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SaslTest
{
    private static final int GET = 0x00;
    private static final int VERSION = 0x0b;
    private static final int LIST_MECHS = 0x20;
    private static final int AUTH = 0x21;
    private static final int STEP = 0x22;
    private static final int AUTH_ERROR = 0x20;

    @TempDir
    Path dir;

    private Path users;

    @BeforeEach
    void writeUsers() throws IOException
    {
        users = dir.resolve("users");
        Files.writeString(users, "alice:s3cret\nbob:two words\n");
    }

    @Test
    void shouldNeedTheAuthFileAndKeepBothProtocols()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> ServerConfig.parse("-S"));
        assertEquals("flag -S needs -Y FILE: SASL PLAIN takes its users from that file (memcached reads Cyrus " +
            "SASL's own, which needs a native library)", ex.getMessage());
        final ServerConfig config = ServerConfig.parse("--enable-sasl", "-Y", "/etc/users");
        assertTrue(config.sasl());
        assertEquals(BindingProtocol.AUTO, config.protocol());
        assertEquals(BindingProtocol.BINARY, ServerConfig.parse("-S", "-Y", "/etc/users", "-B", "binary").protocol());
    }

    @Test
    void shouldRefuseEveryCommandButSaslAndVersionUntilAuthenticated()
    {
        try (MemcachedServer server = start(); RawClient client = new RawClient(server.port()))
        {
            assertReply(client, request(VERSION, ""), 0, ServerStats.VERSION);
            assertReply(client, request(LIST_MECHS, ""), 0, "PLAIN");
            assertReply(client, auth("PLAIN", "\0alice\0s3cre7"), AUTH_ERROR, "Auth failure.");
            assertReply(client, auth("PLAIN", "\0mallory\0s3cret"), AUTH_ERROR, "Auth failure.");
            assertReply(client, auth("PLAIN", "bob\0alice\0s3cret"), AUTH_ERROR, "Auth failure.");
            assertReply(client, auth("PLAIN", "alice\0s3cret"), AUTH_ERROR, "Auth failure.");
            assertReply(client, auth("PLAIN", "\0alice\0s3cret\0"), AUTH_ERROR, "Auth failure.");
            assertReply(client, auth("CRAM-MD5", "\0alice\0s3cret"), AUTH_ERROR, "Auth failure.");
            assertReply(client, frame(STEP, "PLAIN", "\0alice\0s3cret"), AUTH_ERROR, "Auth failure.");
            assertReply(client, auth("X".repeat(33), "\0alice\0s3cret"), 0x04, "Invalid arguments");
            assertReply(client, auth("PLAIN", "alice\0alice\0s3cret"), 0, "Authenticated");
            assertReply(client, request(GET, "k"), 0x01, "Not found");
            assertReply(client, auth("PLAIN", "\0bob\0two words"), 0, "Authenticated");
        }
        try (MemcachedServer server = start(); RawClient client = new RawClient(server.port()))
        {
            assertReply(client, request(GET, "k"), AUTH_ERROR, "Auth failure.");
            assertEquals("", client.readToClose(), "closed after the refusal, as memcached");
        }
        try (MemcachedServer server = start(); RawClient client = new RawClient(server.port()))
        {
            // The header alone, announcing a body over the limit: refused before any of it is read.
            final byte[] huge = java.util.Arrays.copyOf(
                frame(AUTH, "PLAIN", "\0alice\0" + "p".repeat(SaslPlain.MAX_BODY_LENGTH)), 24);
            assertReply(client, huge, 0x04, "Invalid arguments");
            assertEquals("", client.readToClose(), "an overlong body closes");
        }
    }

    @Test
    void shouldLetSpymemcachedInWithTheRightPasswordOnly() throws Exception
    {
        try (MemcachedServer server = start())
        {
            final MemcachedClient good = spy(server.port(), "bob", "two words");
            try
            {
                assertTrue(good.set("k", 0, "v").get(10, TimeUnit.SECONDS));
                assertEquals("v", good.get("k"));
            }
            finally
            {
                good.shutdown(5, TimeUnit.SECONDS);
            }
            try (RawClient text = new RawClient(server.port()))
            {
                final String stats = text.send("set a 0 0 12\r\nalice s3cret\r\nstats\r\n").readUntil("END\r\n");
                assertTrue(stats.startsWith("STORED\r\n"), stats);
                assertTrue(stats.contains("STAT auth_cmds 2\r\n") && stats.contains("STAT auth_errors 0\r\n"),
                    stats);
                final String settings = text.send("stats settings\r\n").readUntil("END\r\n");
                assertTrue(settings.contains("STAT auth_enabled_sasl yes\r\n"), settings);
                assertTrue(!stats.contains("two words") && !settings.contains("two words"));
            }
        }
    }

    @Test
    void shouldServeAGoodClientThroughTenThousandFailedAuths() throws Exception
    {
        try (MemcachedServer server = start())
        {
            final MemcachedClient good = spy(server.port(), "alice", "s3cret");
            assertTrue(good.set("k", 0, "authenticated first").get(10, TimeUnit.SECONDS));
            final int attempts = 10_000;
            final int batch = 100;
            final CompletableFuture<Integer> attacker = CompletableFuture.supplyAsync(() ->
            {
                int failures = 0;
                try (RawClient bad = new RawClient(server.port()))
                {
                    final byte[] attempt = auth("PLAIN", "\0alice\0guess");
                    final ByteBuffer many = ByteBuffer.allocate(attempt.length * batch);
                    for (int i = 0; i < batch; i++)
                    {
                        many.put(attempt);
                    }
                    for (int sent = 0; sent < attempts; sent += batch)
                    {
                        bad.send(many.array());
                        for (int i = 0; i < batch; i++)
                        {
                            assertEquals(AUTH_ERROR, status(bad, "Auth failure."));
                            failures++;
                        }
                    }
                }
                return failures;
            });
            try
            {
                int served = 0;
                do // at least once, however soon the attacker is done
                {
                    assertTrue(good.set("k", 0, Integer.toString(served)).get(10, TimeUnit.SECONDS));
                    assertEquals(Integer.toString(served), good.get("k"));
                    served++;
                }
                while (!attacker.isDone());
                assertEquals(attempts, attacker.get());
            }
            finally
            {
                good.shutdown(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldCheckNewAuthsAgainstTheReloadedFileAndKeepSessionsOpenedBefore() throws IOException
    {
        try (MemcachedServer server = start(); RawClient before = new RawClient(server.port()))
        {
            assertReply(before, auth("PLAIN", "\0alice\0s3cret"), 0, "Authenticated");
            Files.writeString(users, "carol:three\n");

            assertEquals(List.of(), server.reload());

            assertReply(before, request(GET, "k"), 0x01, "Not found");
            try (RawClient after = new RawClient(server.port()))
            {
                assertReply(after, auth("PLAIN", "\0alice\0s3cret"), AUTH_ERROR, "Auth failure.");
                assertReply(after, auth("PLAIN", "\0carol\0three"), 0, "Authenticated");
                assertReply(after, request(GET, "k"), 0x01, "Not found");
            }
        }
    }

    private MemcachedServer start()
    {
        return MemcachedServer.start(
            ServerConfig.parse("-p", "0", "-m", "8", "-t", "2", "-S", "-Y", users.toString()));
    }

    private static MemcachedClient spy(final int port, final String user, final String password) throws IOException
    {
        return new MemcachedClient(
            new ConnectionFactoryBuilder()
                .setProtocol(Protocol.BINARY)
                // Retry, not Cancel: an operation issued while the connection authenticates waits for it.
                .setFailureMode(FailureMode.Retry)
                .setOpTimeout(10_000)
                .setAuthDescriptor(
                    new AuthDescriptor(new String[]{ "PLAIN" }, new PlainCallbackHandler(user, password)))
                .build(),
            List.of(new InetSocketAddress("127.0.0.1", port)));
    }

    private static byte[] auth(final String mechanism, final String message)
    {
        return frame(AUTH, mechanism, message);
    }

    private static byte[] frame(final int opcode, final String mechanism, final String message)
    {
        return request(opcode, mechanism, new byte[0], message, 0);
    }

    private static void assertReply(final RawClient client, final byte[] request, final int status, final String body)
    {
        client.send(request);
        assertEquals(status, status(client, body));
    }

    /** Reads one response, checks its body and returns its status. */
    private static int status(final RawClient client, final String body)
    {
        final ByteBuffer header = ByteBuffer.wrap(client.read(24));
        assertEquals((byte)0x81, header.get(0));
        final byte[] value = client.read(header.getInt(8));
        assertArrayEquals(
            body.getBytes(StandardCharsets.US_ASCII), value, new String(value, StandardCharsets.US_ASCII));
        return header.getShort(6) & 0xFFFF;
    }
}
