/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import io.netty.util.AttributeKey;

/**
 * What "refresh_certs" asks of the server's TLS: read the certificate and key again. Public so that the server's TLS
 * implements it and puts itself on each connection it secures, under {@link #KEY}.
 */
public interface CertificateRefresh
{
    /** Where a connection finds the server's TLS; absent without -Z. */
    AttributeKey<CertificateRefresh> KEY = AttributeKey.valueOf(CertificateRefresh.class, "tls");

    /**
     * Reads the certificate and key again, for new connections.
     *
     * @return null when done, else memcached's kind of error line (the old ones stay).
     */
    String refresh();
}
