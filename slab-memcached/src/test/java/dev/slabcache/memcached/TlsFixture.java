/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of src/test/resources/tls (see its README), copied where a test may change them, and the JDK's
 * TLS client that trusts their CA, to talk to a server under -Z.
 */
final class TlsFixture
{
    private TlsFixture()
    {
    }

    /**
     * Copies the certificates and keys into a directory.
     *
     * @param dir where to.
     * @return {@code dir}, holding ca.pem, server.pem, server.key, server-renewed.pem, server-renewed.key, client.pem
     * and client.key.
     */
    static Path copyCertificates(final Path dir) throws Exception
    {
        final Path from = Path.of(TlsFixture.class.getResource("/tls/ca.pem").toURI()).getParent();
        for (final String name : List.of("ca.pem", "server.pem", "server.key", "server-renewed.pem",
            "server-renewed.key", "client.pem", "client.key"))
        {
            Files.copy(from.resolve(name), dir.resolve(name));
        }
        return dir;
    }

    /**
     * Puts the second server certificate and its key in place of the first, as an operator renews them.
     *
     * @param certs a directory made by {@link #copyCertificates(Path)}.
     */
    static void renewServerCertificate(final Path certs) throws IOException
    {
        Files.copy(certs.resolve("server-renewed.pem"), certs.resolve("server.pem"),
            StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.resolve("server-renewed.key"), certs.resolve("server.key"),
            StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Connects to 127.0.0.1 with a 10 s read timeout; the handshake happens at the first read or write.
     *
     * @param certs                 the directory holding ca.pem, client.pem and client.key.
     * @param port                  the server's port.
     * @param withClientCertificate whether to show client.pem.
     * @return the socket.
     */
    static SSLSocket connect(final Path certs, final int port, final boolean withClientCertificate) throws Exception
    {
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate(certs.resolve("ca.pem")));
        final TrustManagerFactory trustManagers =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        final KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        final KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (withClientCertificate)
        {
            final String pem = Files.readString(certs.resolve("client.key"));
            final byte[] der = Base64.getMimeDecoder().decode(
                pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
            final PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            keys.setKeyEntry("client", key, new char[0], new Certificate[]{ certificate(certs.resolve("client.pem")) });
        }
        keyManagers.init(keys, new char[0]);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        final SSLSocket socket = (SSLSocket)context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /**
     * Reads a PEM certificate.
     *
     * @param pem the file.
     * @return the certificate.
     */
    static Certificate certificate(final Path pem) throws Exception
    {
        try (InputStream in = Files.newInputStream(pem))
        {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /**
     * Sends a request and reads until the reply ends with {@code last}.
     *
     * @param socket  the connection.
     * @param request the bytes to send, as ISO-8859-1.
     * @param last    how the reply ends.
     * @return the reply.
     * @throws IOException when the server closes before.
     */
    static String call(final SSLSocket socket, final String request, final String last) throws IOException
    {
        final OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        final InputStream in = socket.getInputStream();
        final ByteArrayOutputStream reply = new ByteArrayOutputStream();
        while (!reply.toString(StandardCharsets.ISO_8859_1).endsWith(last))
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("closed after " + reply.toString(StandardCharsets.ISO_8859_1));
            }
            reply.write(b);
        }
        return reply.toString(StandardCharsets.ISO_8859_1);
    }
}
