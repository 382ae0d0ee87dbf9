/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntUnaryOperator;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabInUseException;
import dev.slabcache.core.SlotHandle;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A plain reference model of a {@link SlabCache}: which slabs are attached, which handles are live in each,
 * what bytes each live slot was given, which slabs drain, how many buffers the provider has out. Every step
 * runs one operation on the cache and the model and checks that they agree, including the list each slab is
 * on and every count of {@link SlabCacheStats}. Choices come from {@code bound -> [0, bound)}.
 */
final class CacheModel implements AutoCloseable
{
    private static final int OPERATIONS = 16;

    private final IntUnaryOperator choose;
    private final CountingProvider provider = new CountingProvider();
    private final SlabCache cache;
    private final SlabCache otherCache;
    private final long foreignHandle;
    private final int maxSlabs;
    private final int retainEmptySlabs;
    private final int slotSize;

    private final List<Slab> slabs = new ArrayList<>();
    private final Map<Slab, Integer> used = new HashMap<>();
    private final Map<Slab, CompletableFuture<Slab>> draining = new HashMap<>();
    private final List<Long> live = new ArrayList<>();
    private final Map<Long, Long> cookies = new HashMap<>();
    private final Map<Long, Slab> slabOf = new HashMap<>();
    private final List<Long> deadHandles = new ArrayList<>();
    private final List<AtomicBuffer> callerBuffers = new ArrayList<>();
    private boolean pendingProviderFailure;
    private long nextCookie = 1;
    private long allocations;
    private long frees;
    private long failedAllocations;

    CacheModel(final IntUnaryOperator choose, final int slotSize, final int slabSize, final int maxSlabs,
        final int retainEmptySlabs)
    {
        this.choose = choose;
        this.maxSlabs = maxSlabs;
        this.retainEmptySlabs = retainEmptySlabs;
        this.slotSize = slotSize;
        this.cache = SlabCache.builder().name("model").slotSize(slotSize).slabSize(slabSize).provider(provider)
            .maxSlabs(maxSlabs).retainEmptySlabs(retainEmptySlabs).threadSafety(ThreadSafety.SINGLE_OWNER).build();
        this.otherCache = SlabCache.builder().name("other").slotSize(slotSize).slabSize(slabSize).build();
        this.foreignHandle = otherCache.allocate();
    }

    void step()
    {
        switch (choose.applyAsInt(OPERATIONS))
        {
            case 0, 1, 2, 3 -> allocate(false);
            case 4, 5, 6 -> freeLive();
            case 7 -> freeBadHandle();
            case 8 -> attach();
            case 9 -> attachBadRegion();
            case 10 -> detach();
            case 11 -> detachWhenEmpty();
            case 12 -> trim();
            case 13 -> injectProviderFailure();
            case 14 -> allocate(true);
            default -> checkLiveSlot();
        }
        checkAgreement();
    }

    void checkAllContents()
    {
        for (final long handle : live)
        {
            checkContents(handle);
        }
    }

    @Override
    public void close()
    {
        cache.close();
        otherCache.close();
    }

    long slotsInUse()
    {
        return live.size();
    }

    private void allocate(final boolean viaTry)
    {
        final Slab expectedFrom = expectedSource();
        final boolean grows = null == expectedFrom;
        final boolean canGrow = providerSlabCount() < maxSlabs;
        final boolean providerError = grows && canGrow && pendingProviderFailure;
        if (grows && canGrow)
        {
            pendingProviderFailure = false;
        }
        if (grows && (!canGrow || providerError))
        {
            if (viaTry)
            {
                assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
            }
            else
            {
                final SlabExhaustedException ex = assertThrows(SlabExhaustedException.class, cache::allocate);
                assertTrue(ex.getMessage().contains("'model'"), ex.getMessage());
                assertEquals(providerError, null != ex.getCause(), "the provider's error is the cause");
            }
            failedAllocations++;
            return;
        }
        onAllocated(viaTry ? cache.tryAllocate() : cache.allocate(), expectedFrom);
    }

