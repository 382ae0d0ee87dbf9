/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.spy.memcached.CachedData;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Opens spymemcached clients on a server of this JVM, in either protocol, and carries values as raw bytes.
 */
final class SpyClients
{
    private static final Logger SPY_LOGGER = Logger.getLogger("net.spy.memcached");

    static
    {
        // spymemcached logs every connection at INFO to stderr unless it is sent to java.util.logging.
        System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SunLogger");
        SPY_LOGGER.setLevel(Level.WARNING);
    }

    /** Values as they are: flags 0, no serialisation, no compression. */
    static final Transcoder<byte[]> RAW = new Transcoder<>()
    {
        @Override
        public boolean asyncDecode(final CachedData data)
        {
            return false;
        }

        @Override
        public CachedData encode(final byte[] value)
        {
            return new CachedData(0, value, Integer.MAX_VALUE);
        }

        @Override
        public byte[] decode(final CachedData data)
        {
            return data.getData();
        }

        @Override
        public int getMaxSize()
        {
            return Integer.MAX_VALUE;
        }
    };

    private SpyClients()
    {
    }

    /**
     * @param protocol TEXT or BINARY.
     * @param port     the server's port on 127.0.0.1.
     * @return a client that fails an operation at once when the connection is down, rather than queueing it.
     * @throws IOException when the client cannot be made.
     */
    static MemcachedClient open(final Protocol protocol, final int port) throws IOException
    {
        return new MemcachedClient(
            new ConnectionFactoryBuilder()
                .setProtocol(protocol)
                .setFailureMode(FailureMode.Cancel)
                .setOpTimeout(10_000)
                .build(),
            List.of(new InetSocketAddress("127.0.0.1", port)));
    }
}
