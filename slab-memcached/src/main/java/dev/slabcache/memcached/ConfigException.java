/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

/**
 * A command line the server cannot run with; the message is one line that names the flag, the value and the rule.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the error of one bad flag.
     *
     * @param message one line: the flag, the value and the rule.
     */
    public ConfigException(final String message)
    {
        super(message);
    }
}
