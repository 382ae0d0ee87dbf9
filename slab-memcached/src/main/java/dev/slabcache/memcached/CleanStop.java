/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.PrintStream;

/**
 * The shutdown hook of the command line: on SIGTERM or SIGINT, SIGUSR1 (see {@link #onUsr1()}) or an exit, closes the
 * server (which, with a memory file, keeps the items for a {@link WarmRestart}), removes the pid file, logs one line
 * and ends the JVM with status 0, as memcached ends on those signals. The JVM would otherwise exit with 128 + the
 * signal (143 for SIGTERM), which service managers count as a failure, and no public API handles a signal, so the
 * hook halts the JVM itself once the server is closed: shutdown hooks running beside it (none of the server's) get
 * no longer than the server's close.
 */
final class CleanStop implements Runnable
{
    private final MemcachedServer server;
    private final PidFile pidFile;
    private final PrintStream err;

    /**
     * @param server  the server to close.
     * @param pidFile the pid file to remove, or null.
     * @param err     where the line goes.
     */
    CleanStop(final MemcachedServer server, final PidFile pidFile, final PrintStream err)
    {
        this.server = server;
        this.pidFile = pidFile;
        this.err = err;
    }

    /**
     * Makes SIGUSR1 stop the process as SIGTERM does, as memcached stops on it (its graceful stop for a restartable
     * cache).
     *
     * @return whether the handler is installed: false when the JVM keeps SIGUSR1 for itself or has no such API.
     */
    static boolean onUsr1()
    {
        return ProcessSignals.handle("USR1", () -> System.exit(0));
    }

    @Override
    public void run()
    {
        int status = 0;
        try
        {
            server.close();
            err.println("Exiting normally");
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("Exiting on error: " + ex);
            status = Main.EXIT_FAILURE;
        }
        finally
        {
            if (null != pidFile)
            {
                pidFile.remove(err);
            }
            err.flush();
            Runtime.getRuntime().halt(status);
        }
    }
}
