/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import io.netty.util.Recycler;

/**
 * The Netty {@link Recycler} peer: a small on-heap record pooled the way Netty pools its own objects, one
 * static recycler per type, {@link Recycler#get()} to take and {@link Recycler.Handle#recycle(Object)} to give
 * back.
 */
final class RecycledRecord
{
    private static final Recycler<RecycledRecord> RECYCLER = new Recycler<>()
    {
        @Override
        protected RecycledRecord newObject(final Handle<RecycledRecord> handle)
        {
            return new RecycledRecord(handle);
        }
    };

    private final Recycler.Handle<RecycledRecord> handle;
    long value;

    private RecycledRecord(final Recycler.Handle<RecycledRecord> handle)
    {
        this.handle = handle;
    }

    static RecycledRecord newInstance()
    {
        return RECYCLER.get();
    }

    void recycle()
    {
        handle.recycle(this);
    }
}
