/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.PrintStream;

/**
 * Runs the server from a memcached command line until the JVM is stopped.
 */
public final class Main
{
    /** The exit status of a bad command line (EX_USAGE). */
    public static final int EXIT_USAGE = 64;

    /** The exit status when the server cannot start. */
    public static final int EXIT_FAILURE = 1;

    private Main()
    {
    }

    /**
     * @param args memcached's flags (see {@code -h}).
     */
    public static void main(final String[] args)
    {
        final int status = run(args, System.out, System.err);
        if (status != 0)
        {
            System.exit(status);
        }
    }

    /**
     * Parses the command line and starts the server, which then runs on its own threads until the JVM stops.
     *
     * @param args memcached's flags.
     * @param out  where help goes.
     * @param err  where a one-line error goes.
     * @return 0 when the server runs or help was printed, {@link #EXIT_USAGE} for a bad command line,
     * {@link #EXIT_FAILURE} when it could not start.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final ServerConfig config;
        try
        {
            config = ServerConfig.parse(args);
        }
        catch (final ConfigException ex)
        {
            err.println("slab-memcached: " + ex.getMessage());
            return EXIT_USAGE;
        }
        if (config.help())
        {
            out.println(ServerConfig.USAGE);
            return 0;
        }
        try
        {
            final MemcachedServer server = MemcachedServer.start(config, () -> System.exit(0));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "slab-memcached-shutdown"));
            if (config.verbosity() > 0)
            {
                err.println("slab-memcached listening on " + config.listen() + ":" + server.port());
            }
            return 0;
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("slab-memcached: cannot start: " + ex.getMessage());
            return EXIT_FAILURE;
        }
    }
}
