/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's command line, with memcached 1.6's flag names and defaults. Long flags take their value as the next
 * argument or after '='; short flags as the next argument or glued on ({@code -p11211}), and short flags without a
 * value may be bundled ({@code -dv}), as getopt reads them. A flag of memcached's that this server cannot honour is
 * refused with a message that says so when honouring it matters to clients (-C, -S, -Z, -s, -a, -Y, -N), else
 * accepted (-k, -L, -r: {@link Main} warns; -U: the server speaks no UDP).
 * Who the process runs as ({@code -u}) is checked by {@link Main}, never here, so that an embedded server runs as
 * anyone.
 */
public final class ServerConfig
{
    /** The help text of {@code -h}. */
    public static final String USAGE = ServerUsage.TEXT;

    private static final Set<String> VALUED_FLAGS = Set.of(
        "-p", "--port", "-l", "--listen", "-m", "--memory-limit", "-t", "--threads", "-c", "--conn-limit",
        "-n", "--slab-min-size", "-f", "--slab-growth-factor", "-I", "--max-item-size", "-e", "--memory-file",
        "--idle-timeout", "-U", "--udp-port", "-u", "--user", "-P", "--pidfile", "-o", "--extended",
        "-b", "--listen-backlog", "-B", "--protocol", "-R", "--max-reqs-per-event", "-D");

    private static final Map<String, String> REFUSED = Map.of(
        "-C", "disabling CAS is not supported: every item keeps its CAS value",
        "-S", "SASL is not supported",
        "-Z", "TLS is not supported",
        "-s", "unix sockets are not supported: listen on TCP (-l, -p)",
        "-a", "unix sockets are not supported: listen on TCP (-l, -p)",
        "-Y", "ascii authentication (an auth file) is not supported",
        "-N", "NAPI ids are not supported");

    private static final Map<String, String> LONG_NAMES = Map.ofEntries(
        Map.entry("--help", "-h"), Map.entry("--disable-evictions", "-M"), Map.entry("--verbose", "-v"),
        Map.entry("--enable-shutdown", "-A"), Map.entry("--daemon", "-d"), Map.entry("--version", "-V"),
        Map.entry("--license", "-i"), Map.entry("--lock-memory", "-k"), Map.entry("--enable-largepages", "-L"),
        Map.entry("--enable-coredumps", "-r"), Map.entry("--disable-flush-all", "-F"),
        Map.entry("--disable-dumping", "-X"), Map.entry("--disable-watch", "-W"), Map.entry("--disable-cas", "-C"),
        Map.entry("--enable-sasl", "-S"), Map.entry("--enable-ssl", "-Z"), Map.entry("--unix-socket", "-s"),
        Map.entry("--unix-mask", "-a"), Map.entry("--auth-file", "-Y"), Map.entry("--napi-ids", "-N"));

