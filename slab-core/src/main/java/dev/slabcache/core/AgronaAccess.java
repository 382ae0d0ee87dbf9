/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import org.agrona.DirectBuffer;

/**
 * Checks once that Agrona can reach {@code jdk.internal.misc.Unsafe}, so that a JVM started without the flag
 * Agrona needs fails with a message naming that flag rather than Agrona's bare {@link IllegalAccessError}.
 * <p>
 * The flag opens {@code jdk.internal.misc} to the module Agrona is in: every unnamed module
 * ({@value #REQUIRED_JVM_FLAG}) when Agrona is on the class path, the automatic module {@code org.agrona}
 * ({@value #MODULE_PATH_JVM_FLAG}) when it is on the module path. {@link #requiredJvmFlag()} says which this JVM
 * needs.
 */
public final class AgronaAccess
{
    /**
     * The JVM option every JVM that loads slabcache (and so Agrona 2.x) from the class path must be started with.
     */
    public static final String REQUIRED_JVM_FLAG = "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED";

    /**
     * The JVM option every JVM that loads Agrona 2.x from the module path, as module {@code org.agrona}, must be
     * started with.
     */
    public static final String MODULE_PATH_JVM_FLAG = "--add-opens java.base/jdk.internal.misc=org.agrona";

    private static final String OPENS_TO = "--add-opens java.base/jdk.internal.misc=";
    private static final String AGRONA_UNSAFE_CLASS = "org.agrona.UnsafeApi";
    private static final LinkageError FAILURE = probe();

    private AgronaAccess()
    {
    }

    /**
     * Throws unless Agrona's buffers can be used in this JVM. Cheap after the first call.
     *
     * @throws IllegalStateException naming {@link #requiredJvmFlag()} when the JVM was started without it.
     */
    public static void ensureAvailable()
    {
        if (null != FAILURE)
        {
            throw new IllegalStateException(
                "slabcache cannot use Agrona buffers in this JVM: start it with the option " + requiredJvmFlag() +
                " (Agrona 2.x needs it to reach jdk.internal.misc.Unsafe; Agrona is on the " +
                where(DirectBuffer.class.getModule()) + "; with Maven put it in Surefire's <argLine> and in every " +
                "forked JVM)",
                FAILURE);
        }
    }

    /**
     * The flag this JVM needs, by where Agrona was loaded from.
     *
     * @return {@link #REQUIRED_JVM_FLAG} when Agrona is on the class path, {@link #MODULE_PATH_JVM_FLAG} when it
     * is on the module path.
     */
    public static String requiredJvmFlag()
    {
        return requiredJvmFlag(DirectBuffer.class.getModule());
    }

    /**
     * @param agrona the module Agrona's classes are in.
     * @return the option that opens {@code jdk.internal.misc} to it.
     */
    static String requiredJvmFlag(final Module agrona)
    {
        return agrona.isNamed() ? OPENS_TO + agrona.getName() : REQUIRED_JVM_FLAG;
    }

    private static String where(final Module agrona)
    {
        return agrona.isNamed() ? "module path, as module " + agrona.getName() : "class path";
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
