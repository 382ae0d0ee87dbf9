/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.security.cert.Certificate;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command line in a JVM of its own, as an operator or a service manager runs it: what one JVM cannot show of
 * itself (its exit status on a signal, what it does on SIGHUP, its pid file, the user check).
 */
class MainProcessTest
{
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    /** Items of the warm restart test; scripts/restart.sh keeps a million, and times it beside memcached. */
    private static final int WARM_ITEMS = 100_000;

    /** Values and flags as the server holds them. */
    private static final Transcoder<CachedData> AS_IS = new Transcoder<>()
    {
        @Override
        public boolean asyncDecode(final CachedData data)
        {
            return false;
        }

        @Override
        public CachedData encode(final CachedData data)
        {
            return data;
        }

        @Override
        public CachedData decode(final CachedData data)
        {
            return data;
        }

        @Override
        public int getMaxSize()
        {
            return Integer.MAX_VALUE;
        }
    };

    @TempDir
    Path dir;

    private Process fork(final String... args) throws IOException
    {
        return start(command(args));
    }

    /** As an operator's nohup starts it: SIGHUP ignored from the start. */
    private Process forkWithSighupIgnored(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
        command.addAll(command(args));
        return start(command);
    }

    private static List<String> command(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx64m",
            "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private Process start(final List<String> command) throws IOException
    {
        return new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    }

    private static void kill(final Process process, final String signal) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
    }

