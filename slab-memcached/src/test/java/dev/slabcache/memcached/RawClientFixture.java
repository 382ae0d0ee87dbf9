/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One server per test class, on a free port, and a fresh {@link RawClient} per test, for the tests that check
 * replies byte for byte. Register it on a static field with {@code @RegisterExtension}.
 */
public final class RawClientFixture
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback
{
    private final String[] flags;
    private MemcachedServer server;
    private RawClient client;

    /**
     * @param flags memcached's flags but -p, which is 0.
     */
    public RawClientFixture(final String... flags)
    {
        this.flags = new String[flags.length + 2];
        this.flags[0] = "-p";
        this.flags[1] = "0";
        System.arraycopy(flags, 0, this.flags, 2, flags.length);
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        server = MemcachedServer.start(ServerConfig.parse(flags));
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        server.close();
    }

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        client = new RawClient(server.port());
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        client.close();
    }

    /** @return the port of the class's server. */
    public int port()
    {
        return server.port();
    }

    /** @return the test's client. */
    public RawClient client()
    {
        return client;
    }

    /** Asserts the exact reply to a request on the test's client (see the static assertReply). */
    public void assertReply(final String request, final String expected)
    {
        assertReply(client, request, expected);
    }

    /** Asserts the exact reply: "mn" after the request proves that nothing more was written. */
    public static void assertReply(final RawClient client, final String request, final String expected)
    {
        assertEquals(expected + "MN\r\n", client.call(request + "mn\r\n", expected + "MN\r\n"));
    }
}