    private void onAllocated(final long handle, final Slab expectedFrom)
    {
        assertNotEquals(SlabCache.NULL_HANDLE, handle);
        assertTrue(handle > 0, "handle must be positive");
        assertFalse(cookies.containsKey(handle), "handle handed out twice while live");
        final Slab slab = cache.slabOf(handle);
        if (null != expectedFrom)
        {
            assertTrue(expectedFrom == slab || sameRank(expectedFrom, slab),
                "policy: expected a slab like " + expectedFrom + " but got " + slab);
        }
        else
        {
            assertFalse(slabs.contains(slab), "grow must make a new slab");
            assertFalse(slab.isCallerOwned());
            slabs.add(slab);
            used.put(slab, 0);
        }
        used.merge(slab, 1, Integer::sum);
        allocations++;
        final long cookie = nextCookie++;
        live.add(handle);
        cookies.put(handle, cookie);
        slabOf.put(handle, slab);
        fill(handle, cookie);
    }

    /**
     * The slab the policy must serve from: the fullest partial bin, then a free slab; null means grow.
     */
    private Slab expectedSource()
    {
        Slab best = null;
        int bestBin = -1;
        Slab free = null;
        for (final Slab slab : slabs)
        {
            if (draining.containsKey(slab))
            {
                continue;
            }
            final int u = used.get(slab);
            if (0 == u)
            {
                free = slab;
            }
            else if (u < slab.capacity() && bin(slab) > bestBin)
            {
                best = slab;
                bestBin = bin(slab);
            }
        }
        return null != best ? best : free;
    }

    private boolean sameRank(final Slab expected, final Slab actual)
    {
        if (draining.containsKey(actual) || !slabs.contains(actual))
        {
            return false;
        }
        final int u = used.get(actual);
        if (0 == used.get(expected))
        {
            return 0 == u;
        }
        return u > 0 && u < actual.capacity() && bin(actual) == bin(expected);
    }

    private int bin(final Slab slab)
    {
        return (int)((long)used.get(slab) * SlabCache.PARTIAL_BINS / slab.capacity());
    }

    private void freeLive()
    {
        if (live.isEmpty())
        {
            return;
        }
        final int index = choose.applyAsInt(live.size());
        final long handle = live.get(index);
        checkContents(handle);
        final Slab slab = slabOf.get(handle);
        final boolean emptiesNow = 1 == used.get(slab);
        final int emptyProviderSlabs = emptyProviderSlabs();

        cache.free(handle);

        live.set(index, live.get(live.size() - 1));
        live.remove(live.size() - 1);
        cookies.remove(handle);
        slabOf.remove(handle);
        deadHandles.add(handle);
        used.merge(slab, -1, Integer::sum);
        frees++;
        if (emptiesNow)
        {
            if (draining.containsKey(slab))
            {
                final CompletableFuture<Slab> future = draining.remove(slab);
                assertTrue(future.isDone(), "draining slab emptied: its future must complete");
                assertSame(slab, future.join());
                forget(slab);
            }
            else if (!slab.isCallerOwned() && emptyProviderSlabs >= retainEmptySlabs)
            {
                assertFalse(slab.isAttached(), "empty provider slab beyond retainEmptySlabs must go back");
                forget(slab);
            }
        }
    }

    private int emptyProviderSlabs()
    {
        int count = 0;
        for (final Slab slab : slabs)
        {
            if (!slab.isCallerOwned() && 0 == used.get(slab) && !draining.containsKey(slab))
            {
                count++;
            }
        }
        return count;
    }

