/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a server from Java code, for tests and for programs that embed it: one method per memcached flag, composed
 * into the command line that {@link ServerConfig#parse(String...)} reads, so the builder and {@code java -jar}
 * accept and refuse exactly the same things. Each method checks its value at once, through the same parser, and
 * throws {@link ConfigException} naming the flag, the value and the rule.
 * <p>
 * One difference from memcached's defaults: the port is 0, a free one chosen at start ({@link MemcachedServer#port()}
 * tells which), so that tests running side by side never collide; call {@code port(11211)} for memcached's.
 * Everything else is memcached's default (see {@link ServerConfig#USAGE}).
 * <pre>{@code
 * try (MemcachedServer server = MemcachedServer.builder().memoryLimitMegabytes(16).threads(1).start())
 * {
 *     connect("127.0.0.1", server.port());
 * }
 * }</pre>
 * Calling a method again replaces its value. Not thread-safe; a builder can start any number of servers.
 */
public final class MemcachedServerBuilder
{
    private final Map<String, String> valued = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> extra = new ArrayList<>();
    private boolean evictions = true;
    private boolean casEnabled = true;
    private int verbosity;

    MemcachedServerBuilder()
    {
        valued.put("-p", "0");
    }

    /**
     * Sets {@code -p}, the TCP port: 0 (the builder's default) for a free one.
     *
     * @param port the port.
     * @return this builder.
     * @throws ConfigException when the port is outside 0 to 65535.
     */
    public MemcachedServerBuilder port(final int port)
    {
        return valued("-p", Integer.toString(port));
    }

    /**
     * Sets {@code -l}, the interface to listen on (default 127.0.0.1).
     *
     * @param address an address or host name.
     * @return this builder.
     * @throws ConfigException when the address is empty.
     */
    public MemcachedServerBuilder listen(final String address)
    {
        return valued("-l", address);
    }

    /**
     * Sets {@code -s}: listen on this unix domain socket, and on no TCP port.
     *
     * @param path the socket file's path.
     * @return this builder.
     * @throws ConfigException when the path is empty.
     */
    public MemcachedServerBuilder unixSocket(final Path path)
    {
        return valued("-s", path.toString());
    }

    /**
     * Sets {@code -a}, the unix socket file's permission bits (default 0700), such as {@code unixMask(0660)}.
     *
     * @param mode the permission bits, at most 0777.
     * @return this builder.
     * @throws ConfigException when above 0777 or negative.
     */
    public MemcachedServerBuilder unixMask(final int mode)
    {
        return valued("-a", mode < 0 ? Integer.toString(mode) : Integer.toOctalString(mode));
    }

    /**
     * Sets {@code -m}, the item memory (default 64 MiB).
     *
     * @param megabytes MiB of item memory.
     * @return this builder.
     * @throws ConfigException when below 1 or above 1048576.
     */
    public MemcachedServerBuilder memoryLimitMegabytes(final long megabytes)
    {
        return valued("-m", Long.toString(megabytes));
    }

    /**
     * Sets {@code -t}, the event-loop threads (default 4).
     *
     * @param threads how many threads.
     * @return this builder.
     * @throws ConfigException when outside 1 to 1024.
     */
    public MemcachedServerBuilder threads(final int threads)
    {
        return valued("-t", Integer.toString(threads));
    }

    /**
     * Sets {@code -c}, the most connections open at once (default 1024).
     *
     * @param connections how many connections.
     * @return this builder.
     * @throws ConfigException when below 1.
     */
    public MemcachedServerBuilder connectionLimit(final int connections)
    {
        return valued("-c", Integer.toString(connections));
    }

    /**
     * Sets {@code -f}, how much each size class's slot grows over the one before (default 1.25).
     *
     * @param factor the factor.
     * @return this builder.
     * @throws ConfigException when not above 1.0 and at most 8.0.
     */
    public MemcachedServerBuilder growthFactor(final double factor)
    {
        return valued("-f", Double.toString(factor));
    }

    /**
     * Sets {@code -n}, the space for key and value in the smallest size class (default 48 bytes).
     *
     * @param bytes the space in bytes.
     * @return this builder.
     * @throws ConfigException when below 1.
     */
    public MemcachedServerBuilder minSlotSize(final int bytes)
    {
        return valued("-n", Integer.toString(bytes));
    }

    /**
     * Sets {@code -I}, the largest item (default 1 MiB).
     *
     * @param bytes the size in bytes.
     * @return this builder.
     * @throws ConfigException when outside 1 KiB to 1024 MiB.
     */
    public MemcachedServerBuilder maxItemSize(final int bytes)
    {
        return valued("-I", Integer.toString(bytes));
    }

    /**
     * Sets whether a set that finds memory full evicts (the default) or, as under {@code -M}, answers out of
     * memory.
     *
     * @param evictions false for {@code -M}.
     * @return this builder.
     */
    public MemcachedServerBuilder evictions(final boolean evictions)
    {
        this.evictions = evictions;
        return this;
    }

