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

import dev.slabcache.memcached.protocol.BindingProtocol;

/**
 * Reads memcached 1.6's command line into a {@link ServerConfig}. Long flags take their value as the next argument or
 * after '='; short flags as the next argument or glued on ({@code -p11211}), and short flags without a value may be
 * bundled ({@code -dv}), as getopt reads them. A flag of memcached's that this server cannot honour is refused with a
 * message that says so when honouring it matters to clients (-N), else accepted (-k, -L, -r:
 * {@link Main} warns; -U: the server speaks no UDP).
 */
final class CommandLine
{
    private static final Set<String> VALUED_FLAGS = Set.of(
        "-p", "--port", "-l", "--listen", "-m", "--memory-limit", "-t", "--threads", "-c", "--conn-limit",
        "-n", "--slab-min-size", "-f", "--slab-growth-factor", "-I", "--max-item-size", "-e", "--memory-file",
        "--idle-timeout", "-U", "--udp-port", "-u", "--user", "-P", "--pidfile", "-o", "--extended",
        "-b", "--listen-backlog", "-B", "--protocol", "-R", "--max-reqs-per-event", "-D", "-s", "--unix-socket",
        "-a", "--unix-mask", "-Y", "--auth-file");

    private static final Map<String, String> REFUSED = Map.of(
        "-N", "NAPI ids are not supported");

    private static final Map<String, String> LONG_NAMES = Map.ofEntries(
        Map.entry("--help", "-h"), Map.entry("--disable-evictions", "-M"), Map.entry("--verbose", "-v"),
        Map.entry("--enable-shutdown", "-A"), Map.entry("--daemon", "-d"), Map.entry("--version", "-V"),
        Map.entry("--license", "-i"), Map.entry("--lock-memory", "-k"), Map.entry("--enable-largepages", "-L"),
        Map.entry("--enable-coredumps", "-r"), Map.entry("--disable-flush-all", "-F"),
        Map.entry("--disable-dumping", "-X"), Map.entry("--disable-watch", "-W"), Map.entry("--disable-cas", "-C"),
        Map.entry("--enable-sasl", "-S"), Map.entry("--enable-ssl", "-Z"), Map.entry("--napi-ids", "-N"));

    private final ServerConfig config;
    private final ListenConfig listening;
    private final AccessConfig access;
    private final StoreConfig store;
    private final ProcessConfig process;

    /**
     * Makes a reader that fills one configuration.
     *
     * @param config the configuration the flags are written into, holding memcached's defaults.
     */
    CommandLine(final ServerConfig config)
    {
        this.config = config;
        this.listening = config.listening;
        this.access = config.access;
        this.store = config.store;
        this.process = config.process;
    }

    /**
     * Reads a command line into the configuration.
     *
     * @param args the arguments, as memcached takes them.
     * @throws ConfigException naming the flag, the value and the rule, for an unknown or refused flag, a missing or
     *                         bad value, or an unknown {@code -o} option.
     */
    void read(final String... args)
    {
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

            if (setSwitch(name))
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
            set(name, value);
        }
        config.extended.lruSettings();
        config.tls.check();
        access.check();
    }

    /** memcached's -o list: the ssl_* options are TLS's, the others {@link ExtendedOptions}'. */
    private void extended(final String list)
    {
        final StringBuilder others = new StringBuilder();
        for (final String option : list.split(","))
        {
            final int eq = option.indexOf('=');
            final String name = eq < 0 ? option : option.substring(0, eq);
            if (name.startsWith("ssl_"))
            {
                config.tls.set(name, eq < 0 ? null : option.substring(eq + 1));
            }
            else
            {
                others.append(others.length() > 0 ? "," : "").append(option);
            }
        }
        if (others.length() > 0 || list.isEmpty())
        {
            config.extended.apply(others.toString());
        }
    }

    private boolean setSwitch(final String name)
    {
        switch (name)
        {
            case "-h" -> process.help = true;
            case "-V" -> process.version = true;
            case "-i" -> process.license = true;
            case "-M" -> store.evictions = false;
            case "-C" -> store.casEnabled = false;
            case "-v" -> process.verbosity = Math.min(3, process.verbosity + 1);
            case "-A" -> access.shutdownEnabled = true;
            case "-S" -> access.sasl = true;
            case "-Z" -> config.tls.enabled = true;
            case "-d" -> process.daemon = true;
            case "-k" -> process.lockMemory = true;
            case "-L" -> process.largePages = true;
            case "-r" ->
            {
                // memcached raises the core file limit; a JVM cannot, the launcher's ulimit decides.
            }
            case "-F" -> access.flushEnabled = false;
            case "-X" -> access.dumpEnabled = false;
            case "-W" -> access.watchEnabled = false;
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
            case "-p", "--port" -> listening.port = (int)FlagValues.number(name, value, 0, 65535);
            case "-l", "--listen" -> listening.listen = FlagValues.nonEmpty(name, value, "an address");
            case "-m", "--memory-limit" -> store.memoryLimitMiB = FlagValues.number(name, value, 1, 1L << 20);
            case "-t", "--threads" -> listening.threads = (int)FlagValues.number(name, value, 1, 1024);
            case "-c", "--conn-limit" -> listening.connectionLimit = (int)FlagValues.number(name, value, 1, 1 << 20);
            case "-n", "--slab-min-size" -> store.minSize = (int)FlagValues.number(name, value, 1, 1 << 20);
            case "-f", "--slab-growth-factor" -> store.growthFactor = FlagValues.factor(name, value);
            case "-I", "--max-item-size" -> store.maxItemSize = FlagValues.itemSize(name, value);
            case "-e", "--memory-file" -> store.memoryFile = Path.of(FlagValues.nonEmpty(name, value, "a path"));
            case "--idle-timeout" ->
                config.extended.idleTimeout(FlagValues.number(name, value, 0, 365L * 24 * 3600));
            case "-U", "--udp-port" -> FlagValues.number(name, value, 0, 65535);
            case "-o", "--extended" -> extended(value);
            case "-P", "--pidfile" -> process.pidFile = Path.of(FlagValues.nonEmpty(name, value, "a path"));
            case "-s", "--unix-socket" -> listening.socketPath = Path.of(FlagValues.nonEmpty(name, value, "a path"));
            case "-a", "--unix-mask" -> listening.unixMask = FlagValues.octal(name, value, 0777);
            case "-u", "--user" -> process.user = FlagValues.nonEmpty(name, value, "a user name");
            case "-b", "--listen-backlog" -> listening.listenBacklog = (int)FlagValues.number(name, value, 1, 1 << 20);
            case "-B", "--protocol" ->
            {
                access.protocol = bindingProtocol(value);
                access.protocolGiven = true;
            }
            case "-Y", "--auth-file" -> access.authFile = Path.of(FlagValues.nonEmpty(name, value, "a path"));
            case "-R", "--max-reqs-per-event" ->
                listening.requestsPerEvent = (int)FlagValues.number(name, value, 1, 1 << 20);
            case "-D" ->
            {
                store.prefixDelimiter = FlagValues.nonEmpty(name, value, "a delimiter character").charAt(0);
                store.detailEnabled = true;
            }
            default -> throw new ConfigException("unknown flag '" + name + "' (see -h)");
        }
    }

    private static BindingProtocol bindingProtocol(final String value)
    {
        for (final BindingProtocol protocol : BindingProtocol.values())
        {
            if (protocol.flagValue().equals(value))
            {
                return protocol;
            }
        }
        throw new ConfigException("flag -B must be one of auto, binary or ascii, got '" + value + "'");
    }
}