    private void freeBadHandle()
    {
        final long handle;
        final int pick = choose.applyAsInt(6);
        if (0 == pick && !deadHandles.isEmpty())
        {
            handle = deadHandles.get(choose.applyAsInt(deadHandles.size()));
            if (cookies.containsKey(handle))
            {
                return;
            }
        }
        else if (1 == pick)
        {
            handle = foreignHandle;
        }
        else if (2 == pick)
        {
            handle = -1L - choose.applyAsInt(1000);
        }
        else if (3 == pick)
        {
            handle = SlabCache.NULL_HANDLE;
        }
        else if (4 == pick && !live.isEmpty())
        {
            final long base = live.get(choose.applyAsInt(live.size()));
            handle = SlotHandle.pack(SlotHandle.cacheTag(base), SlotHandle.generation(base),
                SlotHandle.slabIndex(base), SlotHandle.MAX_SLOTS - 1 - choose.applyAsInt(8));
        }
        else
        {
            handle = ((long)choose.applyAsInt(1 << 30) << 33) ^ choose.applyAsInt(1 << 30);
            if (cookies.containsKey(handle))
            {
                return;
            }
        }

        final SlabCacheStats before = cache.stats();
        final List<SlabInfo> listing = cache.slabInfo();
        assertThrows(InvalidHandleException.class, () -> cache.free(handle), () -> SlotHandle.describe(handle));
        assertEquals(before, cache.stats(), "a rejected free changed the counts");
        assertEquals(listing, cache.slabInfo(), "a rejected free changed the slabs");
    }

    private void attach()
    {
        final int length = 1 + choose.applyAsInt(8 * slotSize + 64);
        final AtomicBuffer buffer = new UnsafeBuffer(new byte[length]);
        if (length < slotSize)
        {
            final SlabCacheStats before = cache.stats();
            assertThrows(IllegalArgumentException.class, () -> cache.attach(buffer));
            assertEquals(before, cache.stats(), "a rejected attach changed the counts");
            return;
        }
        final Slab slab = cache.attach(buffer);
        assertTrue(slab.isCallerOwned());
        assertTrue(slab.isAttached());
        assertEquals(length / ((slotSize + 7) & -8) + (length % ((slotSize + 7) & -8) >= slotSize ? 1 : 0),
            slab.capacity(), "slots in a " + length + "-byte buffer");
        callerBuffers.add(buffer);
        slabs.add(slab);
        used.put(slab, 0);
    }

    private void injectProviderFailure()
    {
        provider.failNext(1);
        pendingProviderFailure = true;
    }

    private void attachBadRegion()
    {
        if (callerBuffers.isEmpty())
        {
            return;
        }
        final AtomicBuffer buffer = callerBuffers.get(choose.applyAsInt(callerBuffers.size()));
        if (!isAttached(buffer))
        {
            return;
        }
        final SlabCacheStats before = cache.stats();
        final int offset = choose.applyAsInt(buffer.capacity());
        final int length = buffer.capacity() - offset;
        assertThrows(IllegalArgumentException.class, () -> cache.attach(buffer, offset, length));
        assertEquals(before, cache.stats(), "a rejected attach changed the counts");
    }

    private boolean isAttached(final AtomicBuffer buffer)
    {
        for (final Slab slab : slabs)
        {
            if (slab.buffer() == buffer)
            {
                return true;
            }
        }
        return false;
    }

    private void detach()
    {
        if (slabs.isEmpty())
        {
            return;
        }
        final Slab slab = slabs.get(choose.applyAsInt(slabs.size()));
        if (0 != used.get(slab))
        {
            final SlabCacheStats before = cache.stats();
            assertThrows(SlabInUseException.class, () -> cache.detach(slab));
            assertEquals(before, cache.stats(), "a rejected detach changed the counts");
            assertTrue(slab.isAttached());
            return;
        }
        cache.detach(slab);
        assertFalse(slab.isAttached());
        forget(slab);
        assertThrows(IllegalStateException.class, () -> cache.detach(slab));
    }