    private int port = 11211;
    private String listen = "127.0.0.1";
    private long memoryLimitMiB = 64;
    private int threads = 4;
    private int connectionLimit = 1024;
    private double growthFactor = 1.25;
    private int minSize = 48;
    private int maxItemSize = 1024 * 1024;
    private boolean evictions = true;
    private int verbosity;
    private Path memoryFile;
    private boolean help;
    private boolean version;
    private boolean license;
    private boolean shutdownEnabled;
    private boolean daemon;
    private Path pidFile;
    private String user;
    private boolean lockMemory;
    private boolean largePages;
    private int listenBacklog = 1024;
    private BindingProtocol protocol = BindingProtocol.AUTO;
    private int requestsPerEvent = 20;
    private char prefixDelimiter = ':';
    private boolean detailEnabled;
    private boolean flushEnabled = true;
    private boolean dumpEnabled = true;
    private boolean watchEnabled = true;
    private final ExtendedOptions extended = new ExtendedOptions();

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
        final Deque<String> pending = new ArrayDeque<>(List.of(args));
        while (!pending.isEmpty())
        {
            final String arg = pending.pollFirst();
            String name;
            String value = null;
            if (arg.startsWith("--"))
            {
                final int eq = arg.indexOf('=');
                name = eq < 0 ? arg : arg.substring(0, eq);
                value = eq < 0 ? null : arg.substring(eq + 1);
                if (LONG_NAMES.containsKey(name))
                {
                    final String shortName = LONG_NAMES.get(name);
                    if (null != value && !REFUSED.containsKey(shortName))
                    {
                        throw new ConfigException("flag " + name + " takes no value, got '" + value + "'");
                    }
                    name = shortName;
                }
            }
            else if (arg.startsWith("-") && arg.length() >= 2)
            {
                name = arg.substring(0, 2);
                if (arg.length() > 2)
                {
                    value = arg.substring(2);
                }
            }
            else
            {
                throw new ConfigException("unexpected argument '" + arg + "': flags start with '-' (see -h)");
            }

            if (config.setSwitch(name))
            {
                if (null != value)
                {
                    pending.addFirst("-" + value);
                }
                continue;
            }
            if (REFUSED.containsKey(name))
            {
                throw new ConfigException("flag " + name + ": " + REFUSED.get(name));
            }
            if (!VALUED_FLAGS.contains(name))
            {
                throw new ConfigException("unknown flag '" + name + "' (see -h)");
            }
            if (null == value)
            {
                if (pending.isEmpty())
                {
                    throw new ConfigException("flag " + name + " needs a value (see -h)");
                }
                value = pending.pollFirst();
            }
            config.set(name, value);
        }
        return config;
    }

    private boolean setSwitch(final String name)
    {
        switch (name)
        {
            case "-h" -> help = true;
            case "-V" -> version = true;
            case "-i" -> license = true;
            case "-M" -> evictions = false;
            case "-v" -> verbosity = Math.min(3, verbosity + 1);
            case "-A" -> shutdownEnabled = true;
            case "-d" -> daemon = true;
            case "-k" -> lockMemory = true;
            case "-L" -> largePages = true;
            case "-r" ->
            {
                // memcached raises the core file limit; a JVM cannot, the launcher's ulimit decides.
            }
            case "-F" -> flushEnabled = false;
            case "-X" -> dumpEnabled = false;
            case "-W" -> watchEnabled = false;
            default ->
            {
                return false;
            }
        }
        return true;
    }

    private void set(final String name, final String value)
    {
        switch (name)
        {
            case "-p", "--port" -> port = (int)FlagValues.number(name, value, 0, 65535);
            case "-l", "--listen" -> listen = FlagValues.nonEmpty(name, value, "an address");
            case "-m", "--memory-limit" -> memoryLimitMiB = FlagValues.number(name, value, 1, 1L << 20);
            case "-t", "--threads" -> threads = (int)FlagValues.number(name, value, 1, 1024);
            case "-c", "--conn-limit" -> connectionLimit = (int)FlagValues.number(name, value, 1, 1 << 20);
            case "-n", "--slab-min-size" -> minSize = (int)FlagValues.number(name, value, 1, 1 << 20);
            case "-f", "--slab-growth-factor" -> growthFactor = FlagValues.factor(name, value);
            case "-I", "--max-item-size" -> maxItemSize = FlagValues.itemSize(name, value);
            case "-e", "--memory-file" -> memoryFile = Path.of(FlagValues.nonEmpty(name, value, "a path"));
            case "--idle-timeout" -> extended.idleTimeout(FlagValues.number(name, value, 0, 365L * 24 * 3600));
            case "-U", "--udp-port" -> FlagValues.number(name, value, 0, 65535);
            case "-o", "--extended" -> extended.apply(value);
            case "-P", "--pidfile" -> pidFile = Path.of(FlagValues.nonEmpty(name, value, "a path"));
            case "-u", "--user" -> user = FlagValues.nonEmpty(name, value, "a user name");
            case "-b", "--listen-backlog" -> listenBacklog = (int)FlagValues.number(name, value, 1, 1 << 20);
            case "-B", "--protocol" -> protocol = BindingProtocol.of(value);
            case "-R", "--max-reqs-per-event" -> requestsPerEvent = (int)FlagValues.number(name, value, 1, 1 << 20);
            case "-D" ->
            {
                prefixDelimiter = FlagValues.nonEmpty(name, value, "a delimiter character").charAt(0);
                detailEnabled = true;
            }
            default -> throw new ConfigException("unknown flag '" + name + "' (see -h)");
        }
    }

    /**
     * Returns the store's settings made from -m, -f, -n, -I, -M, -e (--memory-file) and -o hashpower.
     *
     * @return the store's settings made from -m, -f, -n, -I, -M, -e (--memory-file) and -o hashpower.
     */
    public StoreSettings storeSettings()
    {
        return new StoreSettings(
            memoryLimitMiB * 1024 * 1024, growthFactor, minSize, maxItemSize, evictions, memoryFile,
            extended.hashPower());
    }

    /**
     * Returns -p, the TCP port; 0 picks a free one.
     *
     * @return -p, the TCP port; 0 picks a free one.
     */
    public int port()
    {
        return port;
    }

    /**
     * Returns -l, the address to listen on.
     *
     * @return -l, the address to listen on.
     */
    public String listen()
    {
        return listen;
    }

    /**
     * Returns -m, item memory in MiB.
     *
     * @return -m, item memory in MiB.
     */
    public long memoryLimitMiB()
    {
        return memoryLimitMiB;
    }

    /**
     * Returns -t, event-loop threads.
     *
     * @return -t, event-loop threads.
     */
    public int threads()
    {
        return threads;
    }

    /**
     * Returns -c, the most connections open at once.
     *
     * @return -c, the most connections open at once.
     */
    public int connectionLimit()
    {
        return connectionLimit;
    }

    /**
     * Returns -f, the class growth factor.
     *
     * @return -f, the class growth factor.
     */
    public double growthFactor()
    {
        return growthFactor;
    }

    /**
     * Returns -n, bytes of key and value in the smallest class.
     *
     * @return -n, bytes of key and value in the smallest class.
     */
    public int minSize()
    {
        return minSize;
    }

    /**
     * Returns -I, the largest item in bytes.
     *
     * @return -I, the largest item in bytes.
     */
    public int maxItemSize()
    {
        return maxItemSize;
    }

    /**
     * Returns false under -M.
     *
     * @return false under -M.
     */
    public boolean evictions()
    {
        return evictions;
    }

    /**
     * Returns how many -v were given (at most 3).
     *
     * @return how many -v were given (at most 3).
     */
    public int verbosity()
    {
        return verbosity;
    }

    /**
     * Returns --memory-file, or null for direct memory.
     *
     * @return --memory-file, or null for direct memory.
     */
    public Path memoryFile()
    {
        return memoryFile;
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
        return help;
    }

    /**
     * Returns whether -V was given.
     *
     * @return whether -V was given.
     */
    public boolean version()
    {
        return version;
    }

    /**
     * Returns whether -i was given.
     *
     * @return whether -i was given.
     */
    public boolean license()
    {
        return license;
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
        return shutdownEnabled;
    }

    /**
     * Returns -d: whether the operator asked for a daemon.
     *
     * @return -d: whether the operator asked for a daemon.
     */
    public boolean daemon()
    {
        return daemon;
    }

    /**
     * Returns -P, the pid file, or null.
     *
     * @return -P, the pid file, or null.
     */
    public Path pidFile()
    {
        return pidFile;
    }

    /**
     * Returns -u, the user to run as, or null.
     *
     * @return -u, the user to run as, or null.
     */
    public String user()
    {
        return user;
    }

    /**
     * Returns -k: whether locking the memory was asked for (a JVM cannot).
     *
     * @return -k: whether locking the memory was asked for (a JVM cannot).
     */
    public boolean lockMemory()
    {
        return lockMemory;
    }

    /**
     * Returns -L: whether large pages were asked for (a JVM takes them from its own flags).
     *
     * @return -L: whether large pages were asked for (a JVM takes them from its own flags).
     */
    public boolean largePages()
    {
        return largePages;
    }

    /**
     * Returns -b, the listen backlog (default 1024).
     *
     * @return -b, the listen backlog (default 1024).
     */
    public int listenBacklog()
    {
        return listenBacklog;
    }

    /**
     * Returns -B, the protocols a connection may speak.
     *
     * @return -B, the protocols a connection may speak.
     */
    public BindingProtocol protocol()
    {
        return protocol;
    }

    /**
     * Returns -R, memcached's requests per event (default 20).
     *
     * @return -R, memcached's requests per event (default 20).
     */
    public int requestsPerEvent()
    {
        return requestsPerEvent;
    }

    /**
     * Returns -D, the key prefix delimiter of "stats detail" (default ':').
     *
     * @return -D, the key prefix delimiter of "stats detail" (default ':').
     */
    public char prefixDelimiter()
    {
        return prefixDelimiter;
    }

    /**
     * Returns whether -D turned "stats detail" on from the start.
     *
     * @return whether -D turned "stats detail" on from the start.
     */
    public boolean detailEnabled()
    {
        return detailEnabled;
    }

    /**
     * Returns false under -F: flush_all is refused.
     *
     * @return false under -F: flush_all is refused.
     */
    public boolean flushEnabled()
    {
        return flushEnabled;
    }

    /**
     * Returns false under -X: stats cachedump and lru_crawler metadump are refused.
     *
     * @return false under -X: stats cachedump and lru_crawler metadump are refused.
     */
    public boolean dumpEnabled()
    {
        return dumpEnabled;
    }

    /**
     * Returns false under -W: watch is refused.
     *
     * @return false under -W: watch is refused.
     */
    public boolean watchEnabled()
    {
        return watchEnabled;
    }
}
