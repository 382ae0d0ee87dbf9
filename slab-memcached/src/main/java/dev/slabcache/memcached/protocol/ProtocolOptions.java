/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

/**
 * The flags of the command line that the protocol obeys. Public so that the server's configuration makes it; the
 * protocol reads nothing else of the command line.
 *
 * @param protocol        -B, the protocols a connection may speak.
 * @param sasl            -S: whether binary clients must authenticate by SASL PLAIN.
 * @param casEnabled      false under -C: no CAS values.
 * @param flushEnabled    false under -F: flush_all is refused.
 * @param shutdownEnabled -A: whether the ascii "shutdown" command may stop the server.
 * @param dumpEnabled     false under -X: stats cachedump and lru_crawler metadump are refused.
 * @param watchEnabled    false under -W: watch is refused.
 */
public record ProtocolOptions(
    BindingProtocol protocol,
    boolean sasl,
    boolean casEnabled,
    boolean flushEnabled,
    boolean shutdownEnabled,
    boolean dumpEnabled,
    boolean watchEnabled)
{
}