    private void detachWhenEmpty()
    {
        if (slabs.isEmpty())
        {
            return;
        }
        final Slab slab = slabs.get(choose.applyAsInt(slabs.size()));
        final CompletableFuture<Slab> future = cache.detachWhenEmpty(slab);
        if (0 == used.get(slab))
        {
            assertTrue(future.isDone());
            assertFalse(slab.isAttached());
            draining.remove(slab);
            forget(slab);
            return;
        }
        final CompletableFuture<Slab> previous = draining.putIfAbsent(slab, future);
        if (null != previous)
        {
            assertSame(previous, future, "a second call returns the same future");
        }
        assertFalse(future.isDone());
        assertTrue(slab.isDraining());
    }

    private void trim()
    {
        final int expected = emptyProviderSlabs();
        assertEquals(expected, cache.trim());
        for (final Slab slab : new ArrayList<>(slabs))
        {
            if (!slab.isCallerOwned() && 0 == used.get(slab) && !draining.containsKey(slab))
            {
                assertFalse(slab.isAttached());
                forget(slab);
            }
        }
    }

    private void checkLiveSlot()
    {
        if (live.isEmpty())
        {
            return;
        }
        final long handle = live.get(choose.applyAsInt(live.size()));
        assertSame(slabOf.get(handle), cache.slabOf(handle));
        checkContents(handle);
    }

    private void forget(final Slab slab)
    {
        slabs.remove(slab);
        used.remove(slab);
        callerBuffers.remove(slab.buffer());
    }

    private int providerSlabCount()
    {
        int count = 0;
        for (final Slab slab : slabs)
        {
            if (!slab.isCallerOwned())
            {
                count++;
            }
        }
        return count;
    }

    private void checkAgreement()
    {
        final SlabCacheStats stats = cache.stats();
        int free = 0;
        int partial = 0;
        int full = 0;
        long capacity = 0;
        for (final Slab slab : slabs)
        {
            assertTrue(slab.isAttached(), "model slab not attached: " + slab);
            final int u = used.get(slab);
            assertEquals(u, slab.usedSlots(), "used slots of " + slab);
            capacity += slab.capacity();
            final String expectedList;
            if (draining.containsKey(slab))
            {
                expectedList = "draining";
            }
            else if (0 == u)
            {
                expectedList = "free";
                free++;
            }
            else if (slab.capacity() == u)
            {
                expectedList = "full";
                full++;
            }
            else
            {
                expectedList = "partial" + bin(slab);
                partial++;
            }
            assertEquals(expectedList, slab.list.name(), "list of " + slab);
        }
        assertEquals(slabs.size(), stats.slabs(), "slabs");
        assertEquals(free, stats.freeSlabs(), "free slabs");
        assertEquals(partial, stats.partialSlabs(), "partial slabs");
        assertEquals(full, stats.fullSlabs(), "full slabs");
        assertEquals(draining.size(), stats.drainingSlabs(), "draining slabs");
        assertEquals(providerSlabCount(), stats.providerSlabs(), "provider slabs");
        assertEquals(provider.outstanding(), stats.providerSlabs(), "provider balance");
        assertEquals(provider.allocated(), stats.grows(), "grows");
        assertEquals(provider.released(), stats.releases(), "releases");
        assertEquals(capacity, stats.slotCapacity(), "slot capacity");
        assertEquals(live.size(), stats.slotsInUse(), "slots in use");
        assertEquals(allocations, stats.allocations(), "allocations");
        assertEquals(frees, stats.frees(), "frees");
        assertEquals(failedAllocations, stats.failedAllocations(), "failed allocations");
    }

    private void fill(final long handle, final long cookie)
    {
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        for (int i = 0; i < slotSize; i++)
        {
            buffer.putByte(offset + i, patternByte(cookie, i));
        }
    }

    private void checkContents(final long handle)
    {
        final long cookie = cookies.get(handle);
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        for (int i = 0; i < slotSize; i++)
        {
            if (patternByte(cookie, i) != buffer.getByte(offset + i))
            {
                fail("handle " + SlotHandle.describe(handle) + " byte " + i + " overwritten while live");
            }
        }
    }

    private static byte patternByte(final long cookie, final int index)
    {
        return (byte)(cookie * 0x9E3779B97F4A7C15L >>> 56 ^ index);
    }
}
