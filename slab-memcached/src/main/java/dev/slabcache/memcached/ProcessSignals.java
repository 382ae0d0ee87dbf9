/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * Handles a signal of the command line's process through the JDK's {@code sun.misc.Signal} (module
 * jdk.unsupported), the one way a JVM handles a signal; reached by reflection, since javac warns of it by name and
 * the build treats warnings as errors. Only {@link Main} installs handlers: an embedded server leaves the signals
 * to the program that embeds it.
 */
final class ProcessSignals
{
    /**
     * The signals on which the JVM runs its shutdown hooks; it leaves one of them ignored, installing no handler,
     * when the process started with it ignored (as under nohup).
     */
    private static final Set<String> SHUTDOWN_SIGNALS = Set.of("HUP", "INT", "TERM");

    private ProcessSignals()
    {
    }

    /**
     * Runs {@code action} on a thread of the JVM's each time the process gets the signal, in place of what the JVM
     * would do (for SIGHUP, run the shutdown hooks and exit).
     *
     * @param name   the signal's name without "SIG", such as "HUP".
     * @param action what to do on the signal.
     * @return whether {@code action} will run: false when the JVM keeps the signal for itself (-Xrs, or a signal it
     * uses), has no such API, or leaves the signal ignored as the process started with it.
     */
    static boolean handle(final String name, final Runnable action)
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
                        action.run();
                        return null;
                    }
                    return "hashCode".equals(method.getName()) ? System.identityHashCode(proxy) :
                        "equals".equals(method.getName()) ? proxy == args[0] : "SIG" + name + " handler";
                });
            final Object signal = signalClass.getConstructor(String.class).newInstance(name);
            final Object previous = signalClass.getMethod("handle", signalClass, handlerClass)
                .invoke(null, signal, handler);
            return !SHUTDOWN_SIGNALS.contains(name) || previous != handlerClass.getField("SIG_IGN").get(null);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return false;
        }
    }
}
