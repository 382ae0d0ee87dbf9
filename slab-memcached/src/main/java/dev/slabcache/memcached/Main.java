/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.PrintStream;

/**
 * Runs the server from a memcached command line until SIGTERM or SIGINT, then closes it and exits with status 0
 * (see {@link CleanStop}); on SIGHUP reads the -Y file and the TLS certificates again and runs on (see
 * {@link MemcachedServer#reload()}). As memcached does, refuses to run as root without {@code -u} (see
 * {@link ProcessUser}).
 */
public final class Main
{
    /** The exit status of a bad command line (EX_USAGE). */
    public static final int EXIT_USAGE = 64;

    /**
     * The system property that bin/slab-memcached sets: it has taken -d itself (detached, or kept in the foreground
     * under --foreground), so the JVM says nothing of it.
     */
    public static final String LAUNCHED_PROP_NAME = "slab-memcached.launched";

    /** The exit status when the server cannot start. */
    public static final int EXIT_FAILURE = 1;

    /** Netty's system property for its buffer leak detection level (the shaded jar keeps this name). */
    public static final String LEAK_DETECTION_LEVEL_PROP_NAME = "io.netty.leakDetection.level";

    /** Netty's older name of {@link #LEAK_DETECTION_LEVEL_PROP_NAME}, which it still reads. */
    public static final String LEGACY_LEAK_DETECTION_LEVEL_PROP_NAME = "io.netty.leakDetectionLevel";

    private Main()
    {
    }

    /**
     * Runs the server as memcached's command line does, and exits with a non-zero status when it cannot.
     *
     * @param args memcached's flags (see {@code -h}).
     */
    public static void main(final String[] args)
    {
        disableLeakDetectionUnlessSet();
        final int status = run(args, System.out, System.err);
        if (status != 0)
        {
            System.exit(status);
        }
    }

    /**
     * Parses the command line and starts the server, which then runs on its own threads until the JVM stops; when
     * it stops, a shutdown hook closes the server, removes the -P pid file and halts the JVM with status 0.
     *
     * @param args memcached's flags.
     * @param out  where help, -V and -i go.
     * @param err  where a one-line error, warnings and the log go.
     * @return 0 when the server runs or help, the version or the licence was printed, {@link #EXIT_USAGE} for a
     * bad command line or a user the process cannot run as, {@link #EXIT_FAILURE} when it could not start.
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
        if (config.version())
        {
            out.println("slab-memcached " + ServerVersion.version());
            return 0;
        }
        if (config.license())
        {
            out.println("slab-memcached is licensed under the Apache License, Version 2.0; " +
                "the jar's META-INF/LICENSE and META-INF/NOTICE hold the texts");
            return 0;
        }
        final String refusal = ProcessUser.refusal(ProcessUser.isRoot(), config.user());
        if (null != refusal)
        {
            err.println(refusal);
            return EXIT_USAGE;
        }
        warn(config, err);
        final MemcachedServer server;
        try
        {
            server = MemcachedServer.start(config, () -> System.exit(0));
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("slab-memcached: cannot start: " + ex.getMessage());
            return EXIT_FAILURE;
        }
        if (!ProcessSignals.handle("HUP", () -> reload(server, err)) &&
            (null != config.authFile() || config.tls().enabled()))
        {
            err.println("warning: the server cannot handle SIGHUP here (ignored since the process started, as under " +
                "nohup; or, under -Xrs, left to end the process): -Y and the TLS certificates are read again only by " +
                "a restart (the certificates by refresh_certs too)");
        }
        final PidFile pidFile = null == config.pidFile() ?
            null : PidFile.write(config.pidFile(), ProcessHandle.current().pid(), err);
        Runtime.getRuntime().addShutdownHook(
            new Thread(new CleanStop(server, pidFile, err), "slab-memcached-shutdown"));
        if (!CleanStop.onUsr1())
        {
            err.println("warning: SIGUSR1 is the JVM's here: stop with SIGTERM for a warm restart");
        }
        if (config.verbosity() > 0)
        {
            err.println("slab-memcached listening on " +
                (null == server.socketPath() ? config.listen() + ":" + server.port() : server.socketPath()));
        }
        return 0;
    }

    /**
     * Netty's default leak detection samples buffer allocations and records stack traces, about a fifth of the
     * server's user CPU time per operation; the command line runs without it unless the operator asked for a level.
     * Called before any Netty class loads, since Netty reads the property once. Tests keep Netty's default.
     */
    static void disableLeakDetectionUnlessSet()
    {
        if (null == System.getProperty(LEAK_DETECTION_LEVEL_PROP_NAME) &&
            null == System.getProperty(LEGACY_LEAK_DETECTION_LEVEL_PROP_NAME))
        {
            System.setProperty(LEAK_DETECTION_LEVEL_PROP_NAME, "disabled");
        }
    }

    private static void reload(final MemcachedServer server, final PrintStream err)
    {
        for (final String failure : server.reload())
        {
            err.println("slab-memcached: SIGHUP: " + failure);
        }
    }

    private static void warn(final ServerConfig config, final PrintStream err)
    {
        if (config.daemon() && !Boolean.getBoolean(LAUNCHED_PROP_NAME))
        {
            err.println("slab-memcached: -d: a JVM cannot detach itself, so this one runs in the foreground " +
                "(bin/slab-memcached -d detaches it)");
        }
        if (config.lockMemory())
        {
            err.println("warning: -k invalid, mlockall() not supported by the JVM.  proceeding without.");
        }
        if (config.largePages())
        {
            err.println("warning: -L: the JVM takes large pages from its own flag -XX:+UseLargePages " +
                "(or -XX:+UseTransparentHugePages), not from -L; proceeding without.");
        }
    }
}
