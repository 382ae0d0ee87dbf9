/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.StatSink;

/**
 * The server's counters and "stats" replies as the protocol sees them: what a connection counts (bytes, meta
 * commands, authentications), the verbosity a client may set, and the replies that put the server's figures beside
 * the store's. Public so that the server, which owns the figures, implements it; nothing in this package reaches the
 * server otherwise.
 */
public interface ProtocolStats
{
    /** The version reported: a memcached 1.6 version first, which clients pick their rules by. */
    String VERSION = "1.6.18-slabcache-0.1.0";

    /**
     * Counts bytes read from a client, in bytes_read.
     *
     * @param bytes read from a client.
     */
    void read(long bytes);

    /**
     * Counts bytes written to a client, in bytes_written.
     *
     * @param bytes written to a client.
     */
    void written(long bytes);

    /** Counts one meta command. */
    void metaCommand();

    /**
     * Counts an authentication checked (auth_cmds), and a failed one (auth_errors).
     *
     * @param success whether the credentials were right.
     */
    void authenticated(boolean success);

    /**
     * Returns the level of -v or of the last "verbosity" command.
     *
     * @return the level of -v or of the last "verbosity" command.
     */
    int verbosity();

    /**
     * Sets the level a "verbosity" command asks for.
     *
     * @param level the "verbosity" set by a client.
     */
    void verbosity(int level);

    /** Sets the server's counters that "stats reset" resets back to zero. */
    void reset();

    /**
     * The general "stats": the server's figures and the store's, in memcached's order.
     *
     * @param store the items.
     * @param sink  where the lines go.
     */
    void general(ItemStore store, StatSink sink);

    /**
     * "stats settings": the server's settings and the store's, in memcached's order.
     *
     * @param store the items.
     * @param sink  where the lines go.
     */
    void settings(ItemStore store, StatSink sink);
}
