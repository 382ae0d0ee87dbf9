/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static dev.slabcache.memcached.TlsFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS (-Z) with the certificates of src/test/resources/tls (see its README): the JDK's TLS client, a plain-text
 * client against the TLS port, client certificates under ssl_verify_mode, refresh_certs and the ssl_* stats.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsTest
{
    private static final String VERSION_LINE = "VERSION " + ServerStats.VERSION + "\r\n";

    @TempDir
    Path dir;

    @Test
    void shouldNeedItsCertificateAndRefuseOpenSslOnlyOptions()
    {
        assertEquals("flag -Z needs -o ssl_chain_cert=FILE,ssl_key=FILE (PEM; the key in PKCS#8)",
            assertThrows(ConfigException.class, () -> ServerConfig.parse("-Z")).getMessage());
        assertEquals("-o ssl_verify_mode=2 needs -o ssl_ca_cert=FILE, the CAs client certificates are checked " +
            "against", assertThrows(ConfigException.class, () -> ServerConfig.parse(
            "--enable-ssl", "-o", "ssl_chain_cert=/c,ssl_key=/k,ssl_verify_mode=2")).getMessage());
        assertEquals("-o ssl_ciphers is not supported: the JDK's TLS provider chooses (supported: ssl_chain_cert, " +
            "ssl_key, ssl_ca_cert, ssl_verify_mode)",
            assertThrows(ConfigException.class, () -> ServerConfig.parse("-o", "ssl_ciphers=ALL")).getMessage());
        assertThrows(ConfigException.class, () -> ServerConfig.parse("-o", "ssl_verify_mode=4"));
        final ServerConfig config = ServerConfig.parse(
            "-Z", "-o", "ssl_chain_cert=/c,hashpower=20,ssl_key=/k,ssl_ca_cert=/ca,ssl_verify_mode=1");
        assertTrue(config.tls().enabled());
        assertEquals(Path.of("/c"), config.tls().chainCert());
        assertEquals(Path.of("/k"), config.tls().key());
        assertEquals(Path.of("/ca"), config.tls().caCert());
        assertEquals(1, config.tls().verifyMode());
        assertEquals(20, config.extended().hashPowerInit(), "the other -o options of the list still apply");
    }

    @Test
    void shouldServeTlsFixturesAndNothingToPlainText() throws Exception
    {
        try (MemcachedServer server = start(copyCerts(), 0))
        {
            try (SSLSocket socket = connect(server.port(), false))
            {
                assertEquals("STORED\r\n", call(socket, "set k 0 0 3\r\nabc\r\n", "STORED\r\n"));
                assertEquals("VALUE k 0 3\r\nabc\r\nEND\r\n", call(socket, "get k\r\n", "END\r\n"));
                assertTrue(socket.getSession().getProtocol().startsWith("TLSv1."), socket.getSession().getProtocol());
            }
            try (RawClient plain = new RawClient(server.port()))
            {
                assertEquals("", plain.send("get k\r\nversion\r\n").readToClose(), "closed, nothing served");
            }
            try (SSLSocket socket = connect(server.port(), false))
            {
                final String stats = call(socket, "stats\r\n", "END\r\n");
                assertTrue(stats.contains("STAT ssl_handshake_errors 1\r\n"), stats);
                assertTrue(stats.contains("STAT ssl_proto_errors 0\r\n"), stats);
                final String settings = call(socket, "stats settings\r\n", "END\r\n");
                assertTrue(settings.contains("STAT ssl_enabled yes\r\n"), settings);
                assertTrue(settings.contains("STAT ssl_chain_cert " + dir.resolve("server.pem") + "\r\n"), settings);
                assertTrue(settings.contains("STAT ssl_verify_mode 0\r\n"), settings);
            }
        }
    }

    @Test
    void shouldCloseGarbageAndTruncatedHandshakesAndServeOn() throws Exception
    {
        final long seed = Long.getLong("tls.seed", System.nanoTime()); // replay with -Dtls.seed=N
        final java.util.Random random = new java.util.Random(seed);
        final int probes = 200;
        try (MemcachedServer server = start(copyCerts(), 0))
        {
            for (int i = 0; i < probes; i++)
            {
                final byte[] garbage;
                if (0 == i % 2)
                {
                    garbage = new byte[1 + random.nextInt(300)];
                    random.nextBytes(garbage);
                }
                else
                {
                    // A handshake record announcing 16 KiB, cut short.
                    garbage = new byte[]{ 0x16, 0x03, 0x03, 0x40, 0x00, 0x01, 0x00, 0x3f, (byte)0xfc, 0x03, 0x03 };
                }
                try (RawClient probe = new RawClient(server.port()))
                {
                    probe.send(garbage).shutdownOutput();
                    final String reply = probe.readToClose();
                    assertTrue("".equals(reply) || isTlsAlert(reply),
                        "probe " + i + ", seed " + seed + ": nothing or a TLS alert, got " + reply);
                }
            }
            try (SSLSocket socket = connect(server.port(), false))
            {
                assertEquals(VERSION_LINE, call(socket, "version\r\n", "\r\n"), "seed " + seed);
                String stats = "";
                for (int i = 0; i < 100 && !stats.contains("STAT curr_connections 1\r\n"); i++)
                {
                    stats = call(socket, "stats\r\n", "END\r\n");
                }
                assertTrue(stats.contains("STAT curr_connections 1\r\n"), "every probe's slot is free: " + stats);
                assertTrue(stats.contains("STAT ssl_handshake_errors " + probes + "\r\n"), stats);
            }
        }
    }

    @Test
    void shouldFreeTheSlotOfAClientThatStopsMidHandshakeAtTheHandshakeTimeout() throws Exception
    {
        try (MemcachedServer server = start(copyCerts(), 0);
            RawClient stalled = new RawClient(server.port());
            SSLSocket asking = connect(server.port(), false))
        {
            final long started = System.nanoTime();
            stalled.send(new byte[]{ 0x16, 0x03, 0x03, 0x40, 0x00, 0x01, 0x00 });
            String stats = "";
            for (int i = 0; i < 50 && !stats.contains("STAT curr_connections 2\r\n"); i++)
            {
                stats = call(asking, "stats\r\n", "END\r\n");
            }
            assertTrue(stats.contains("STAT curr_connections 2\r\n"),
                "the stalled client holds its slot while its handshake may still finish: " + stats);
            while (!stats.contains("STAT curr_connections 1\r\n") &&
                System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(3 * TlsContext.HANDSHAKE_TIMEOUT_MILLIS))
            {
                Thread.sleep(100);
                stats = call(asking, "stats\r\n", "END\r\n");
            }
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(stats.contains("STAT curr_connections 1\r\n"), "freed after " + millis + " ms: " + stats);
            assertTrue(millis >= TlsContext.HANDSHAKE_TIMEOUT_MILLIS - 1_000, "freed after " + millis + " ms");
            assertTrue(stats.contains("STAT ssl_handshake_errors 1\r\n"), stats);
        }
    }

    @Test
    void shouldRequireAClientCertificateUnderVerifyModeTwo() throws Exception
    {
        try (MemcachedServer server = start(copyCerts(), 2))
        {
            try (SSLSocket socket = connect(server.port(), true))
            {
                assertEquals(VERSION_LINE, call(socket, "version\r\n", "\r\n"));
            }
            assertThrows(IOException.class, () ->
            {
                try (SSLSocket socket = connect(server.port(), false))
                {
                    call(socket, "version\r\n", "\r\n");
                }
            });
        }
    }

    @Test
    void shouldRefreshCertsAndKeepTheOldOnesWhenTheNewCannotBeRead() throws Exception
    {
        final Path certs = copyCerts();
        try (MemcachedServer server = start(certs, 0))
        {
            try (SSLSocket socket = connect(server.port(), false))
            {
                assertEquals("OK\r\n", call(socket, "refresh_certs\r\n", "\r\n"));
                Files.writeString(certs.resolve("server.key"), "not a key");
                final String error = call(socket, "refresh_certs\r\n", "\r\n");
                assertTrue(error.startsWith("Error loading the certificates: TLS certificate "), error);
            }
            try (SSLSocket socket = connect(server.port(), false))
            {
                assertEquals(VERSION_LINE, call(socket, "version\r\n", "\r\n"), "the old certificate still serves");
            }
        }
        try (MemcachedServer server = MemcachedServer.builder().memoryLimitMegabytes(8).start();
            RawClient client = new RawClient(server.port()))
        {
            assertEquals("Error TLS not enabled\r\n", client.call("refresh_certs\r\n", "Error TLS not enabled\r\n"));
        }
    }

    @Test
    void shouldServeTheRenewedCertificateToNewConnectionsAfterAReloadAndKeepItWhenTheNextReloadFails() throws Exception
    {
        final Path certs = copyCerts();
        final Certificate first = TlsFixture.certificate(certs.resolve("server.pem"));
        final Certificate renewed = TlsFixture.certificate(certs.resolve("server-renewed.pem"));
        try (MemcachedServer server = start(certs, 0); SSLSocket before = connect(server.port(), false))
        {
            assertEquals(VERSION_LINE, call(before, "version\r\n", "\r\n"));
            assertEquals(first, before.getSession().getPeerCertificates()[0]);
            TlsFixture.renewServerCertificate(certs);
            assertEquals(List.of(), server.reload());
            assertEquals(renewed, peerCertificate(server), "a new connection sees the renewed certificate");
            assertEquals(VERSION_LINE, call(before, "version\r\n", "\r\n"), "one made before goes on");
            assertEquals(first, before.getSession().getPeerCertificates()[0]);

            Files.writeString(certs.resolve("server.key"), "not a key");
            final List<String> failures = server.reload();
            assertEquals(1, failures.size(), failures::toString);
            assertTrue(failures.get(0).startsWith("TLS certificate " + certs.resolve("server.pem") + " or key " +
                certs.resolve("server.key") + " (-o ssl_chain_cert, ssl_key, ssl_ca_cert) cannot be used: "),
                failures.get(0));
            assertTrue(failures.get(0).endsWith("; keeping the certificate and key read before"), failures.get(0));
            assertEquals(renewed, peerCertificate(server), "the renewed certificate still serves");
        }
    }

    private Certificate peerCertificate(final MemcachedServer server) throws Exception
    {
        try (SSLSocket socket = connect(server.port(), false))
        {
            assertEquals(VERSION_LINE, call(socket, "version\r\n", "\r\n"));
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void shouldRefuseToStartWithAKeyItCannotRead() throws Exception
    {
        final Path certs = copyCerts();
        Files.writeString(certs.resolve("server.key"), "not a key");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> start(certs, 0));
        assertTrue(ex.getMessage().startsWith("TLS certificate " + certs.resolve("server.pem") + " or key "),
            ex.getMessage());
    }

    private MemcachedServer start(final Path certs, final int verifyMode)
    {
        return MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8", "-t", "2", "-Z", "-o",
            "ssl_chain_cert=" + certs.resolve("server.pem") + ",ssl_key=" + certs.resolve("server.key") +
            ",ssl_ca_cert=" + certs.resolve("ca.pem") + ",ssl_verify_mode=" + verifyMode));
    }

    private Path copyCerts() throws Exception
    {
        return TlsFixture.copyCertificates(dir);
    }

    private SSLSocket connect(final int port, final boolean withClientCertificate) throws Exception
    {
        return TlsFixture.connect(dir, port, withClientCertificate);
    }

    /**
     * A TLS alert record and nothing else (content type 21, a 2-byte alert), as the TLS engine may send before it
     * closes on bytes that parse as a record; OpenSSL, under memcached, does the same.
     */
    private static boolean isTlsAlert(final String reply)
    {
        return 7 == reply.length() && 0x15 == reply.charAt(0) && 0x03 == reply.charAt(1) && 0 == reply.charAt(3) &&
            2 == reply.charAt(4);
    }
}
