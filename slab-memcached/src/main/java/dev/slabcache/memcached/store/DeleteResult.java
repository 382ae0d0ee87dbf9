/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * What {@link ItemStore#delete} did.
 */
public enum DeleteResult
{
    /** The item was deleted, or marked stale. */
    DELETED,
    /** No live item under the key. */
    NOT_FOUND,
    /** The cas unique given differs from the item's. */
    EXISTS
}
