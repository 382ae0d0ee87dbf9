/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * How {@link ItemStore#store} treats the item already under the key, as memcached's storage commands do.
 */
public enum StoreMode
{
    /** Store whether or not the key holds an item. */
    SET,
    /** Store only when the key holds no live item. */
    ADD,
    /** Store only when the key holds a live item. */
    REPLACE,
    /** Add the data after the live item's value, keeping its flags and expiry. */
    APPEND,
    /** Add the data before the live item's value, keeping its flags and expiry. */
    PREPEND,
    /** Store only when the key holds a live item whose cas unique is the one given. */
    CAS
}
