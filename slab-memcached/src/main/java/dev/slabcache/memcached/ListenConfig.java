/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;

/**
 * The part of {@link ServerConfig} that says where and how the server listens: -p, -l, -s, -a, -t, -c, -b and -R,
 * with memcached's defaults. The fields are package-private so that {@link CommandLine} writes them; nothing else
 * does, and {@link ServerConfig} reads them.
 */
final class ListenConfig
{
    int port = 11211;
    String listen = "127.0.0.1";
    Path socketPath;
    int unixMask = 0700;
    int threads = 4;
    int connectionLimit = 1024;
    int listenBacklog = 1024;
    int requestsPerEvent = 20;

    /**
     * Names the address for a message: the unix socket, or the TCP address and port.
     *
     * @return "unix socket PATH" under -s, else "ADDRESS:PORT".
     */
    String where()
    {
        return null == socketPath ? listen + ":" + port : "unix socket " + socketPath;
    }
}