    private String err() throws IOException
    {
        return Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    private String out() throws IOException
    {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    /** @return the port the child listens on, once it has written its pid file. */
    private int awaitListening(final Process process, final Path pidFile) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && process.isAlive())
        {
            final Matcher matcher = LISTENING.matcher(err());
            if (Files.exists(pidFile) && matcher.find())
            {
                return Integer.parseInt(matcher.group(1));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("the child did not listen within 30 s; its stderr: " + err());
    }

    private int stopped(final Process process) throws Exception
    {
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("the child did not stop within 30 s; its stderr: " + err());
        }
        return process.exitValue();
    }

    private void assertServesAndStopsCleanly(final String signal) throws Exception
    {
        final Path pidFile = dir.resolve("run").resolve("memcached.pid");
        Files.createDirectories(pidFile.getParent());
        final Process process = fork("-d", "-p", "0", "-l", "127.0.0.1", "-m", "8", "-u", "root", "-v",
            "-P", pidFile.toString());
        final int port = awaitListening(process, pidFile);
        assertEquals(process.pid() + "\n", Files.readString(pidFile));
        try (RawClient client = new RawClient(port))
        {
            assertEquals("STORED\r\n", client.call("set k 0 0 1\r\nv\r\n", "STORED\r\n"));
        }
        if ("TERM".equals(signal))
        {
            process.destroy();
        }
        else
        {
            kill(process, signal);
        }
        assertEquals(0, stopped(process), this::errQuietly);
        final String err = err();
        assertTrue(err.contains("-d: a JVM cannot detach itself"), err);
        assertTrue(err.endsWith("Exiting normally" + System.lineSeparator()), err);
        assertFalse(Files.exists(pidFile), "the pid file is still there");
    }

    private String errQuietly()
    {
        try
        {
            return err();
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    @Test
    void shouldExitZeroOnSigtermWithALogLineAndNoPidFileLeft() throws Exception
    {
        assertServesAndStopsCleanly("TERM");
    }

    @Test
    void shouldExitZeroOnSigintWithALogLineAndNoPidFileLeft() throws Exception
    {
        assertServesAndStopsCleanly("INT");
    }

    @Test
    void shouldPrintItsNameAndVersionUnderV() throws Exception
    {
        final Process process = fork("-V");
        assertEquals(0, stopped(process));
        assertTrue(out().matches("slab-memcached \\d+\\.\\d+\\.\\d+\\S*\\R"), out());
        assertEquals("", err());
    }

    @Test
    void shouldRefuseToRunAsRootWithoutUser() throws Exception
    {
        assumeTrue(ProcessUser.isRoot(), "only a process run as root is refused");
        final Process process = fork("-p", "0", "-l", "127.0.0.1");
        assertEquals(Main.EXIT_USAGE, stopped(process));
        assertEquals("can't run as root without the -u switch" + System.lineSeparator(), err());
    }

    @Test
    void shouldRefuseToRunAsRootAsAnotherUserNamingTheLauncher() throws Exception
    {
        assumeTrue(ProcessUser.isRoot(), "only a process run as root is refused");
        final Process process = fork("-p", "0", "-l", "127.0.0.1", "-u", "nobody");
        assertEquals(Main.EXIT_USAGE, stopped(process));
        assertTrue(err().startsWith("can't run as root with -u nobody: a JVM cannot switch users; start it through " +
            "bin/slab-memcached"), err());
    }

    @Test
    void shouldStartWithDebiansMemcachedConfWhenNotRoot() throws Exception
    {
        assumeFalse(ProcessUser.isRoot(), "as root, -u memcache needs the launcher");
        final Path pidFile = dir.resolve("memcached.pid");
        final Process process = fork("-d", "-m", "64", "-p", "0", "-u", "memcache", "-l", "127.0.0.1", "-v",
            "-P", pidFile.toString());
        awaitListening(process, pidFile);
        process.destroy();
        assertEquals(0, stopped(process));
        assertFalse(Files.exists(pidFile));
    }

    @Test
    void shouldExitZeroOnSigusr1WithALogLineAndNoPidFileLeft() throws Exception
    {
        assertServesAndStopsCleanly("USR1");
    }

    /**
     * @return a spymemcached client that has connected: one with FailureMode.Cancel cancels what it queued before.
     */
    private static MemcachedClient connected(final int port) throws Exception
    {
        final MemcachedClient client = SpyClients.open(ConnectionFactoryBuilder.Protocol.TEXT, port);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.getVersions().isEmpty())
        {
            if (System.nanoTime() > deadline)
            {
                client.shutdown();
                throw new AssertionError("spymemcached did not connect to port " + port + " within 30 s");
            }
            Thread.sleep(50);
        }
        return client;
    }

    private static byte[] warmValue(final int i)
    {
        return ("v" + i + "-").repeat(1 + i % 20).getBytes(StandardCharsets.US_ASCII);
    }

    private Process forkWithMemoryFile(final Path pidFile) throws IOException
    {
        return fork("-p", "0", "-l", "127.0.0.1", "-m", "128", "-u", "root", "-v",
            "-e", dir.resolve("items.mem").toString(), "-P", pidFile.toString());
    }

    /** @return gets of key:0 to key:WARM_ITEMS - 1, a thousand in flight at most. */
    private static List<CASValue<CachedData>> gets(final MemcachedClient client) throws Exception
    {
        final List<CASValue<CachedData>> items = new ArrayList<>();
        final List<Future<CASValue<CachedData>>> gets = new ArrayList<>();
        for (int i = 0; i < WARM_ITEMS; i++)
        {
            gets.add(client.asyncGets("key:" + i, AS_IS));
            if (gets.size() == 1000 || i == WARM_ITEMS - 1)
            {
                for (final Future<CASValue<CachedData>> get : gets)
                {
                    items.add(get.get());
                }
                gets.clear();
            }
        }
        return items;
    }

    @Test
    void shouldServeEveryItemWithItsValueFlagsAndCasAfterASigusr1Restart() throws Exception
    {
        final Path pidFile = dir.resolve("memcached.pid");
        Process process = forkWithMemoryFile(pidFile);
        final long[] cas = new long[WARM_ITEMS];
        MemcachedClient client = connected(awaitListening(process, pidFile));
        try
        {
            assertTrue(client.set("first", 0, "v").get());
            final List<Future<Boolean>> sets = new ArrayList<>();
            for (int i = 0; i < WARM_ITEMS; i++)
            {
                sets.add(client.set("key:" + i, 0 == i % 2 ? 0 : 3600, new CachedData(i, warmValue(i), 1 << 20),
                    AS_IS));
                if (sets.size() == 1000)
                {
                    for (final Future<Boolean> set : sets)
                    {
                        assertTrue(set.get());
                    }
                    sets.clear();
                }
            }
            final List<CASValue<CachedData>> before = gets(client);
            for (int i = 0; i < WARM_ITEMS; i++)
            {
                cas[i] = before.get(i).getCas();
            }
        }
        finally
        {
            client.shutdown();
        }
        kill(process, "USR1");
        assertEquals(0, stopped(process), this::errQuietly);
        process = forkWithMemoryFile(pidFile);
        client = connected(awaitListening(process, pidFile));
        try
        {
            assertTrue(err().contains("warm restart: kept " + (WARM_ITEMS + 1) + " items"), err());
            assertEquals("v", client.get("first"));
            final List<CASValue<CachedData>> after = gets(client);
            for (int i = 0; i < WARM_ITEMS; i++)
            {
                final CASValue<CachedData> item = after.get(i);
                assertNotNull(item, "key:" + i);
                assertEquals(new String(warmValue(i), StandardCharsets.US_ASCII),
                    new String(item.getValue().getData(), StandardCharsets.US_ASCII), "key:" + i);
                assertEquals(i, item.getValue().getFlags(), "key:" + i);
                assertEquals(cas[i], item.getCas(), "key:" + i);
            }
            assertEquals(CASResponse.OK, client.cas("key:7", cas[7], new CachedData(1, new byte[]{'n'}, 1 << 20),
                AS_IS), "a cas with the unique given before the restart");
            assertTrue(client.gets("key:7", AS_IS).getCas() > cas[WARM_ITEMS - 1]);
        }
        finally
        {
            client.shutdown();
            process.destroy();
        }
        assertEquals(0, stopped(process), this::errQuietly);
    }

    @Test
    void shouldServeNoWrongValueAfterAKillMidLoad() throws Exception
    {
        final Path pidFile = dir.resolve("memcached.pid");
        Process process = forkWithMemoryFile(pidFile);
        MemcachedClient client = connected(awaitListening(process, pidFile));
        for (int i = 0; i < 1000; i++)
        {
            assertTrue(client.set("key:" + i, 0, new CachedData(i, warmValue(i), 1 << 20), AS_IS).get());
        }
        client.shutdown();
        kill(process, "USR1");
        assertEquals(0, stopped(process), this::errQuietly);
        process = forkWithMemoryFile(pidFile);
        client = connected(awaitListening(process, pidFile));
        final MemcachedClient loader = client;
        final AtomicBoolean loading = new AtomicBoolean(true);
        final Thread load = new Thread(() ->
        {
            for (int i = 0; loading.get(); i++)
            {
                // Values that would be wrong for key:i: the check below sees them if the crash kept any.
                loader.set("key:" + i % 5000, 0, new CachedData(i, ("new" + i).getBytes(StandardCharsets.US_ASCII),
                    1 << 20), AS_IS);
            }
        });
        load.start();
        Thread.sleep(1000);
        kill(process, "9");
        process.waitFor(30, TimeUnit.SECONDS);
        loading.set(false);
        load.join();
        client.shutdown();
        process = forkWithMemoryFile(pidFile);
        client = connected(awaitListening(process, pidFile));
        try
        {
            assertTrue(err().contains("warm restart: starting empty: the metadata file"), err());
            for (int i = 0; i < 5000; i++)
            {
                assertNull(client.get("key:" + i, AS_IS), "a crash leaves nothing the server can vouch for");
            }
        }
        finally
        {
            client.shutdown();
            process.destroy();
        }
        assertEquals(0, stopped(process), this::errQuietly);
    }

    private static final String STORED = "STORED\r\n";
    private static final String AUTH_FAILURE = "CLIENT_ERROR authentication failure\r\n";
    private static final String HUP_IGNORED = "warning: the server cannot handle SIGHUP here";

    /** @return the reply line to an ascii authentication on a new connection. */
    private static String authenticate(final int port, final String user, final String password)
    {
        try (RawClient client = new RawClient(port))
        {
            final String token = user + " " + password;
            return client.send("set auth 0 0 " + token.length() + "\r\n" + token + "\r\n").readLine();
        }
    }

    /** A signal is handled on a thread of its own: waits for what it does to show. */
    private void await(final String what, final Callable<Boolean> condition) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError(what + " within 30 s; the child's stderr: " + err());
            }
            Thread.sleep(50);
        }
    }

    /** A child inherits an ignored SIGHUP, which its JVM then leaves ignored. */
    private static void assumeSighupNotIgnoredHere() throws IOException
    {
        final Path status = Path.of("/proc/self/status");
        final boolean ignored = Files.exists(status) && Files.readAllLines(status).stream()
            .filter(line -> line.startsWith("SigIgn:"))
            .anyMatch(line -> 0 != (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 1));
        assumeFalse(ignored, "this test runs with SIGHUP ignored (nohup?), as its child would");
    }

    @Test
    void shouldReadTheAuthFileAgainOnSighupAndKeepTheUsersWhenTheNewFileIsBad() throws Exception
    {
        assumeSighupNotIgnoredHere();
        final Path users = dir.resolve("users");
        Files.writeString(users, "alice:one\n");
        final Path pidFile = dir.resolve("memcached.pid");
        final Process process = fork("-p", "0", "-l", "127.0.0.1", "-m", "8", "-u", "root", "-v",
            "-Y", users.toString(), "-P", pidFile.toString());
        final int port = awaitListening(process, pidFile);
        assertFalse(err().contains(HUP_IGNORED), this::errQuietly);
        try (RawClient alice = new RawClient(port))
        {
            assertEquals(STORED, alice.call("set k 0 0 9\r\nalice one\r\n", STORED));
            Files.writeString(users, "bob:two\n");
            kill(process, "HUP");
            await("bob let in", () -> STORED.equals(authenticate(port, "bob", "two")));
            assertEquals(AUTH_FAILURE, authenticate(port, "alice", "one"));
            assertEquals(STORED, alice.call("set a 0 0 1\r\nx\r\n", STORED), "a session opened before goes on");

            Files.writeString(users, "bob:two\nmallorysecret\n");
            kill(process, "HUP");
            final String line = "slab-memcached: SIGHUP: auth file " + users + " line 2 has no ':': each line is " +
                "user:password; keeping the users read before" + System.lineSeparator();
            await("the failed reload logged", () -> err().contains(line));
            assertEquals(STORED, authenticate(port, "bob", "two"));
            assertEquals(AUTH_FAILURE, authenticate(port, "alice", "one"));
            assertTrue(process.isAlive());
            assertFalse(err().contains("mallorysecret"), "no line of the file is logged");
        }
        process.destroy();
        assertEquals(0, stopped(process), this::errQuietly);
    }

    @Test
    void shouldServeTheRenewedCertificateToNewConnectionsAfterSighup() throws Exception
    {
        assumeSighupNotIgnoredHere();
        final Path certs = TlsFixture.copyCertificates(Files.createDirectories(dir.resolve("tls")));
        final Certificate first = TlsFixture.certificate(certs.resolve("server.pem"));
        final Certificate renewed = TlsFixture.certificate(certs.resolve("server-renewed.pem"));
        final Path pidFile = dir.resolve("memcached.pid");
        final Process process = fork("-p", "0", "-l", "127.0.0.1", "-m", "8", "-u", "root", "-v", "-Z", "-o",
            "ssl_chain_cert=" + certs.resolve("server.pem") + ",ssl_key=" + certs.resolve("server.key"),
            "-P", pidFile.toString());
        final int port = awaitListening(process, pidFile);
        assertFalse(err().contains(HUP_IGNORED), this::errQuietly);
        final Callable<Certificate> served = () ->
        {
            try (SSLSocket socket = TlsFixture.connect(certs, port, false))
            {
                assertEquals(STORED, TlsFixture.call(socket, "set k 0 0 1\r\nv\r\n", STORED));
                return socket.getSession().getPeerCertificates()[0];
            }
        };
        try (SSLSocket before = TlsFixture.connect(certs, port, false))
        {
            assertEquals(STORED, TlsFixture.call(before, "set k 0 0 1\r\nv\r\n", STORED));
            assertEquals(first, before.getSession().getPeerCertificates()[0]);
            TlsFixture.renewServerCertificate(certs);
            kill(process, "HUP");
            await("the renewed certificate served", () -> renewed.equals(served.call()));
            assertEquals(STORED, TlsFixture.call(before, "set k 0 0 1\r\nv\r\n", STORED), "one made before goes on");

            Files.writeString(certs.resolve("server.key"), "not a key");
            kill(process, "HUP");
            await("the failed reload logged", () -> err().contains("slab-memcached: SIGHUP: TLS certificate " +
                certs.resolve("server.pem") + " or key " + certs.resolve("server.key")));
            assertTrue(err().contains("; keeping the certificate and key read before" + System.lineSeparator()),
                err());
            assertEquals(renewed, served.call(), "the renewed certificate still serves");
            assertTrue(process.isAlive());
        }
        process.destroy();
        assertEquals(0, stopped(process), this::errQuietly);
    }

    @Test
    void shouldWarnAndServeOnWhenStartedWithSighupIgnored() throws Exception
    {
        final Path users = dir.resolve("users");
        Files.writeString(users, "alice:one\n");
        final Path pidFile = dir.resolve("memcached.pid");
        final Process process = forkWithSighupIgnored("-p", "0", "-l", "127.0.0.1", "-m", "8", "-u", "root", "-v",
            "-Y", users.toString(), "-P", pidFile.toString());
        final int port = awaitListening(process, pidFile);
        assertTrue(err().contains(HUP_IGNORED + " (ignored since the process started, as under nohup; or, under " +
            "-Xrs, left to end the process): -Y and the TLS certificates are read again only by a restart (the " +
            "certificates by refresh_certs too)" + System.lineSeparator()), err());
        Files.writeString(users, "bob:two\n");
        kill(process, "HUP");
        assertFalse(process.waitFor(1, TimeUnit.SECONDS), "the child lives on");
        assertEquals(STORED, authenticate(port, "alice", "one"), "the file is not read again");
        process.destroy();
        assertEquals(0, stopped(process), this::errQuietly);
    }
}
