/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.List;

import dev.slabcache.master.SizeClass;
import dev.slabcache.master.SlotVisitor;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Shown each item of a page the {@link SlabMover} moves, it saves what it can, as memcached's slab_rebalance_move:
 * a valid item (neither expired nor flushed) is copied, header, key and value, into a free slot of its own class
 * outside the page, and the copy takes the item's place in the index's chain and in its LRU
 * (slab_reassign_rescues); the class takes no new page for it and nothing is evicted to make room, so an item that
 * finds no free slot is evicted (slab_reassign_evictions_nomem). A dead item is unlinked, counted in neither, as
 * memcached does.
 * <p>
 * memcached's other slab_reassign counters stay 0 here: items are never chunked (chunk_rescues); the page being
 * moved serves no allocation, so a rescue never draws a slot of it (inline_reclaim); and the paused store keeps
 * every item still while the page moves, so none is busy (busy_items, busy_deletes). Runs inside
 * {@link StoreMemory#movePage}, with the store paused ({@link StoreLock#pause()}).
 */
final class PageRescuer implements SlotVisitor
{
    private final ItemTable table;
    private final StoreMemory memory;
    /** Aimed at the item a visit is shown; page moves run with the store paused, one at a time. */
    private final Item moving = new Item();
    /** Aimed at the copy a rescue makes. */
    private final Item copy = new Item();
    private final ExpiryRules rules;
    private final ThreadStats stats;
    private final int[] slotSizes;
    private long now;

    PageRescuer(final ItemTable table, final ExpiryRules rules, final ThreadStats stats)
    {
        this.table = table;
        this.memory = table.memory;
        this.rules = rules;
        this.stats = stats;
        final List<SizeClass> classes = memory.classes();
        this.slotSizes = new int[classes.size()];
        for (int i = 0; i < slotSizes.length; i++)
        {
            slotSizes[i] = classes.get(i).slotSize();
        }
    }

    /**
     * Sets the time the next moves judge items by.
     *
     * @param now the time, in Unix seconds.
     * @return this rescuer, for {@link StoreMemory#movePage}.
     */
    PageRescuer at(final long now)
    {
        this.now = now;
        return this;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void visit(final long handle, final AtomicBuffer buffer, final int offset)
    {
        final Item item = moving.wrapMoving(handle, buffer, offset);
        final int sizeClass = item.sizeClass();
        if (rules.isDead(item, now))
        {
            table.unlink(item);
            return;
        }
        final long copyHandle = memory.tryAllocate(slotSizes[sizeClass]);
        if (0 == copyHandle)
        {
            stats.local().movedOut[sizeClass]++;
            stats.local().slabReassignEvictionsNomem++;
            table.unlink(item);
            return;
        }
        copy.wrap(memory, copyHandle).buffer().putBytes(copy.offset(), buffer, offset, item.itemLength());
        table.relocate(item, copy);
        stats.local().slabReassignRescues++;
    }

    /**
     * A rescue takes only the room the class already has: the class grows into no new page while its page moves.
     *
     * @return false.
     */
    @Override
    public boolean mayGrowTheClass()
    {
        return false;
    }
}
