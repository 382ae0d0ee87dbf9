/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

/**
 * memcached's -B: the protocols a connection may speak. Public for the server's configuration, which reads it.
 */
public enum BindingProtocol
{
    /** Text or binary, chosen by a connection's first byte (the default). */
    AUTO("auto", "auto-negotiate"),
    /** Text only: a binary request is read as a text line. */
    ASCII("ascii", "ascii"),
    /** Binary only: a connection whose first byte is not the binary magic is closed. */
    BINARY("binary", "binary");

    private final String flagValue;
    private final String statsName;

    BindingProtocol(final String flagValue, final String statsName)
    {
        this.flagValue = flagValue;
        this.statsName = statsName;
    }

    /**
     * Returns the value -B takes for it.
     *
     * @return the value -B takes for it.
     */
    public String flagValue()
    {
        return flagValue;
    }

    /**
     * Returns the name memcached's "stats settings" gives as binding_protocol.
     *
     * @return the name memcached's "stats settings" gives as binding_protocol.
     */
    public String statsName()
    {
        return statsName;
    }
}