    /**
     * {@code -M}, the same as {@code evictions(false)}.
     *
     * @return this builder.
     */
    public MemcachedServerBuilder disableEvictions()
    {
        return evictions(false);
    }

    /**
     * {@code -C}: items keep no CAS value (8 bytes less each), gets show cas 0 and cas commands fail, as in
     * memcached.
     *
     * @return this builder.
     */
    public MemcachedServerBuilder disableCas()
    {
        this.casEnabled = false;
        return this;
    }

    /**
     * Sets how many {@code -v}: 0 quiet (the default), 1 errors and warnings, 2 also commands and replies, 3 also
     * internal state.
     *
     * @param level from 0 to 3.
     * @return this builder.
     * @throws IllegalArgumentException when the level is outside 0 to 3.
     */
    public MemcachedServerBuilder verbosity(final int level)
    {
        if (level < 0 || level > 3)
        {
            throw new IllegalArgumentException("verbosity must be from 0 to 3 (as -v to -vvv), got " + level);
        }
        verbosity = level;
        return this;
    }

    /**
     * Sets {@code --memory-file}: map this file as the item memory instead of off-heap pages. The server's
     * {@link MemcachedServer#close()} keeps the items in it, and a server started again with the same settings serves
     * them (a warm restart, see the module README).
     *
     * @param file the file.
     * @return this builder.
     * @throws ConfigException when the path is empty.
     */
    public MemcachedServerBuilder memoryFile(final Path file)
    {
        return valued("--memory-file", file.toString());
    }

    /**
     * Sets {@code --idle-timeout} (memcached's {@code -o idle_timeout}): close a connection that neither read nor
     * wrote this long; 0 (the default) never.
     *
     * @param seconds the timeout in seconds.
     * @return this builder.
     * @throws ConfigException when negative or above a year.
     */
    public MemcachedServerBuilder idleTimeoutSeconds(final long seconds)
    {
        return valued("--idle-timeout", Long.toString(seconds));
    }

    /**
     * One of memcached's {@code -o} options with a value, such as {@code option("hashpower", "20")}.
     *
     * @param name  the option's name, as memcached spells it.
     * @param value its value.
     * @return this builder.
     * @throws ConfigException when the server does not know the option or refuses the value.
     */
    public MemcachedServerBuilder option(final String name, final String value)
    {
        final String option = name + "=" + value;
        ServerConfig.parse("-o", option);
        options.put(name, option);
        return this;
    }

    /**
     * One of memcached's {@code -o} options that takes no value, such as {@code option("no_lru_crawler")}.
     *
     * @param name the option's name, as memcached spells it.
     * @return this builder.
     * @throws ConfigException when the server does not know the option.
     */
    public MemcachedServerBuilder option(final String name)
    {
        ServerConfig.parse("-o", name);
        options.put(name, name);
        return this;
    }

    /**
     * Any other part of the command line, as {@code java -jar slab-memcached.jar} would take it, for a flag that has
     * no method here; added after the others.
     *
     * @param args flags and their values, such as {@code flag("-U", "0")}.
     * @return this builder.
     * @throws ConfigException when the server refuses them.
     */
    public MemcachedServerBuilder flag(final String... args)
    {
        ServerConfig.parse(args);
        Collections.addAll(extra, args);
        return this;
    }

    /**
     * The command line this builder starts a server with.
     *
     * @return the flags and values, as {@code java -jar slab-memcached.jar} takes them.
     */
    public List<String> commandLine()
    {
        final List<String> args = new ArrayList<>();
        valued.forEach((name, value) ->
        {
            args.add(name);
            args.add(value);
        });
        if (!evictions)
        {
            args.add("-M");
        }
        if (!casEnabled)
        {
            args.add("-C");
        }
        if (0 != verbosity)
        {
            args.add("-" + "v".repeat(verbosity));
        }
        if (!options.isEmpty())
        {
            args.add("-o");
            args.add(String.join(",", options.values()));
        }
        args.addAll(extra);
        return args;
    }

    /**
     * Starts a server on its own threads and returns once it listens.
     *
     * @return the running server; close it to stop it.
     * @throws ConfigException when the flags together are refused.
     * @throws IllegalStateException when the address cannot be bound.
     */
    public MemcachedServer start()
    {
        return MemcachedServer.start(ServerConfig.parse(commandLine().toArray(new String[0])));
    }

    /**
     * The command line, for messages and logs.
     *
     * @return the flags and values, space separated.
     */
    @Override
    public String toString()
    {
        return String.join(" ", commandLine());
    }

    private MemcachedServerBuilder valued(final String flag, final String value)
    {
        ServerConfig.parse(flag, value);
        valued.put(flag, value);
        return this;
    }
}
