/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

/**
 * A slab cannot be detached or released while some of its slots are live.
 */
public class SlabInUseException extends SlabException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception for a detach refused because callers still hold slots of the slab.
     *
     * @param message the slab, how many slots are live, and what the caller can do.
     */
    public SlabInUseException(final String message)
    {
        super(message);
    }
}
