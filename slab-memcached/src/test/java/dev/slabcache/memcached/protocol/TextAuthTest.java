/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slabcache.memcached.ConfigException;
import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TextAuthTest
{
    private static final String UNAUTHENTICATED = "CLIENT_ERROR unauthenticated\r\n";
    private static final String FAILURE = "CLIENT_ERROR authentication failure\r\n";

    @TempDir
    Path dir;

    @Test
    void shouldReadUsersWithPasswordsOfAnyBytesButNewlines() throws IOException
    {
        final AuthFile users = AuthFile.load(file("alice:s3cret\r\nbob:pass with spaces:and colons\ncarol:x"));
        assertEquals(3, users.size());
        assertTrue(users.check(bytes("alice"), bytes("s3cret")));
        assertTrue(users.check(bytes("bob"), bytes("pass with spaces:and colons")));
        assertTrue(users.check(bytes("carol"), bytes("x")));
        assertFalse(users.check(bytes("alice"), bytes("s3cret\r")));
        assertFalse(users.check(bytes("alice"), bytes("s3cre")));
        assertFalse(users.check(bytes("alic"), bytes("es3cret")), "the split is part of the entry");
        assertFalse(users.check(bytes("bob"), bytes("s3cret")), "another user's password");
        assertFalse(users.check(bytes(""), bytes("")));
        assertFalse(users.toString().contains("s3cret"), users.toString());
    }

    @Test
    void shouldRefuseAMalformedFileNamingTheLineButNotItsText() throws IOException
    {
        assertRefused("alice:one\nbobsecret\n", " line 2 has no ':': each line is user:password");
        assertRefused("alice:one\n\nbob:two\n", " line 2 is empty: each line is user:password");
        assertRefused(":secret\n", " line 1 has an empty user: each line is user:password");
        assertRefused("alice:\n", " line 1 has an empty password: each line is user:password");
        assertRefused("al ice:secret\n", " line 1 has a space in the user, which the ascii authentication " +
            "(\"user password\") cannot carry");
        assertRefused("alice:" + "p".repeat(AuthFile.MAX_LINE_BYTES) + "\n", " line 1 is over 16384 bytes");
        final Path empty = file("");
        assertEquals("auth file " + empty + " is empty: it needs user:password lines",
            assertThrows(IllegalArgumentException.class, () -> AuthFile.load(empty)).getMessage());
        final Path missing = dir.resolve("missing");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthFile.load(missing)).getMessage()
            .startsWith("cannot read auth file " + missing + ": java.nio.file.NoSuchFileException"));
    }

    @Test
    void shouldRefuseToStartOnAMalformedFile() throws IOException
    {
        final Path path = file("alice:one\nbobsecret\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8", "-Y", path.toString())));
        assertEquals("auth file " + path + " line 2 has no ':': each line is user:password", ex.getMessage());
        assertFalse(ex.getMessage().contains("bobsecret"));
    }

    @Test
    void shouldTakeOnlyTheAsciiProtocolAsMemcachedDoes()
    {
        assertEquals(BindingProtocol.ASCII, ServerConfig.parse("-Y", "/etc/auth").protocol());
        assertEquals(BindingProtocol.ASCII, ServerConfig.parse("-B", "ascii", "--auth-file=/etc/auth").protocol());
        assertEquals(Path.of("/etc/auth"), ServerConfig.parse("-Y", "/etc/auth").authFile());
        assertNull(ServerConfig.parse().authFile());
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> ServerConfig.parse("-B", "binary", "-Y", "/etc/auth"));
        assertEquals("flag -Y (ascii authentication) allows only the ascii protocol, got -B binary: give -B ascii " +
            "or no -B", ex.getMessage());
        assertThrows(ConfigException.class, () -> ServerConfig.parse("-Y", "/etc/auth", "-B", "auto"));
        assertThrows(ConfigException.class, () -> ServerConfig.parse("-Y", ""));
    }

    @Test
    void shouldRefuseEveryCommandUntilAuthenticatedThenServe() throws IOException
    {
        final Path path = file("alice:s3cret\nbob:two words\n");
        try (MemcachedServer server = start(path); RawClient client = new RawClient(server.port()))
        {
            assertEquals(UNAUTHENTICATED, client.call("get k\r\n", UNAUTHENTICATED));
            assertEquals(UNAUTHENTICATED, client.call("stats\r\n", UNAUTHENTICATED));
            assertEquals(UNAUTHENTICATED, client.call("set k 0 0\r\n", UNAUTHENTICATED));
            assertEquals(UNAUTHENTICATED, client.call("set k 0 0 x\r\n", UNAUTHENTICATED));
            assertEquals(UNAUTHENTICATED, client.call("flush_all 0 0 0 0\r\n", UNAUTHENTICATED));
            assertEquals(FAILURE, client.call("set k 0 0 12\r\nalice s3cre1\r\n", FAILURE));
            assertEquals(FAILURE, client.call("set k 0 0 11\r\nmallory abc\r\n", FAILURE));
            assertEquals(FAILURE, client.call("set k 0 0 7\r\nbob two\r\n", FAILURE));
            // Right credentials, then commands pipelined behind them in the same write.
            final String reply = "STORED\r\nSTORED\r\nVALUE a 0 1\r\nx\r\nEND\r\n";
            assertEquals(reply, client.call("set k 0 0 13\r\nbob two words\r\nset a 0 0 1\r\nx\r\nget a\r\n", reply));
            final String stats = client.send("stats\r\n").readUntil("END\r\n");
            assertEquals("4", stat(stats, "auth_cmds"));
            assertEquals("3", stat(stats, "auth_errors"));
            final String settings = client.send("stats settings\r\n").readUntil("END\r\n");
            assertEquals(path.toString(), stat(settings, "auth_enabled_ascii"));
            assertEquals("ascii", stat(settings, "binding_protocol"));
            assertFalse((stats + settings).contains("two words") || (stats + settings).contains("s3cret"));
            try (RawClient other = new RawClient(server.port()))
            {
                assertEquals(UNAUTHENTICATED, other.call("get a\r\n", UNAUTHENTICATED), "each connection on its own");
            }
        }
    }

    @Test
    void shouldAnswerBadTokensAsMemcachedDoes() throws IOException
    {
        try (MemcachedServer server = start(file("alice:s3cret\n")); RawClient client = new RawClient(server.port()))
        {
            final String tooLong = "CLIENT_ERROR auth token too long\r\n";
            assertEquals(tooLong, client.call("set k 0 0 16385\r\n", tooLong));
            final String termination = "CLIENT_ERROR bad command line termination\r\n";
            assertEquals(termination, client.call("set k 0 0 3\r\nabcde", termination));
            final String format = "CLIENT_ERROR bad authentication token format\r\n";
            assertEquals(format, client.call("set k 0 0 6\r\nalice.\r\n", format));
            final String overlong = "alice " + "s".repeat(16378);
            assertEquals(FAILURE, client.call("set k 0 0 16384\r\n" + overlong + "\r\n", FAILURE));
            assertEquals("STORED\r\n", client.call("set k 0 0 12\r\nalice s3cret\r\n", "STORED\r\n"));
        }
        try (MemcachedServer server = start(file("alice:s3cret\n")))
        {
            try (RawClient shortLine = new RawClient(server.port()))
            {
                assertEquals("", shortLine.send("quit\r\n").readToClose(), "a line under 6 bytes closes");
            }
            try (RawClient junk = new RawClient(server.port()))
            {
                assertEquals("", junk.send("x".repeat(2049)).readToClose(), "2 KiB without a newline closes");
            }
            try (RawClient halfClosed = new RawClient(server.port()))
            {
                halfClosed.send("get k\r\n").shutdownOutput();
                assertEquals(UNAUTHENTICATED, halfClosed.readToClose());
            }
            try (RawClient binary = new RawClient(server.port()))
            {
                final byte[] header = new byte[24];
                header[0] = (byte)0x80;
                header[1] = 0x0b; // version
                binary.send(header).send("\n").shutdownOutput();
                assertEquals(UNAUTHENTICATED, binary.readToClose(), "a binary request is read as a text line");
            }
        }
    }

    @Test
    void shouldServeAGoodClientThroughTenThousandFailedAttempts() throws Exception
    {
        try (MemcachedServer server = start(file("alice:s3cret\n"));
            RawClient good = new RawClient(server.port()))
        {
            assertEquals("STORED\r\n", good.call("set k 0 0 12\r\nalice s3cret\r\n", "STORED\r\n"));
            final int attempts = 10_000;
            final int batch = 100;
            final CompletableFuture<Integer> attacker = CompletableFuture.supplyAsync(() ->
            {
                int failures = 0;
                try (RawClient bad = new RawClient(server.port()))
                {
                    final String attempt = "set k 0 0 12\r\nalice s3cre7\r\n";
                    for (int sent = 0; sent < attempts; sent += batch)
                    {
                        final String replies = bad.call(attempt.repeat(batch), FAILURE.repeat(batch));
                        failures += replies.split("\r\n", -1).length - 1;
                        assertEquals(FAILURE.repeat(batch), replies);
                    }
                }
                return failures;
            });
            int served = 0;
            do // at least once, however soon the attacker is done
            {
                final String value = Integer.toString(served);
                final String reply = "STORED\r\nVALUE v 0 " + value.length() + "\r\n" + value + "\r\nEND\r\n";
                assertEquals(reply, good.call("set v 0 0 " + value.length() + "\r\n" + value + "\r\nget v\r\n",
                    reply));
                served++;
            }
            while (!attacker.isDone());
            assertEquals(attempts, attacker.get());
            final String stats = good.send("stats\r\n").readUntil("END\r\n");
            assertEquals(Integer.toString(attempts + 1), stat(stats, "auth_cmds"));
            assertEquals(Integer.toString(attempts), stat(stats, "auth_errors"));
        }
    }

    @Test
    void shouldCheckNewAttemptsAgainstTheReloadedFileAndKeepSessionsOpenedBefore() throws IOException
    {
        final Path path = file("alice:one\n");
        try (MemcachedServer server = start(path);
            RawClient alice = new RawClient(server.port());
            RawClient pending = new RawClient(server.port()))
        {
            assertEquals("STORED\r\n", alice.call("set k 0 0 9\r\nalice one\r\n", "STORED\r\n"));
            assertEquals(UNAUTHENTICATED, pending.call("get k\r\n", UNAUTHENTICATED));
            Files.writeString(path, "bob:two\n");

            assertEquals(List.of(), server.reload());

            final String served = "STORED\r\nVALUE a 0 1\r\nx\r\nEND\r\n";
            assertEquals(served, alice.call("set a 0 0 1\r\nx\r\nget a\r\n", served),
                "a session opened before goes on, as in memcached");
            assertEquals(FAILURE, pending.call("set k 0 0 9\r\nalice one\r\n", FAILURE));
            assertEquals("STORED\r\n", pending.call("set k 0 0 7\r\nbob two\r\n", "STORED\r\n"));
            try (RawClient fresh = new RawClient(server.port()))
            {
                assertEquals(FAILURE, fresh.call("set k 0 0 9\r\nalice one\r\n", FAILURE));
                assertEquals("STORED\r\n", fresh.call("set k 0 0 7\r\nbob two\r\n", "STORED\r\n"));
            }

            Files.writeString(path, "bob:two\nmallorysecret\n");
            assertEquals(List.of("auth file " + path + " line 2 has no ':': each line is user:password; keeping " +
                "the users read before"), server.reload());
            try (RawClient fresh = new RawClient(server.port()))
            {
                assertEquals("STORED\r\n", fresh.call("set k 0 0 7\r\nbob two\r\n", "STORED\r\n"));
            }
        }
    }

    private MemcachedServer start(final Path authFile)
    {
        return MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8", "-t", "2", "-Y", authFile.toString()));
    }

    private void assertRefused(final String text, final String expectedTail) throws IOException
    {
        final Path path = file(text);
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> AuthFile.load(path));
        assertEquals("auth file " + path + expectedTail, ex.getMessage());
    }

    private Path file(final String text) throws IOException
    {
        final Path path = Files.createTempFile(dir, "auth", ".txt");
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String stat(final String stats, final String name)
    {
        final Matcher matcher = Pattern.compile("STAT " + name + " (\\S+)\r\n").matcher(stats);
        assertTrue(matcher.find(), name + " in " + stats);
        return matcher.group(1);
    }
}
