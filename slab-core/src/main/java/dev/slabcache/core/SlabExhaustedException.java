/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

/**
 * No slot could be allocated: every slab is full and no more could be had within the configured limits.
 */
public class SlabExhaustedException extends SlabException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception for an allocation that found no slot and could not grow.
     *
     * @param message which cache, its slot size and limits, and what the caller can do.
     */
    public SlabExhaustedException(final String message)
    {
        super(message);
    }

    /**
     * Makes the exception for an allocation that found no slot because growing failed.
     *
     * @param message which cache, its slot size and limits, and what the caller can do.
     * @param cause   the provider's failure, when growing failed.
     */
    public SlabExhaustedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
