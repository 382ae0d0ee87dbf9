/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

/**
 * A slot index, offset or handle that does not name a slot the caller may use: out of range, not at a slot
 * boundary, minted by another cache, or into a slab that is no longer attached.
 */
public class InvalidHandleException extends SlabException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception for a handle or slot this cache or segment cannot accept.
     *
     * @param message the rejected value and the rule it broke.
     */
    public InvalidHandleException(final String message)
    {
        super(message);
    }
}
