/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * What {@link ItemStore#store} did. The names are memcached's replies, less the two server errors.
 */
public enum StoreResult
{
    /** The item was stored. */
    STORED,
    /** ADD of a live key, REPLACE, APPEND or PREPEND of a missing one. */
    NOT_STORED,
    /** The cas unique given differs from the item's. */
    EXISTS,
    /** CAS (or a cas unique given) and no live item under the key. */
    NOT_FOUND,
    /** Header, key and value exceed the largest item: "SERVER_ERROR object too large for cache". */
    TOO_LARGE,
    /** No slot and nothing to evict (or evictions are off): "SERVER_ERROR out of memory storing object". */
    NO_MEMORY
}
