/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;

import dev.slabcache.memcached.protocol.BindingProtocol;
import dev.slabcache.memcached.protocol.ProtocolOptions;
import dev.slabcache.memcached.store.LruSettings;
import dev.slabcache.memcached.store.StoreSettings;

/**
 * The server's command line, with memcached 1.6's flag names and defaults. Long flags take their value as the next
 * argument or after '='; short flags as the next argument or glued on ({@code -p11211}), and short flags without a
 * value may be bundled ({@code -dv}), as getopt reads them. A flag of memcached's that this server cannot honour is
 * refused with a message that says so when honouring it matters to clients (-N), else
 * accepted (-k, -L, -r: {@link Main} warns; -U: the server speaks no UDP).
 * Who the process runs as ({@code -u}) is checked by {@link Main}, never here, so that an embedded server runs as
 * anyone.
 */
public final class ServerConfig
{
    /** The help text of {@code -h}. */
    public static final String USAGE = ServerUsage.TEXT;

    // The settings by concern; package-private so that CommandLine, which reads the flags, writes them.
    final ListenConfig listening = new ListenConfig();
    final AccessConfig access = new AccessConfig();
    final StoreConfig store = new StoreConfig();
    final ProcessConfig process = new ProcessConfig();
    final TlsOptions tls = new TlsOptions();
    final ExtendedOptions extended = new ExtendedOptions();

    private ServerConfig()
    {
    }

    /**
     * Reads a command line.
     *
     * @param args the arguments, as memcached takes them.
     * @return the configuration.
     * @throws ConfigException naming the flag, the value and the rule, for an unknown or refused flag, a missing or
     *                         bad value, or an unknown {@code -o} option.
     */
    public static ServerConfig parse(final String... args)
    {
        final ServerConfig config = new ServerConfig();
        new CommandLine(config).read(args);
        return config;
    }

    /**
     * Returns the store's settings made from -m, -f, -n, -I, -M, -e (--memory-file), -o hashpower and -C.
     *
     * @return the store's settings made from -m, -f, -n, -I, -M, -e (--memory-file), -o hashpower and -C.
     */
    public StoreSettings storeSettings()
    {
        return store.settings(extended.hashPower());
    }

    /**
     * Returns the store's LRU settings made from -o lru_maintainer, hot_lru_pct, warm_lru_pct, hot_max_factor,
     * warm_max_factor and temporary_ttl.
     *
     * @return the store's LRU settings.
     */
    public LruSettings lruSettings()
    {
        return extended.lruSettings();
    }

    /**
     * Returns the flags the protocol obeys: -B, -S, -C, -F, -A, -X and -W.
     *
     * @return the flags the protocol obeys.
     */
    public ProtocolOptions protocolOptions()
    {
        return access.protocolOptions(store.casEnabled);
    }

    /**
     * Returns -p, the TCP port; 0 picks a free one.
     *
     * @return -p, the TCP port; 0 picks a free one.
     */
    public int port()
    {
        return listening.port;
    }

    /**
     * Returns -l, the address to listen on.
     *
     * @return -l, the address to listen on.
     */
    public String listen()
    {
        return listening.listen;
    }

    /**
     * Returns -s, the unix domain socket to listen on instead of TCP, or null for TCP.
     *
     * @return -s, the unix domain socket to listen on instead of TCP, or null for TCP.
     */
    public Path socketPath()
    {
        return listening.socketPath;
    }

    /**
     * Returns -a, the permission bits of the unix socket's file (default 0700, as memcached).
     *
     * @return -a, the permission bits of the unix socket's file (default 0700, as memcached).
     */
    public int unixMask()
    {
        return listening.unixMask;
    }

    /**
     * Returns -Y, the file of user:password lines whose users alone may use the text protocol, or null.
     *
     * @return -Y, the file of user:password lines whose users alone may use the text protocol, or null.
     */
    public Path authFile()
    {
        return access.authFile;
    }

    /**
     * Returns -S: whether binary clients must authenticate by SASL PLAIN, as a user of {@link #authFile()}.
     *
     * @return -S: whether binary clients must authenticate by SASL PLAIN, as a user of {@link #authFile()}.
     */
    public boolean sasl()
    {
        return access.sasl;
    }

    /**
     * Returns -Z and the ssl_* options of -o.
     *
     * @return -Z and the ssl_* options of -o.
     */
    public TlsOptions tls()
    {
        return tls;
    }

    /**
     * Returns -m, item memory in MiB.
     *
     * @return -m, item memory in MiB.
     */
    public long memoryLimitMiB()
    {
        return store.memoryLimitMiB;
    }

    /**
     * Returns -t, event-loop threads.
     *
     * @return -t, event-loop threads.
     */
    public int threads()
    {
        return listening.threads;
    }

    /**
     * Returns -c, the most connections open at once.
     *
     * @return -c, the most connections open at once.
     */
    public int connectionLimit()
    {
        return listening.connectionLimit;
    }

    /**
     * Returns -f, the class growth factor.
     *
     * @return -f, the class growth factor.
     */
    public double growthFactor()
    {
        return store.growthFactor;
    }

