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
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A plain reference model of a {@link SlabCache} used by one thread: which slabs are attached, which handles are
 * live in each, what bytes each live slot was given, which slabs drain, how many buffers the provider has out.
 * Every step runs one operation on the cache and the model and checks that they agree. Choices come from
 * {@code bound -> [0, bound)}.
 * <p>
 * Without magazines the model is exact: it predicts the slab each allocation comes from (the serving slab until
 * it is full, then the fullest partial bin, then a free slab), the list each slab is on, and when an emptied provider
 * slab goes back. With magazines those depend on
 * what the magazines hold, so the model checks what a caller sees instead: the live set and contents, which
 * allocations must succeed (any free slot in a slab that serves allocations), detach and drain outcomes, what
 * {@link SlabCache#trim()} gives back, every count, and that the slabs' used slots are the live ones plus those in
 * magazines.
 */
final class CacheModel implements AutoCloseable
{
    private static final int OPERATIONS = 16;
    private static final int MAX_CALLER_SLABS = 6;
    private static final int DEAD_HANDLES = 64;

    private final IntUnaryOperator choose;
    private final CountingProvider provider = new CountingProvider();
    private final SlabCache cache;
    private final SlabCache otherCache;
    private final long foreignHandle;
    private final boolean exact;
    private final int maxSlabs;
    private final int retainEmptySlabs;
    private final int slotSize;
    private final int targetLive;
    private final long maxSlotsInMagazines;

    private final List<Slab> slabs = new ArrayList<>();
    // Without magazines: the slab allocations come from until it fills or stops serving, or null.
    private Slab serving;
    private final Map<Slab, Integer> used = new HashMap<>();
    private final Map<Slab, CompletableFuture<Slab>> draining = new HashMap<>();
    private final List<Long> live = new ArrayList<>();
    private final Map<Long, Long> cookies = new HashMap<>();
    private final Map<Long, Slab> slabOf = new HashMap<>();
    private final long[] deadHandles = new long[DEAD_HANDLES];
    private int deadCount;
    private long nextCookie = 1;
    private long allocations;
    private long frees;
    private long failedAllocations;

    CacheModel(
        final IntUnaryOperator choose,
        final ThreadSafety threadSafety,
        final int slotSize,
        final int slabSize,
        final int maxSlabs,
        final int retainEmptySlabs,
        final int magazineSize,
        final int depotMagazines)
    {
        this.choose = choose;
        this.exact = ThreadSafety.MAGAZINES != threadSafety;
        this.maxSlabs = maxSlabs;
        this.retainEmptySlabs = retainEmptySlabs;
        this.slotSize = slotSize;
        this.targetLive = Math.max(4, 5 * (slabSize / ((slotSize + 7) & -8)) / 2);
        this.maxSlotsInMagazines = (2L + depotMagazines) * magazineSize;
        this.cache = SlabCache.builder().name("model").slotSize(slotSize).slabSize(slabSize).provider(provider)
            .maxSlabs(maxSlabs).retainEmptySlabs(retainEmptySlabs).threadSafety(threadSafety)
            .magazineSize(magazineSize).depotMagazines(depotMagazines).build();
        this.otherCache = SlabCache.builder().name("other").slotSize(slotSize).slabSize(slabSize).build();
        this.foreignHandle = otherCache.allocate();
    }

    void step()
    {
        switch (choose.applyAsInt(OPERATIONS))
        {
            case 0, 1, 2, 3 -> allocateOrFree(false);
            case 4, 5, 6 -> freeLive();
            case 7 -> useBadHandle();
            case 8 -> attach();
            case 9 -> attachBadRegion();
            case 10 -> detach();
            case 11 -> detachWhenEmpty();
            case 12 -> trim();
            case 13 -> provider.failNext();
            case 14 -> allocateOrFree(true);
            default -> checkLiveSlot();
        }
        forgetReleasedSlabs();
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
        assertEquals(live.size(), cache.closeReport().slotsInUse(), "close reports the live slots");
        assertEquals(providerSlabsWithLiveSlots(), provider.outstanding(),
            "close gives back every provider slab without live slots, and none with");
    }

    private void allocateOrFree(final boolean viaTry)
    {
        if (live.size() >= targetLive)
        {
            freeLive();
            return;
        }

        final Slab expectedFrom = exact ? expectedSource() : null;
        final boolean mustGrow = exact ? null == expectedFrom : 0 == freeSlotsServing();
        final boolean canGrow = provider.outstanding() < maxSlabs;
        final boolean providerError = mustGrow && canGrow && provider.failsNext();
        if (mustGrow && (!canGrow || providerError))
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
            assertFalse(providerError && provider.failsNext(), "the failing provider was not asked");
            failedAllocations++;
            return;
        }
        onAllocated(viaTry ? cache.tryAllocate() : cache.allocate(), expectedFrom, mustGrow);
    }

    private void onAllocated(final long handle, final Slab expectedFrom, final boolean grown)
    {
        assertNotEquals(SlabCache.NULL_HANDLE, handle);
        assertTrue(handle > 0, "handle must be positive");
        assertFalse(cookies.containsKey(handle), "handle handed out twice while live");
        final Slab slab = cache.slabOf(handle);
        assertFalse(draining.containsKey(slab), "allocated from a draining slab");
        if (!slabs.contains(slab))
        {
            assertTrue(grown || !exact, "only a grow makes a new slab");
            assertFalse(slab.isCallerOwned());
            slabs.add(slab);
            used.put(slab, 0);
        }
        if (exact && null != expectedFrom)
        {
            assertTrue(expectedFrom == slab || (expectedFrom != serving && sameRank(expectedFrom, slab)),
                "policy: expected " + (expectedFrom == serving ? "the serving slab " : "a slab like ") +
                expectedFrom + " but got " + slab);
        }
        used.merge(slab, 1, Integer::sum);
        serving = used.get(slab) < slab.capacity() ? slab : null;
        allocations++;
        final long cookie = nextCookie++;
        live.add(handle);
        cookies.put(handle, cookie);
        slabOf.put(handle, slab);
        fill(handle, cookie);
    }

    /**
     * Without magazines: the slab the policy must serve from, the serving slab while it serves and has a free slot,
     * else the fullest partial bin then a free slab; null means grow.
     */
    private Slab expectedSource()
    {
        if (null != serving && serving.isAttached() && !draining.containsKey(serving) &&
            used.get(serving) < serving.capacity())
        {
            return serving;
        }
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

    /**
     * With magazines: free slots of slabs that serve allocations, wherever they sit. Slabs made to fill a
     * magazine may not be known to the model yet, so capacity comes from the cache's count.
     */
    private long freeSlotsServing()
    {
        long drainingCapacity = 0;
        long liveServing = live.size();
        for (final Slab slab : draining.keySet())
        {
            drainingCapacity += slab.capacity();
            liveServing -= used.get(slab);
        }
        return cache.stats().slotCapacity() - drainingCapacity - liveServing;
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
        return (int)((long)used.get(slab) * SlabBins.PARTIAL_BINS / slab.capacity());
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
        deadHandles[deadCount++ % DEAD_HANDLES] = handle;
        used.merge(slab, -1, Integer::sum);
        frees++;
        if (emptiesNow && draining.containsKey(slab))
        {
            final CompletableFuture<Slab> future = draining.remove(slab);
            assertTrue(future.isDone(), "draining slab emptied: its future must complete");
            assertSame(slab, future.join());
            assertFalse(slab.isAttached());
            forget(slab);
        }
        else if (exact && emptiesNow && !slab.isCallerOwned() && emptyProviderSlabs >= retainEmptySlabs)
        {
            assertFalse(slab.isAttached(), "empty provider slab beyond retainEmptySlabs must go back");
            forget(slab);
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

    /**
     * Frees or reads through a handle that names no live slot: a dead one (its slot may be live again under a newer
     * generation), another cache's, garbage, or a live one with its slot or generation altered.
     */
    private void useBadHandle()
    {
        final long handle;
        final int pick = choose.applyAsInt(7);
        if (0 == pick && deadCount > 0)
        {
            handle = deadHandles[choose.applyAsInt(Math.min(deadCount, DEAD_HANDLES))];
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
            handle = SlotHandle.pack(SlotHandle.serial(base), SlotHandle.generation(base),
                SlotHandle.MAX_SLOTS - 1 - choose.applyAsInt(8));
        }
        else if (5 == pick && !live.isEmpty())
        {
            final long base = live.get(choose.applyAsInt(live.size()));
            handle = SlotHandle.pack(SlotHandle.serial(base), SlotHandle.generation(base) + 1 +
                choose.applyAsInt(SlotHandle.GENERATIONS - 1), SlotHandle.slot(base));
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
        final Executable use = switch (choose.applyAsInt(4))
        {
            case 0 -> () -> cache.buffer(handle);
            case 1 -> () -> cache.offset(handle);
            case 2 -> () -> cache.slabOf(handle);
            default -> () -> cache.free(handle);
        };
        assertThrows(InvalidHandleException.class, use, () -> SlotHandle.describe(handle));
        assertEquals(before, cache.stats(), "a rejected handle changed the counts");
        assertEquals(listing, cache.slabInfo(), "a rejected handle changed the slabs");
    }

    private void attach()
    {
        if (callerSlabCount() >= MAX_CALLER_SLABS)
        {
            return;
        }
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
        final int stride = (slotSize + 7) & -8;
        assertEquals(length / stride + (length % stride >= slotSize ? 1 : 0), slab.capacity(),
            "slots in a " + length + "-byte buffer");
        slabs.add(slab);
        used.put(slab, 0);
    }

    private void attachBadRegion()
    {
        final List<Slab> callerSlabs = new ArrayList<>();
        for (final Slab slab : slabs)
        {
            if (slab.isCallerOwned())
            {
                callerSlabs.add(slab);
            }
        }
        if (callerSlabs.isEmpty())
        {
            return;
        }
        final AtomicBuffer buffer = callerSlabs.get(choose.applyAsInt(callerSlabs.size())).buffer();
        final SlabCacheStats before = cache.stats();
        final int offset = choose.applyAsInt(buffer.capacity());
        final int length = buffer.capacity() - offset;
        assertThrows(IllegalArgumentException.class, () -> cache.attach(buffer, offset, length));
        assertEquals(before, cache.stats(), "a rejected attach changed the counts");
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
            final List<SlabInfo> listing = cache.slabInfo();
            assertThrows(SlabInUseException.class, () -> cache.detach(slab));
            assertEquals(before, cache.stats(), "a rejected detach changed the counts");
            assertEquals(listing, cache.slabInfo(), "a rejected detach changed the slabs");
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
        assertEquals(used.get(slab), slab.usedSlots(), "a draining slab holds only its live slots");
    }

    private void trim()
    {
        final int held = cache.stats().providerSlabs();
        final int kept = providerSlabsWithLiveSlots();
        assertEquals(held - kept, cache.trim(), "trim gives back every provider slab without live slots");
        assertEquals(0, cache.stats().slotsInMagazines(), "trim empties the magazines");
        for (final Slab slab : new ArrayList<>(slabs))
        {
            assertEquals(used.get(slab), slab.usedSlots(), "after trim a slab holds only its live slots");
            if (!slab.isCallerOwned() && 0 == used.get(slab))
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

    /**
     * With magazines a provider slab goes back when a flush empties it, which the model does not predict; it
     * checks only that such a slab had no live slot.
     */
    private void forgetReleasedSlabs()
    {
        for (final Slab slab : new ArrayList<>(slabs))
        {
            if (!slab.isAttached())
            {
                assertFalse(exact, "slab detached unexpectedly: " + slab);
                assertFalse(slab.isCallerOwned(), "caller slab detached unexpectedly: " + slab);
                assertEquals(0, used.get(slab), "released a slab with live slots: " + slab);
                forget(slab);
            }
        }
    }

    private void forget(final Slab slab)
    {
        slabs.remove(slab);
        used.remove(slab);
    }

    private int callerSlabCount()
    {
        int count = 0;
        for (final Slab slab : slabs)
        {
            if (slab.isCallerOwned())
            {
                count++;
            }
        }
        return count;
    }

    private int providerSlabsWithLiveSlots()
    {
        int count = 0;
        for (final Slab slab : slabs)
        {
            if (!slab.isCallerOwned() && used.get(slab) > 0)
            {
                count++;
            }
        }
        return count;
    }

    private void checkAgreement()
    {
        final SlabCacheStats stats = cache.stats();
        final Map<Long, String> lists = new HashMap<>();
        for (final SlabInfo info : cache.slabInfo())
        {
            lists.put(info.id(), info.list());
        }
        long capacity = 0;
        for (final Slab slab : slabs)
        {
            assertTrue(slab.isAttached(), "model slab not attached: " + slab);
            final int u = used.get(slab);
            final int actual = slab.usedSlots();
            if (exact)
            {
                assertEquals(u, actual, "used slots of " + slab);
            }
            else
            {
                assertTrue(actual >= u, "used slots of " + slab + " below its " + u + " live slots");
            }
            capacity += slab.capacity();
            final String expectedList = draining.containsKey(slab) ? "draining" : 0 == actual ? "free" :
                slab.capacity() == actual ? "full" : "partial" + actual * SlabBins.PARTIAL_BINS / slab.capacity();
            assertEquals(expectedList, lists.get(slab.id()), "list of " + slab);
        }

        long usedInSlabs = 0;
        for (final SlabInfo info : cache.slabInfo())
        {
            usedInSlabs += info.usedSlots();
        }
        assertEquals(stats.slotsInUse() + stats.slotsInMagazines(), usedInSlabs,
            "slots out of the slabs are live or in magazines");
        assertTrue(stats.slotsInMagazines() >= 0 && stats.slotsInMagazines() <= maxSlotsInMagazines,
            "slots in magazines: " + stats.slotsInMagazines());
        assertEquals(stats.slabs(),
            stats.freeSlabs() + stats.partialSlabs() + stats.fullSlabs() + stats.drainingSlabs(), "slab lists");
        if (exact)
        {
            assertEquals(slabs.size(), stats.slabs(), "slabs");
            assertEquals(capacity, stats.slotCapacity(), "slot capacity");
        }
        else
        {
            assertTrue(stats.slotCapacity() >= capacity, "slot capacity");
        }
        assertEquals(callerSlabCount(), stats.callerSlabs(), "caller slabs");
        assertEquals(draining.size(), stats.drainingSlabs(), "draining slabs");
        assertEquals(provider.outstanding(), stats.providerSlabs(), "provider balance");
        assertEquals(provider.allocated(), stats.grows(), "grows");
        assertEquals(provider.released(), stats.releases(), "releases");
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
