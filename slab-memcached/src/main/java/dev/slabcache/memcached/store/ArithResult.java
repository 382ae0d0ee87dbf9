/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * What {@link ItemStore#arith} did; on {@link #OK} the new value is in {@link ItemView#number}.
 */
public enum ArithResult
{
    /** The value was changed (or vivified); the new value is in {@link ItemView#number}. */
    OK,
    /** No live item under the key, and no vivify asked for. */
    NOT_FOUND,
    /** The value is not a decimal number of at most 20 digits that fits in 64 bits unsigned. */
    NON_NUMERIC,
    /** The cas unique given differs from the item's. */
    EXISTS,
    /** The new value needed a new slot and there was none. */
    NO_MEMORY
}
