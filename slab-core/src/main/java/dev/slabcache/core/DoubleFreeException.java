/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

/**
 * A free of a slot that is not allocated: freed twice, or never handed out.
 */
public class DoubleFreeException extends InvalidHandleException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception for a slot freed when it is already free.
     *
     * @param message the slot and where it lives.
     */
    public DoubleFreeException(final String message)
    {
        super(message);
    }
}
