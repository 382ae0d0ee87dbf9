/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Shown each live slot of a page being moved between classes by
 * {@link SizeClassCache#movePage(int, int, SlotVisitor)}, so that the owner of what the slots hold can evict it
 * (drop the handle from its index) or copy it into a new slot first.
 * <p>
 * When {@link #visit(long, AtomicBuffer, int)} runs, the slot has already been taken from its holder: the handle
 * is no longer live (a free of it throws), and the slot goes back to its page when the call returns. Its bytes
 * stay as they were for the length of the call only. An exception thrown here ends the move; see
 * {@link SizeClassCache#movePage(int, int, SlotVisitor)}.
 */
@FunctionalInterface
public interface SlotVisitor
{
    /**
     * Handles one live slot of the page being moved, already taken from its holder.
     *
     * @param handle the handle the slot's holder had; rejected by every call from now on.
     * @param buffer the buffer that holds the slot, for reading it during the call.
     * @param offset where the slot starts in {@code buffer}.
     */
    void visit(long handle, AtomicBuffer buffer, int offset);

    /**
     * Whether the class whose page is moved may take a new page from the pool while this visitor runs. A visitor
     * that rescues what the page holds only into the room its class already has, as memcached's slab mover does,
     * answers false: an allocation in that class then gets a free slot of its other pages, or none.
     *
     * @return true, unless overridden.
     */
    default boolean mayGrowTheClass()
    {
        return true;
    }
}
