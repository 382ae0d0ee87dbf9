/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core.internal;

import org.agrona.DirectBuffer;

/**
 * Checks once that Agrona can reach {@code jdk.internal.misc.Unsafe}, so that a JVM started without the flag
 * Agrona needs fails with a message naming that flag rather than Agrona's bare {@link IllegalAccessError}. Every
 * entry point of the library calls it before its first use of an Agrona buffer.
 * <p>
 * Not API: the package is exported to {@code dev.slabcache.master} only, and a user has no reason to call it; the
 * flag itself is public, as {@code dev.slabcache.core.AgronaAccess.requiredJvmFlag()}, which asks this class.
 */
public final class AgronaCheck
{
    /**
     * The JVM option that opens {@code jdk.internal.misc}, less the module it opens it to.
     */
    public static final String OPENS_TO = "--add-opens java.base/jdk.internal.misc=";

    private static final String AGRONA_UNSAFE_CLASS = "org.agrona.UnsafeApi";
    private static final LinkageError FAILURE = probe();

    private AgronaCheck()
    {
    }

    /**
     * Throws unless Agrona's buffers can be used in this JVM. Cheap after the first call.
     *
     * @throws IllegalStateException naming {@link #requiredJvmFlag(Module)} for Agrona's module when the JVM was
     *                               started without it.
     */
    public static void ensureAvailable()
    {
        if (null != FAILURE)
        {
            throw new IllegalStateException(
                "slabcache cannot use Agrona buffers in this JVM: start it with the option " +
                requiredJvmFlag(DirectBuffer.class.getModule()) + " (Agrona 2.x needs it to reach jdk.internal.misc.Unsafe; Agrona is " +
                "on the " + where(DirectBuffer.class.getModule()) + "; with Maven put it in Surefire's <argLine> " +
                "and in every forked JVM)",
                FAILURE);
        }
    }

    /**
     * Gives the option that opens {@code jdk.internal.misc} to the module Agrona's classes are in.
     *
     * @param agrona the module Agrona's classes are in.
     * @return the option: to {@code ALL-UNNAMED} for the class path, else to Agrona's named module.
     */
    public static String requiredJvmFlag(final Module agrona)
    {
        return OPENS_TO + (agrona.isNamed() ? agrona.getName() : "ALL-UNNAMED");
    }

    private static String where(final Module agrona)
    {
        return agrona.isNamed() ? "module path, as module " + agrona.getName() : "class path";
    }

    private static LinkageError probe()
    {
        try
        {
            Class.forName(AGRONA_UNSAFE_CLASS, true, AgronaCheck.class.getClassLoader());
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
