/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;

/**
 * The server's command line, with memcached's flag names and defaults. Long flags take their value as the next
 * argument or after '='; short flags as the next argument or glued on ({@code -p11211}). {@code -U} (UDP port) and
 * {@code -u} (user) are accepted and ignored so that memcached's command lines run unchanged: the server speaks no
 * UDP and never changes user.
 */
public final class ServerConfig
{
    /** The help text of {@code -h}. */
    public static final String USAGE = String.join(System.lineSeparator(),
        "usage: slab-memcached [flags]",
        "-p, --port=<num>               TCP port to listen on (default: 11211; 0 picks a free one)",
        "-l, --listen=<addr>            interface to listen on (default: 127.0.0.1)",
        "-m, --memory-limit=<num>       item memory in megabytes (default: 64)",
        "-t, --threads=<num>            event-loop threads (default: 4)",
        "-c, --conn-limit=<num>         max simultaneous connections (default: 1024)",
        "-f, --slab-growth-factor=<num> chunk size growth factor (default: 1.25)",
        "-n, --slab-min-size=<bytes>    min space for key and value (default: 48)",
        "-I, --max-item-size=<num>      largest item, with k or m suffix (default: 1m; 1k to 1024m)",
        "-M, --disable-evictions        answer out of memory instead of evicting",
        "-A, --enable-shutdown          enable the ascii \"shutdown\" command",
        "-v, --verbose                  verbose (-vv: very verbose)",
        "    --memory-file=<path>       map this file as the item memory",
        "    --idle-timeout=<seconds>   close a connection idle this long (default: 0, never)",
        "-U, --udp-port=<num>           accepted and ignored (no UDP)",
        "-u, --user=<name>              accepted and ignored",
        "-h, --help                     print this help and exit");

    private static final java.util.Set<String> VALUED_FLAGS = java.util.Set.of(
        "-p", "--port", "-l", "--listen", "-m", "--memory-limit", "-t", "--threads", "-c", "--conn-limit",
        "-n", "--slab-min-size", "-f", "--slab-growth-factor", "-I", "--max-item-size", "--memory-file",
        "--idle-timeout", "-U", "--udp-port", "-u", "--user");

    private int port = 11211;
    private String listen = "127.0.0.1";
    private long memoryLimitMiB = 64;
    private int threads = 4;
    private int connectionLimit = 1024;
    private double growthFactor = 1.25;
    private int minSize = 48;
    private int maxItemSize = 1024 * 1024;
    private boolean evictions = true;
    private boolean shutdownEnabled;
    private int verbosity;
    private Path memoryFile;
    private long idleTimeoutSeconds;
    private boolean help;

    private ServerConfig()
    {
    }

