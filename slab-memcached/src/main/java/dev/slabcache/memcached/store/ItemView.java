/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * What a read or write learnt about one item, filled by {@link ItemStore} and reused by one connection, so that a
 * request makes no garbage. Only the fields a method says it fills are meaningful after it returns.
 */
public final class ItemView
{
    /** The client's 32-bit flags (unsigned in the protocol). */
    public int flags;
    /** The item's cas unique after the call. */
    public long cas;
    /** Bytes of the value. */
    public int valueLength;
    /** When the item expires, in Unix seconds; 0 for never. */
    public long expiresAt;
    /** When the item was last read or written before this call, in Unix seconds. */
    public long lastAccess;
    /** Whether the item had been read before this call. */
    public boolean fetched;
    /** Whether the item is marked stale (meta invalidation). */
    public boolean stale;
    /** Whether this caller won the right to recache the item (meta "W"). */
    public boolean win;
    /** Whether a caller before this one had won the right to recache the item (meta "Z"). */
    public boolean tokenSent;
    /** Whether the item's key was stored base64-encoded (meta "b"). */
    public boolean binaryKey;
    /** After {@link ItemStore#arith}: the new value, 64 bits unsigned. */
    public long number;

    /**
     * Makes an empty view, which a connection keeps and hands to each call.
     */
    public ItemView()
    {
    }
}
