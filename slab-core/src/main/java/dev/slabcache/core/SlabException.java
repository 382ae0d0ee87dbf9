/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

/**
 * Base of every exception slabcache throws for misuse or exhaustion. Unchecked: a caller decides where to
 * handle it. A call that throws one changes nothing in the segment or cache it was made on.
 */
public class SlabException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception with a message and no cause.
     *
     * @param message what was wrong, with the values involved, and what the caller can do.
     */
    public SlabException(final String message)
    {
        super(message);
    }

    /**
     * Makes the exception with a message and the failure that led to it.
     *
     * @param message what was wrong, with the values involved, and what the caller can do.
     * @param cause   the failure that led to this one.
     */
    public SlabException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
