/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SlabException;

/**
 * A debug-mode allocation found the poison a freed slot was filled with disturbed: something wrote to the slot
 * after it was freed. The slot is quarantined: it is never handed out again, and the memory around it is not
 * given back while the cache holds it (a page move between size classes, which takes a page whole, is the one
 * exception), so the stray writer cannot reach memory that is reused. The free site, when it was recorded, is the
 * {@linkplain #getCause() cause}.
 */
public class WriteAfterFreeException extends SlabException
{
    private static final long serialVersionUID = 1L;

    /**
     * The id of the slab the slot is in.
     */
    private final long slabId;

    /**
     * The slot's index in its slab.
     */
    private final int slot;

    /**
     * The first byte of the slot, counted from its start, that did not hold the poison.
     */
    private final int disturbedByte;

    /**
     * Makes the exception for a freed slot found written to when it was handed out again.
     *
     * @param message       the cache, the slot, the slab and the byte found, and what happens to the slot.
     * @param slabId        the id of the slab the slot is in.
     * @param slot          the slot's index in its slab.
     * @param disturbedByte the first byte of the slot, counted from its start, that did not hold the poison.
     * @param freeSite      where the slot was last freed, or null when that was not recorded.
     */
    WriteAfterFreeException(
        final String message, final long slabId, final int slot, final int disturbedByte, final Throwable freeSite)
    {
        super(message, freeSite);
        this.slabId = slabId;
        this.slot = slot;
        this.disturbedByte = disturbedByte;
    }

    /** {@return the id of the slab the slot is in} */
    public long slabId()
    {
        return slabId;
    }

    /** {@return the index in its slab of the slot written after it was freed} */
    public int slot()
    {
        return slot;
    }

    /** {@return the first byte of the slot, counted from its start, that did not hold the poison} */
    public int disturbedByte()
    {
        return disturbedByte;
    }

    /**
     * {@return where the slot was last freed, or null when that was not recorded (its allocation was not
     * sampled)}
     */
    public Throwable freeSite()
    {
        return getCause();
    }
}
