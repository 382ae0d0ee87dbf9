/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import dev.slabcache.core.internal.AgronaCheck;
import org.agrona.DirectBuffer;

/**
 * The JVM flag Agrona needs to reach {@code jdk.internal.misc.Unsafe}. The library checks it at its entry points,
 * so that a JVM started without it fails with an {@link IllegalStateException} naming it rather than Agrona's bare
 * {@link IllegalAccessError}.
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
    public static final String REQUIRED_JVM_FLAG = AgronaCheck.OPENS_TO + "ALL-UNNAMED";

    /**
     * The JVM option every JVM that loads Agrona 2.x from the module path, as module {@code org.agrona}, must be
     * started with.
     */
    public static final String MODULE_PATH_JVM_FLAG = AgronaCheck.OPENS_TO + "org.agrona";

    private AgronaAccess()
    {
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
        return AgronaCheck.requiredJvmFlag(agrona);
    }
}
