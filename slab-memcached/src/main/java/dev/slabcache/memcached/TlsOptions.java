/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;

/**
 * The TLS settings of -Z and memcached's {@code -o ssl_*} options: the certificate chain and key (PEM, the key in
 * PKCS#8 as the JDK reads it), the CA file that client certificates are checked against, and the verify mode, 0
 * none, 1 request (a certificate is checked if given), 2 require, 3 once (as 2: the JDK's provider asks at every
 * full handshake). The options memcached has for OpenSSL alone (ssl_keyformat, ssl_ciphers, ssl_wbuf_size,
 * ssl_session_cache, ssl_kernel_tls, ssl_min_version) are refused: the JDK's provider chooses (TLS 1.2 and 1.3).
 */
public final class TlsOptions
{
    // Written by CommandLine only.
    boolean enabled;
    Path chainCert;
    Path key;
    Path caCert;
    int verifyMode;

    TlsOptions()
    {
    }

    /**
     * Applies one {@code ssl_*} option of {@code -o}.
     *
     * @param name  the option's name.
     * @param value its value, or null.
     * @throws ConfigException naming the option, the value and the rule.
     */
    void set(final String name, final String value)
    {
        final String flag = "-o " + name;
        switch (name)
        {
            case "ssl_chain_cert" -> chainCert = Path.of(FlagValues.nonEmpty(flag, needed(flag, value), "a path"));
            case "ssl_key" -> key = Path.of(FlagValues.nonEmpty(flag, needed(flag, value), "a path"));
            case "ssl_ca_cert" -> caCert = Path.of(FlagValues.nonEmpty(flag, needed(flag, value), "a path"));
            case "ssl_verify_mode" -> verifyMode = (int)FlagValues.number(flag, needed(flag, value), 0, 3);
            default -> throw new ConfigException(flag + " is not supported: the JDK's TLS provider chooses " +
                "(supported: ssl_chain_cert, ssl_key, ssl_ca_cert, ssl_verify_mode)");
        }
    }

    /**
     * Checks the options together once the command line is read.
     *
     * @throws ConfigException when -Z lacks its certificate or key, or a verify mode has no CA file.
     */
    void check()
    {
        if (!enabled)
        {
            return;
        }
        if (null == chainCert || null == key)
        {
            throw new ConfigException("flag -Z needs -o ssl_chain_cert=FILE,ssl_key=FILE (PEM; the key in PKCS#8)");
        }
        if (0 != verifyMode && null == caCert)
        {
            throw new ConfigException(
                "-o ssl_verify_mode=" + verifyMode + " needs -o ssl_ca_cert=FILE, the CAs client certificates are " +
                "checked against");
        }
    }

    private static String needed(final String flag, final String value)
    {
        if (null == value)
        {
            throw new ConfigException(flag + " needs a value");
        }
        return value;
    }

    /**
     * Returns -Z: whether connections speak TLS.
     *
     * @return -Z: whether connections speak TLS.
     */
    public boolean enabled()
    {
        return enabled;
    }

    /**
     * Returns ssl_chain_cert, the server's certificate chain (PEM), or null.
     *
     * @return ssl_chain_cert, the server's certificate chain (PEM), or null.
     */
    public Path chainCert()
    {
        return chainCert;
    }

    /**
     * Returns ssl_key, the server's private key (PKCS#8 PEM), or null.
     *
     * @return ssl_key, the server's private key (PKCS#8 PEM), or null.
     */
    public Path key()
    {
        return key;
    }

    /**
     * Returns ssl_ca_cert, the CAs that client certificates are checked against (PEM), or null.
     *
     * @return ssl_ca_cert, the CAs that client certificates are checked against (PEM), or null.
     */
    public Path caCert()
    {
        return caCert;
    }

    /**
     * Returns ssl_verify_mode: 0 none, 1 request, 2 require, 3 once.
     *
     * @return ssl_verify_mode: 0 none, 1 request, 2 require, 3 once.
     */
    public int verifyMode()
    {
        return verifyMode;
    }
}
