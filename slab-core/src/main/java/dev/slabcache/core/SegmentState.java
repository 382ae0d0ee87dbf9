/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

/**
 * How full a slab is. A master keeps each slab on the list named by its state.
 */
public enum SegmentState
{
    /**
     * No slot is allocated.
     */
    FREE,

    /**
     * Some slots are allocated and some are free.
     */
    PARTIAL,

    /**
     * Every slot is allocated.
     */
    FULL
}
