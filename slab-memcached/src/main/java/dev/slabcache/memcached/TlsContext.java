/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.slabcache.memcached.protocol.CertificateRefresh;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

/**
 * The server's TLS under -Z: Netty's {@link SslHandler} with the JDK's provider, TLS 1.2 and 1.3, on the same port
 * as plain text would be (a client that does not speak TLS gets no reply and is closed when its bytes are no TLS
 * record, or after the handshake timeout of 10 s). The certificate and key are read at start and again on
 * "refresh_certs" and on a {@link MemcachedServer#reload()} (SIGHUP), which only new connections see, as in
 * memcached; a refresh that fails keeps the old ones.
 * Counts ssl_handshake_errors and ssl_new_sessions.
 */
final class TlsContext implements CertificateRefresh
{
    /** A client that has not finished its handshake by then is closed, and its connection slot freed. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TlsOptions options;
    private final AtomicReference<SslContext> context = new AtomicReference<>();
    private final LongAdder handshakeErrors = new LongAdder();
    private final LongAdder newSessions = new LongAdder();
    private volatile long lastRefreshSeconds;

    /**
     * Reads the certificate and key.
     *
     * @param options -Z and the ssl_* options.
     * @throws IllegalArgumentException when the files cannot be read or do not match.
     */
    TlsContext(final TlsOptions options)
    {
        this.options = options;
        context.set(build());
    }

    /**
     * Reads the certificate and key again, for new connections.
     *
     * @return null when done, else memcached's kind of error line (the old ones stay).
     */
    @Override
    public String refresh()
    {
        final String reason = reload();
        return null == reason ? null : "Error loading the certificates: " + reason;
    }

    /**
     * Reads the certificate and key again, for new connections, one reload at a time (refresh_certs and SIGHUP may
     * ask at once).
     *
     * @return null when done, else why not, naming the files (the old ones stay).
     */
    synchronized String reload()
    {
        try
        {
            context.set(build());
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
    }

    /**
     * Puts TLS first in a new connection's pipeline.
     *
     * @param channel the accepted connection.
     */
    void secure(final Channel channel)
    {
        channel.attr(CertificateRefresh.KEY).set(this);
        final SslHandler handler = context.get().newHandler(channel.alloc());
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
        handler.handshakeFuture().addListener(done ->
        {
            if (done.isSuccess())
            {
                newSessions.increment();
            }
            else
            {
                handshakeErrors.increment();
            }
        });
        channel.pipeline().addFirst("tls", handler);
    }

    long handshakeErrors()
    {
        return handshakeErrors.sum();
    }

    long newSessions()
    {
        return newSessions.sum();
    }

    long secondsSinceRefresh()
    {
        return System.currentTimeMillis() / 1000 - lastRefreshSeconds;
    }

    private SslContext build()
    {
        try
        {
            final SslContextBuilder builder = SslContextBuilder
                .forServer(options.chainCert().toFile(), options.key().toFile())
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .clientAuth(switch (options.verifyMode())
                {
                    case 0 -> ClientAuth.NONE;
                    case 1 -> ClientAuth.OPTIONAL;
                    default -> ClientAuth.REQUIRE;
                });
            if (null != options.caCert())
            {
                builder.trustManager(options.caCert().toFile());
            }
            final SslContext built = builder.build();
            lastRefreshSeconds = System.currentTimeMillis() / 1000;
            return built;
        }
        catch (final Exception ex)
        {
            throw new IllegalArgumentException("TLS certificate " + options.chainCert() + " or key " + options.key() +
                " (-o ssl_chain_cert, ssl_key, ssl_ca_cert) cannot be used: " + ex.getMessage(), ex);
        }
    }
}
