/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.master.SizeClassModelState.Item;
import dev.slabcache.master.SizeClassModelState.Page;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visitor of {@link SizeClassModel}'s page moves, shown the slots of the page a move empties: checks each
 * against the model, takes it out of the model, and copies one in three into a new slot of its class, as an owner
 * keeping the item would.
 */
final class SizeClassModelMoveVisitor implements SlotVisitor
{
    final List<Long> visited = new ArrayList<>();
    private final Set<Long> seen = new HashSet<>();
    private final SizeClassModel model;
    private final SizeClassModelState state;
    private final SizeClassCache cache;
    private final IntUnaryOperator choose;
    int fromClass = -1;
    AtomicBuffer page;
    Page pageModel;
    int liveAtFirstVisit;
    private long copies;

    SizeClassModelMoveVisitor(
        final SizeClassModel model,
        final SizeClassModelState state,
        final SizeClassCache cache,
        final IntUnaryOperator choose)
    {
        this.model = model;
        this.state = state;
        this.cache = cache;
        this.choose = choose;
    }

    /**
     * @return slots copied into new slots of their class.
     */
    long copies()
    {
        return copies;
    }

    /**
     * Starts a move out of a class.
     */
    void begin(final int fromClass)
    {
        this.fromClass = fromClass;
        this.page = null;
        this.pageModel = null;
        this.liveAtFirstVisit = 0;
        visited.clear();
        seen.clear();
    }

    /**
     * @return whether a move is under way.
     */
    boolean isMoving()
    {
        return fromClass >= 0;
    }

    /**
     * Ends the move under way.
     */
    void end()
    {
        if (null != pageModel)
        {
            pageModel.draining = false;
        }
        fromClass = -1;
    }

    @Override
    public void visit(final long handle, final AtomicBuffer buffer, final int offset)
    {
        assertTrue(fromClass >= 0, "visited outside a move");
        final Item item = state.items.get(handle);
        assertNotNull(item, () -> "visited handle " + SlotHandle.describe(handle) + " is not live");
        assertTrue(seen.add(handle), () -> "handle " + SlotHandle.describe(handle) + " visited twice");
        assertEquals(fromClass, item.sizeClass, "visited a slot of another class");
        assertSame(item.page, buffer, "the visitor is shown the slot's page");
        assertEquals(item.offset, offset, "the visitor is shown the slot's offset");
        if (null == page)
        {
            page = buffer;
            pageModel = state.pages.get(buffer);
            liveAtFirstVisit = pageModel.live;
            pageModel.draining = true;
        }
        else
        {
            assertSame(page, buffer, "one move empties one page");
        }
        state.checkContents(item, buffer, offset);
        if (0 == choose.applyAsInt(4))
        {
            final Executable use = 0 == choose.applyAsInt(2) ?
                () -> cache.buffer(handle) : () -> cache.free(handle);
            assertThrows(InvalidHandleException.class, use, "a visited handle is already dead");
        }
        state.forget(item);
        visited.add(handle);
        if (0 == choose.applyAsInt(3))
        {
            final long copy = model.allocate(item.size, item.sizeClass, true, buffer, offset, item.cookie);
            if (SlabCache.NULL_HANDLE != copy)
            {
                copies++;
                state.checkContents(state.items.get(copy), cache.buffer(copy), cache.offset(copy));
            }
        }
    }
}
