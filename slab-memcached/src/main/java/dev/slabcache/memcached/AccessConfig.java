/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;

import dev.slabcache.memcached.protocol.BindingProtocol;
import dev.slabcache.memcached.protocol.ProtocolOptions;

/**
 * The part of {@link ServerConfig} that says who may do what: -B, -Y, -S, -A, -F, -X and -W, with memcached's
 * defaults, and the rules that tie them together. The fields are package-private so that {@link CommandLine} writes
 * them; nothing else does.
 */
final class AccessConfig
{
    BindingProtocol protocol = BindingProtocol.AUTO;
    boolean protocolGiven;
    Path authFile;
    boolean sasl;
    boolean shutdownEnabled;
    boolean flushEnabled = true;
    boolean dumpEnabled = true;
    boolean watchEnabled = true;

    /**
     * Checks the flags against each other once all are read: -S needs -Y, and -Y alone allows ascii only, which it
     * then sets, as memcached does.
     *
     * @throws ConfigException naming the flags and the rule.
     */
    void check()
    {
        if (sasl && null == authFile)
        {
            throw new ConfigException("flag -S needs -Y FILE: SASL PLAIN takes its users from that file (memcached " +
                "reads Cyrus SASL's own, which needs a native library)");
        }
        if (null != authFile && !sasl)
        {
            // As memcached: the auth file speaks text only, binary requests are read as text.
            if (protocolGiven && BindingProtocol.ASCII != protocol)
            {
                throw new ConfigException("flag -Y (ascii authentication) allows only the ascii protocol, got -B " +
                    protocol.statsName() + ": give -B ascii or no -B");
            }
            protocol = BindingProtocol.ASCII;
        }
    }

    /**
     * Makes the flags the protocol obeys.
     *
     * @param casEnabled false under -C.
     * @return the protocol's options.
     */
    ProtocolOptions protocolOptions(final boolean casEnabled)
    {
        return new ProtocolOptions(
            protocol, sasl, casEnabled, flushEnabled, shutdownEnabled, dumpEnabled, watchEnabled);
    }
}
