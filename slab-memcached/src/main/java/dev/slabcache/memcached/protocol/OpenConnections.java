/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.slabcache.memcached.store.StatSink;
import io.netty.channel.Channel;
import io.netty.util.NetUtil;

/**
 * The connections open now, by id, and the "stats conns" reply that lists them as memcached's
 * process_stats_conns does, with the id in place of the file descriptor. The listener takes the first id.
 * Opening and closing cost a map insert and removal per connection; nothing is done per command.
 * <p>
 * Public so that the server makes one and records its listener in it.
 */
public final class OpenConnections
{
    private final ConcurrentSkipListMap<Long, ConnectionRecord> open = new ConcurrentSkipListMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final long startedAtMillis = System.currentTimeMillis();
    private volatile Channel listener;
    private long listenerId;
    private volatile String unixAddress;

    /**
     * Records the listening socket, listed first.
     *
     * @param channel    the bound server channel.
     * @param socketPath the unix socket's path (-s), whose name the channel does not know (it was bound elsewhere
     *                   and moved there), or null on TCP.
     * @return the listener's id.
     */
    public long listening(final Channel channel, final Path socketPath)
    {
        listenerId = nextId.getAndIncrement();
        unixAddress = null == socketPath ? null : "unix:" + socketPath;
        listener = channel;
        return listenerId;
    }

    /**
     * Records a connection admitted under -c.
     *
     * @param channel the client's channel.
     * @param logged  whether the connection logs to stderr (verbosity 2 or more).
     * @return the record, to {@link #close} when the channel closes.
     */
    ConnectionRecord open(final Channel channel, final boolean logged)
    {
        final long id = nextId.getAndIncrement();
        final ConnectionRecord record =
            new ConnectionRecord(this, id, channel, logged ? new ConnectionLog(id, System.err) : null);
        open.put(id, record);
        return record;
    }

    /** @param record a connection that closed. */
    void close(final ConnectionRecord record)
    {
        open.remove(record.id());
    }

    /**
     * Writes "stats conns": the listener, then each connection, by id.
     *
     * @param asking the connection that asked, whose state is conn_parse_cmd.
     * @param sink   where the lines go.
     */
    void report(final ConnectionRecord asking, final StatSink sink)
    {
        final long now = System.currentTimeMillis();
        final Channel server = listener;
        if (null != server)
        {
            final String prefix = listenerId + ":";
            sink.stat(prefix + "addr", null == unixAddress ? addressText(server.localAddress()) : unixAddress);
            sink.stat(prefix + "state", "conn_listening");
            sink.stat(prefix + "secs_since_last_cmd", Long.toString(now / 1000 - startedAtMillis / 1000));
        }
        for (final ConnectionRecord record : open.values())
        {
            final Channel channel = record.channel();
            if (!channel.isOpen())
            {
                continue;
            }
            final String prefix = record.id() + ":";
            sink.stat(prefix + "addr", addressText(channel.remoteAddress()));
            sink.stat(prefix + "listen_addr", null == unixAddress ? addressText(channel.localAddress()) : unixAddress);
            sink.stat(prefix + "state", record == asking ? "conn_parse_cmd" : record.state());
            sink.stat(prefix + "secs_since_last_cmd", Long.toString(now / 1000 - record.lastCommandMillis() / 1000));
        }
    }

    /**
     * memcached's get_conn_text: "tcp:ADDRESS:PORT", or "tcp6:[ADDRESS]:PORT" for IPv6; a unix socket's client, which
     * memcached never asks its address, is "?:&lt;AF 0&gt;" as there.
     *
     * @param address a socket address, null when the channel is gone.
     * @return the text.
     */
    static String addressText(final SocketAddress address)
    {
        if (address instanceof InetSocketAddress inet && null != inet.getAddress())
        {
            final String host = NetUtil.toAddressString(inet.getAddress());
            return inet.getAddress() instanceof Inet6Address ?
                "tcp6:[" + host + "]:" + inet.getPort() : "tcp:" + host + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress)
        {
            return "?:<AF 0>";
        }
        return "<closed>";
    }
}