    /**
     * Returns -n, bytes of key and value in the smallest class.
     *
     * @return -n, bytes of key and value in the smallest class.
     */
    public int minSize()
    {
        return store.minSize;
    }

    /**
     * Returns -I, the largest item in bytes.
     *
     * @return -I, the largest item in bytes.
     */
    public int maxItemSize()
    {
        return store.maxItemSize;
    }

    /**
     * Returns false under -M.
     *
     * @return false under -M.
     */
    public boolean evictions()
    {
        return store.evictions;
    }

    /**
     * Returns false under -C.
     *
     * @return false under -C.
     */
    public boolean casEnabled()
    {
        return store.casEnabled;
    }

    /**
     * Returns how many -v were given (at most 3).
     *
     * @return how many -v were given (at most 3).
     */
    public int verbosity()
    {
        return process.verbosity;
    }

    /**
     * Returns --memory-file, or null for direct memory.
     *
     * @return --memory-file, or null for direct memory.
     */
    public Path memoryFile()
    {
        return store.memoryFile;
    }

    /**
     * Returns --idle-timeout or -o idle_timeout: seconds a connection may idle, 0 for ever.
     *
     * @return --idle-timeout or -o idle_timeout: seconds a connection may idle, 0 for ever.
     */
    public long idleTimeoutSeconds()
    {
        return extended.idleTimeout();
    }

    /**
     * Returns whether -h was given.
     *
     * @return whether -h was given.
     */
    public boolean help()
    {
        return process.help;
    }

    /**
     * Returns whether -V was given.
     *
     * @return whether -V was given.
     */
    public boolean version()
    {
        return process.version;
    }

    /**
     * Returns whether -i was given.
     *
     * @return whether -i was given.
     */
    public boolean license()
    {
        return process.license;
    }

    /**
     * Returns -o: memcached's extended options.
     *
     * @return -o: memcached's extended options.
     */
    public ExtendedOptions extended()
    {
        return extended;
    }

    /**
     * Returns -A: whether the ascii "shutdown" command may stop the server.
     *
     * @return -A: whether the ascii "shutdown" command may stop the server.
     */
    public boolean shutdownEnabled()
    {
        return access.shutdownEnabled;
    }

    /**
     * Returns -d: whether the operator asked for a daemon.
     *
     * @return -d: whether the operator asked for a daemon.
     */
    public boolean daemon()
    {
        return process.daemon;
    }

    /**
     * Returns -P, the pid file, or null.
     *
     * @return -P, the pid file, or null.
     */
    public Path pidFile()
    {
        return process.pidFile;
    }

    /**
     * Returns -u, the user to run as, or null.
     *
     * @return -u, the user to run as, or null.
     */
    public String user()
    {
        return process.user;
    }

    /**
     * Returns -k: whether locking the memory was asked for (a JVM cannot).
     *
     * @return -k: whether locking the memory was asked for (a JVM cannot).
     */
    public boolean lockMemory()
    {
        return process.lockMemory;
    }

    /**
     * Returns -L: whether large pages were asked for (a JVM takes them from its own flags).
     *
     * @return -L: whether large pages were asked for (a JVM takes them from its own flags).
     */
    public boolean largePages()
    {
        return process.largePages;
    }

    /**
     * Returns -b, the listen backlog (default 1024).
     *
     * @return -b, the listen backlog (default 1024).
     */
    public int listenBacklog()
    {
        return listening.listenBacklog;
    }

    /**
     * Returns -B, the protocols a connection may speak.
     *
     * @return -B, the protocols a connection may speak.
     */
    public BindingProtocol protocol()
    {
        return access.protocol;
    }

    /**
     * Returns -R, memcached's requests per event (default 20).
     *
     * @return -R, memcached's requests per event (default 20).
     */
    public int requestsPerEvent()
    {
        return listening.requestsPerEvent;
    }

    /**
     * Returns -D, the key prefix delimiter of "stats detail" (default ':').
     *
     * @return -D, the key prefix delimiter of "stats detail" (default ':').
     */
    public char prefixDelimiter()
    {
        return store.prefixDelimiter;
    }

    /**
     * Returns whether -D turned "stats detail" on from the start.
     *
     * @return whether -D turned "stats detail" on from the start.
     */
    public boolean detailEnabled()
    {
        return store.detailEnabled;
    }

    /**
     * Returns false under -F: flush_all is refused.
     *
     * @return false under -F: flush_all is refused.
     */
    public boolean flushEnabled()
    {
        return access.flushEnabled;
    }

    /**
     * Returns false under -X: stats cachedump and lru_crawler metadump are refused.
     *
     * @return false under -X: stats cachedump and lru_crawler metadump are refused.
     */
    public boolean dumpEnabled()
    {
        return access.dumpEnabled;
    }

    /**
     * Returns false under -W: watch is refused.
     *
     * @return false under -W: watch is refused.
     */
    public boolean watchEnabled()
    {
        return access.watchEnabled;
    }
}
