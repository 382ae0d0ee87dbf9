/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.time.Duration;

/**
 * The settings {@link SlabCacheBuilder} and {@link SizeClassCacheBuilder} share; every setter checks its
 * argument at once and changes nothing when it throws.
 *
 * @param <B> the builder, returned by every setter for chaining.
 */
public abstract class CacheBuilder<B extends CacheBuilder<B>>
{
    final CacheSettings settings;

    CacheBuilder(final String defaultName)
    {
        this.settings = new CacheSettings(defaultName);
    }

    /**
     * Names the cache, for its messages, statistics, MBeans and meters.
     *
     * @param name shown in messages and statistics; each class of a size-class cache is named {@code name[size]}.
     * @return this builder.
     * @throws IllegalArgumentException when {@code name} is null or blank.
     */
    public B name(final String name)
    {
        settings.name = CacheSettings.checkName(name);
        return self();
    }

    /**
     * Chooses how threads reach the cache: one owner, a lock around every call, or per-thread magazines.
     *
     * @param threadSafety how threads reach the cache; default {@link ThreadSafety#MAGAZINES}.
     * @return this builder.
     * @throws IllegalArgumentException when {@code threadSafety} is null.
     */
    public B threadSafety(final ThreadSafety threadSafety)
    {
        settings.threadSafety = CacheSettings.checkNotNull("threadSafety", threadSafety);
        return self();
    }

    /**
     * Chooses whether building the cache registers its MXBeans in the platform MBean server.
     *
     * @param registerMBean whether the build registers the cache's MXBeans in the platform MBean server, until the
     *                      cache is closed: a {@link SlabCacheMXBean} as
     *                      {@code dev.slabcache:type=SlabCache,name="<name>"}; for a size-class cache a
     *                      {@link SizeClassCacheMXBean} as {@code dev.slabcache:type=SizeClassCache,name="<name>"},
     *                      and one per class only with {@link SizeClassCacheBuilder#registerClassMBeans(boolean)};
     *                      default false.
     * @return this builder.
     */
    public B registerMBean(final boolean registerMBean)
    {
        settings.registerMBean = registerMBean;
        return self();
    }

    /**
     * Turns debug mode on or off: poisoned free slots, checked at allocation, and sampled allocation sites.
     *
     * @param debug true to poison freed slots, check the poison at allocation, and record allocation sites (see
     *              {@link SlabCache}), in every class of a size-class cache; default {@code true} when the system
     *              property {@value SlabCache#DEBUG_PROP_NAME} was {@code true} as the builder was made, else false.
     * @return this builder.
     */
    public B debug(final boolean debug)
    {
        settings.debug = debug;
        return self();
    }

    /**
     * Sets how often debug mode records an allocation's stack.
     *
     * @param debugSampleRate in debug mode, one allocation in this many (counted in each class of a size-class
     *                        cache) records its stack for the leak report and the free site of a write after free;
     *                        default {@value SlabCache#DEFAULT_DEBUG_SAMPLE_RATE}, every one. Poison is filled and
     *                        checked for every slot whatever the rate.
     * @return this builder.
     * @throws IllegalArgumentException when {@code debugSampleRate} is not positive.
     */
    public B debugSampleRate(final int debugSampleRate)
    {
        settings.debugSampleRate = CacheSettings.checkDebugSampleRate(debugSampleRate);
        return self();
    }

    /**
     * Sets how long a sampled slot may stay live in debug mode before a warning names where it was allocated.
     *
     * @param threshold in debug mode, a sampled slot live longer than this is logged as a warning with its
     *                  allocation site, once, by an allocation that looks at most once a second;
     *                  {@link Duration#ZERO}, the default, never.
     * @return this builder.
     * @throws IllegalArgumentException when {@code threshold} is null or negative.
     */
    public B leakDetectionThreshold(final Duration threshold)
    {
        settings.leakDetectionThreshold = CacheSettings.checkLeakDetectionThreshold(threshold);
        return self();
    }

    @SuppressWarnings("unchecked")
    private B self()
    {
        return (B)this;
    }
}
