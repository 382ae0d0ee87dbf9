/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.StatSink;
import io.netty.channel.Channel;

/**
 * One open connection as "stats conns" and the -vv log see it: its id (memcached shows the file descriptor), its
 * channel, the protocol handler once chosen and when it last read a command. The event loop writes the fields and
 * "stats conns" reads them from another thread without a lock, as memcached does: the worst is a state or a second
 * out of date.
 */
final class ConnectionRecord
{
    private final OpenConnections connections;
    private final long id;
    private final Channel channel;
    private final ConnectionLog log;
    private ConnectionHandler handler;
    private long lastCommandMillis = System.currentTimeMillis();

    ConnectionRecord(final OpenConnections connections, final long id, final Channel channel, final ConnectionLog log)
    {
        this.connections = connections;
        this.id = id;
        this.channel = channel;
        this.log = log;
    }

    long id()
    {
        return id;
    }

    Channel channel()
    {
        return channel;
    }

    /** @return the -vv log of this connection, or null when verbosity is below 2. */
    ConnectionLog log()
    {
        return log;
    }

    /**
     * Writes "stats conns" as this connection asked for it.
     *
     * @param sink where the lines go.
     */
    void reportOpenConnections(final StatSink sink)
    {
        connections.report(this, sink);
    }

    /** @param handler the protocol chosen by the first byte. */
    void handler(final ConnectionHandler handler)
    {
        this.handler = handler;
    }

    /** @param millis when a command was last read. */
    void commandRead(final long millis)
    {
        lastCommandMillis = millis;
    }

    long lastCommandMillis()
    {
        return lastCommandMillis;
    }

    /** @return memcached's name of the connection's state; conn_new_cmd before the first byte. */
    String state()
    {
        final ConnectionHandler current = handler;
        return null == current ? "conn_new_cmd" : current.stateName();
    }
}
