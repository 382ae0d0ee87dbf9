/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

/**
 * Checks once that Agrona can reach {@code jdk.internal.misc.Unsafe}, so that a JVM started without the flag
 * Agrona needs fails with a message naming that flag rather than Agrona's bare {@link IllegalAccessError}.
 */
public final class AgronaAccess
{
    /**
     * The JVM option every JVM that loads slabcache (and so Agrona 2.x) must be started with.
     */
    public static final String REQUIRED_JVM_FLAG = "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED";

    private static final String AGRONA_UNSAFE_CLASS = "org.agrona.UnsafeApi";
    private static final LinkageError FAILURE = probe();

    private AgronaAccess()
    {
    }

    /**
     * Throws unless Agrona's buffers can be used in this JVM. Cheap after the first call.
     *
     * @throws IllegalStateException naming {@link #REQUIRED_JVM_FLAG} when the JVM was started without it.
     */
    public static void ensureAvailable()
    {
        if (null != FAILURE)
        {
            throw new IllegalStateException(
                "slabcache cannot use Agrona buffers in this JVM: start it with the option " + REQUIRED_JVM_FLAG +
                " (Agrona 2.x needs it to reach jdk.internal.misc.Unsafe; with Maven put it in Surefire's" +
                " <argLine> and in every forked JVM)",
                FAILURE);
        }
    }

    private static LinkageError probe()
    {
        try
        {
            Class.forName(AGRONA_UNSAFE_CLASS, true, AgronaAccess.class.getClassLoader());
            return null;
        }
        catch (final LinkageError ex)
        {
            return ex;
        }
        catch (final ClassNotFoundException ex)
        {
            return null; // an Agrona without this class does not need the flag
        }
    }
}