    /**
     * Reads a command line.
     *
     * @param args the arguments, as memcached takes them.
     * @return the configuration.
     * @throws ConfigException naming the flag, the value and the rule, for an unknown flag, a missing or bad value.
     */
    public static ServerConfig parse(final String... args)
    {
        final ServerConfig config = new ServerConfig();
        int i = 0;
        while (i < args.length)
        {
            final String arg = args[i++];
            String name;
            String value = null;
            if (arg.startsWith("--"))
            {
                final int eq = arg.indexOf('=');
                name = eq < 0 ? arg : arg.substring(0, eq);
                value = eq < 0 ? null : arg.substring(eq + 1);
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

            switch (name)
            {
                case "-h", "--help" -> config.help = true;
                case "-M", "--disable-evictions" -> config.evictions = false;
                case "-A", "--enable-shutdown" -> config.shutdownEnabled = true;
                case "-v", "--verbose" ->
                {
                    if (null != value && !value.chars().allMatch(c -> c == 'v'))
                    {
                        throw new ConfigException("bad flag '" + arg + "': -v takes no value (use -v or -vv)");
                    }
                    config.verbosity = Math.min(3, config.verbosity + 1 + (null == value ? 0 : value.length()));
                }
                default ->
                {
                    if (!VALUED_FLAGS.contains(name))
                    {
                        throw new ConfigException("unknown flag '" + name + "' (see -h)");
                    }
                    if (null == value)
                    {
                        if (i >= args.length)
                        {
                            throw new ConfigException("flag " + name + " needs a value (see -h)");
                        }
                        value = args[i++];
                    }
                    config.set(name, value);
                }
            }
        }
        return config;
    }

    private void set(final String name, final String value)
    {
        switch (name)
        {
            case "-p", "--port" -> port = (int)number(name, value, 0, 65535);
            case "-l", "--listen" ->
            {
                if (value.isEmpty())
                {
                    throw new ConfigException("flag " + name + " needs an address, got ''");
                }
                listen = value;
            }
            case "-m", "--memory-limit" -> memoryLimitMiB = number(name, value, 1, 1L << 20);
            case "-t", "--threads" -> threads = (int)number(name, value, 1, 1024);
            case "-c", "--conn-limit" -> connectionLimit = (int)number(name, value, 1, 1 << 20);
            case "-n", "--slab-min-size" -> minSize = (int)number(name, value, 1, 1 << 20);
            case "-f", "--slab-growth-factor" -> growthFactor = factor(name, value);
            case "-I", "--max-item-size" -> maxItemSize = itemSize(name, value);
            case "--memory-file" ->
            {
                if (value.isEmpty())
                {
                    throw new ConfigException("flag --memory-file needs a path, got ''");
                }
                memoryFile = Path.of(value);
            }
            case "--idle-timeout" -> idleTimeoutSeconds = number(name, value, 0, 365L * 24 * 3600);
            case "-U", "--udp-port" -> number(name, value, 0, 65535);
            case "-u", "--user" ->
            {
            }
            default -> throw new ConfigException("unknown flag '" + name + "' (see -h)");
        }
    }

    private static long number(final String name, final String value, final long min, final long max)
    {
        final long n;
        try
        {
            n = Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException("flag " + name + " needs a whole number, got '" + value + "'");
        }
        if (n < min || n > max)
        {
            throw new ConfigException("flag " + name + " must be from " + min + " to " + max + ", got " + value);
        }
        return n;
    }

    private static double factor(final String name, final String value)
    {
        final double f;
        try
        {
            f = Double.parseDouble(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException("flag " + name + " needs a number, got '" + value + "'");
        }
        if (!(f > 1.0 && f <= 8.0))
        {
            throw new ConfigException("flag " + name + " must be above 1.0 and at most 8.0, got " + value);
        }
        return f;
    }

    private static int itemSize(final String name, final String value)
    {
        final String lower = value.toLowerCase();
        long unit = 1;
        String digits = lower;
        if (lower.endsWith("k"))
        {
            unit = 1024;
            digits = lower.substring(0, lower.length() - 1);
        }
        else if (lower.endsWith("m"))
        {
            unit = 1024 * 1024;
            digits = lower.substring(0, lower.length() - 1);
        }
        final long n;
        try
        {
            n = Long.parseLong(digits) * unit;
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(
                "flag " + name + " needs a size in bytes with an optional k or m suffix, got '" + value + "'");
        }
        if (n < 1024 || n > 1024L * 1024 * 1024)
        {
            throw new ConfigException("flag " + name + " must be from 1k to 1024m, got " + value);
        }
        return (int)n;
    }

    /** @return the store's settings made from -m, -f, -n, -I, -M and --memory-file. */
    public StoreSettings storeSettings()
    {
        return new StoreSettings(
            memoryLimitMiB * 1024 * 1024, growthFactor, minSize, maxItemSize, evictions, memoryFile);
    }

    /** @return -p, the TCP port; 0 picks a free one. */
    public int port()
    {
        return port;
    }

    /** @return -l, the address to listen on. */
    public String listen()
    {
        return listen;
    }

    /** @return -m, item memory in MiB. */
    public long memoryLimitMiB()
    {
        return memoryLimitMiB;
    }

    /** @return -t, event-loop threads. */
    public int threads()
    {
        return threads;
    }

    /** @return -c, the most connections open at once. */
    public int connectionLimit()
    {
        return connectionLimit;
    }

    /** @return -f, the class growth factor. */
    public double growthFactor()
    {
        return growthFactor;
    }

    /** @return -n, bytes of key and value in the smallest class. */
    public int minSize()
    {
        return minSize;
    }

    /** @return -I, the largest item in bytes. */
    public int maxItemSize()
    {
        return maxItemSize;
    }

    /** @return false under -M. */
    public boolean evictions()
    {
        return evictions;
    }

    /** @return -A: whether the "shutdown" command stops the server. */
    public boolean shutdownEnabled()
    {
        return shutdownEnabled;
    }

    /** @return how many -v were given (at most 3). */
    public int verbosity()
    {
        return verbosity;
    }

    /** @return --memory-file, or null for direct memory. */
    public Path memoryFile()
    {
        return memoryFile;
    }

    /** @return --idle-timeout (memcached's -o idle_timeout): seconds a connection may idle, 0 for ever. */
    public long idleTimeoutSeconds()
    {
        return idleTimeoutSeconds;
    }

    /** @return whether -h was given. */
    public boolean help()
    {
        return help;
    }
}
