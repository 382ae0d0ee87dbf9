/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;

/**
 * The part of {@link ServerConfig} that concerns the process rather than the server: -v, -h, -V, -i, -d, -P, -u, -k
 * and -L, which {@link Main} acts on. The fields are package-private so that {@link CommandLine} writes them; nothing
 * else does.
 */
final class ProcessConfig
{
    int verbosity;
    boolean help;
    boolean version;
    boolean license;
    boolean daemon;
    Path pidFile;
    String user;
    boolean lockMemory;
    boolean largePages;
}
