/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.List;
import java.util.function.IntUnaryOperator;

import dev.slabcache.core.InvalidHandleException;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations of {@link SizeClassModel} that its cache must refuse, changing nothing: sizes outside its classes,
 * handles that name no live slot of it, and page moves with bad arguments.
 */
final class SizeClassModelMisuse implements AutoCloseable
{
    private final IntUnaryOperator choose;
    private final SizeClassCache cache;
    private final PagePool pool;
    private final SizeClassModelState state;
    private final SlotVisitor visitor;
    private final SizeClassCache other;
    private final long foreignHandle;

    /**
     * @param choose  picks a number in {@code [0, bound)}.
     * @param cache   the model's cache.
     * @param state   what the cache holds.
     * @param visitor for page moves, which a refused move must not call.
     * @param mode    of the cache, given to another cache whose handle the model's cache must refuse.
     */
    SizeClassModelMisuse(
        final IntUnaryOperator choose,
        final SizeClassCache cache,
        final SizeClassModelState state,
        final SlotVisitor visitor,
        final ThreadSafety mode)
    {
        this.choose = choose;
        this.cache = cache;
        this.pool = cache.pagePool();
        this.state = state;
        this.visitor = visitor;
        this.other = SizeClassCache.builder().name("other").pageSize(PagePool.MIN_PAGE_SIZE)
            .memoryLimit(PagePool.MIN_PAGE_SIZE).threadSafety(mode).build();
        this.foreignHandle = other.allocate(1);
    }

    /**
     * Allocates, or finds the class of, a size outside one to the largest class.
     */
    void allocateBadSize()
    {
        final int size = switch (choose.applyAsInt(7))
        {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> -1 - choose.applyAsInt(1 << 20);
            case 3 -> state.maxSize + 1;
            case 4 -> state.maxSize + 2 + choose.applyAsInt(1 << 20);
            case 5 -> Integer.MIN_VALUE;
            default -> Integer.MAX_VALUE;
        };
        final SizeClassStats before = cache.stats();
        final Executable call = switch (choose.applyAsInt(3))
        {
            case 0 -> () -> cache.allocate(size);
            case 1 -> () -> cache.tryAllocate(size);
            default -> () -> cache.classFor(size);
        };
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call, "size " + size);
        assertTrue(ex.getMessage().contains("size=" + size), ex.getMessage());
        assertEquals(before, cache.stats(), "a refused size changed the counts");
    }

    /**
     * Frees or reads through a handle that names no live slot of the cache: a dead one (its slot may be live again
     * under a newer generation), another cache's, garbage, or a live one with its slot or generation altered.
     *
     * @param neighbourLive live handles of a cache sharing the pool, or none.
     */
    void useBadHandle(final List<Long> neighbourLive)
    {
        final long handle;
        final int pick = choose.applyAsInt(8);
        if (0 == pick && state.deadHandles() > 0)
        {
            handle = state.deadHandle(choose.applyAsInt(state.deadHandles()));
        }
        else if (1 == pick)
        {
            handle = !neighbourLive.isEmpty() ?
                neighbourLive.get(choose.applyAsInt(neighbourLive.size())) : foreignHandle;
        }
        else if (2 == pick)
        {
            handle = -1L - choose.applyAsInt(1000);
        }
        else if (3 == pick)
        {
            handle = SlabCache.NULL_HANDLE;
        }
        else if (4 == pick && !state.live.isEmpty())
        {
            final long base = state.live.get(choose.applyAsInt(state.live.size())).handle;
            handle = SlotHandle.pack(SlotHandle.serial(base), SlotHandle.generation(base),
                SlotHandle.MAX_SLOTS - 1 - choose.applyAsInt(8));
        }
        else if (5 == pick && !state.live.isEmpty())
        {
            final long base = state.live.get(choose.applyAsInt(state.live.size())).handle;
            handle = SlotHandle.pack(SlotHandle.serial(base), SlotHandle.generation(base) + 1 +
                choose.applyAsInt(SlotHandle.GENERATIONS - 1), SlotHandle.slot(base));
        }
        else if (6 == pick && !state.live.isEmpty())
        {
            final long base = state.live.get(choose.applyAsInt(state.live.size())).handle;
            handle = SlotHandle.pack(SlotHandle.serial(base) + 1 + choose.applyAsInt(4), SlotHandle.generation(base),
                SlotHandle.slot(base));
        }
        else
        {
            handle = ((long)choose.applyAsInt(1 << 30) << 33) ^ choose.applyAsInt(1 << 30);
        }
        if (state.items.containsKey(handle))
        {
            return;
        }

        final SizeClassStats before = cache.stats();
        final int pagesInUse = pool.pagesInUse();
        final Executable use = switch (choose.applyAsInt(4))
        {
            case 0 -> () -> cache.buffer(handle);
            case 1 -> () -> cache.offset(handle);
            case 2 -> () -> cache.slotSize(handle);
            default -> () -> cache.free(handle);
        };
        assertThrows(InvalidHandleException.class, use, () -> SlotHandle.describe(handle));
        assertEquals(before, cache.stats(), "a refused handle changed the counts");
        assertEquals(pagesInUse, pool.pagesInUse(), "a refused handle changed the pool");
    }

    /**
     * Moves a page within one class, between classes out of range, or with no visitor.
     */
    void movePageWithBadArguments()
    {
        final SizeClassStats before = cache.stats();
        final int sizeClass = choose.applyAsInt(state.sizes.length);
        final Executable call = switch (choose.applyAsInt(5))
        {
            case 0 -> () -> cache.movePage(sizeClass, sizeClass, visitor);
            case 1 -> () -> cache.movePage(-1 - choose.applyAsInt(4), sizeClass, visitor);
            case 2 -> () -> cache.movePage(sizeClass, state.sizes.length + choose.applyAsInt(4), visitor);
            case 3 -> () -> cache.movePage(state.sizes.length, -1, visitor);
            default -> () -> cache.movePage(sizeClass, (sizeClass + 1) % state.sizes.length, null);
        };
        assertThrows(IllegalArgumentException.class, call);
        assertEquals(before, cache.stats(), "a refused move changed the counts");
    }

    /**
     * Closes the other cache.
     */
    @Override
    public void close()
    {
        other.close();
    }
}
