/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.slabcache.core.InvalidHandleException;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlabCacheDebugTest
{
    private static final int SLOT_SIZE = 64;
    private static final int SLAB_SIZE = 4096;
    private static final int SLOTS_PER_SLAB = SLAB_SIZE / SLOT_SIZE;

    private final AtomicLong now = new AtomicLong();

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReportAWriteAfterFreeWithTheSlotTheSlabAndTheFreeSite(final ThreadSafety mode)
    {
        try (SlabCache cache = debugCache(mode).build())
        {
            final long handle = cache.allocate();
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            final long slabId = cache.slabOf(handle).id();
            freeAtTheFreeSite(cache, handle);

            buffer.putByte(offset + 20, (byte)7);

            final WriteAfterFreeException ex = allocateUntilWriteAfterFree(cache);
            assertEquals(SlotHandle.slot(handle), ex.slot());
            assertEquals(slabId, ex.slabId());
            assertEquals(20, ex.disturbedByte());
            assertTrue(ex.getMessage().contains("slot " + SlotHandle.slot(handle) + " of Slab{id=" + slabId),
                ex.getMessage());
            assertTrue(ex.getMessage().contains("0x7 at byte 20"), ex.getMessage());
            assertNotNull(ex.freeSite());
            assertEquals("freeAtTheFreeSite", ex.freeSite().getStackTrace()[0].getMethodName());
            assertEquals(1, cache.quarantinedSlots());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNeverHandOutAQuarantinedSlotAgain(final ThreadSafety mode)
    {
        try (SlabCache cache = debugCache(mode).maxSlabs(1).build())
        {
            final long handle = cache.allocate();
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            cache.free(handle);
            buffer.putLong(offset + SLOT_SIZE - Long.BYTES, 42L);
            allocateUntilWriteAfterFree(cache);

            final Set<Integer> slots = new HashSet<>();
            long next;
            while (SlabCache.NULL_HANDLE != (next = cache.tryAllocate()))
            {
                slots.add(SlotHandle.slot(next));
            }
            assertFalse(slots.contains(SlotHandle.slot(handle)));
            assertEquals(SLOTS_PER_SLAB, cache.stats().slotsInUse() + cache.stats().slotsInMagazines());
            assertEquals(1, cache.quarantinedSlots());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNotNameAFreeSiteItDidNotRecord(final ThreadSafety mode)
    {
        try (SlabCache cache = debugCache(mode).debugSampleRate(1000).build())
        {
            final long sampled = cache.allocate();
            final long notSampled = cache.allocate();
            final AtomicBuffer buffer = cache.buffer(notSampled);
            final int offset = cache.offset(notSampled);
            cache.free(notSampled);
            buffer.putByte(offset + 4, (byte)0);

            final WriteAfterFreeException ex = allocateUntilWriteAfterFree(cache);
            assertEquals(SlotHandle.slot(notSampled), ex.slot());
            assertEquals(4, ex.disturbedByte());
            assertNull(ex.freeSite());
            assertTrue(ex.getMessage().contains("was not recorded (1 in 1000"), ex.getMessage());
            cache.free(sampled);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFillAFreedSlotWithPoisonBeyondTheFreeListLink(final ThreadSafety mode)
    {
        try (SlabCache cache = debugCache(mode).build())
        {
            final long handle = cache.allocate();
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            buffer.setMemory(offset, SLOT_SIZE, (byte)1);

            cache.free(handle);

            for (int i = SlabPoison.FIRST_BYTE; i < SLOT_SIZE; i++)
            {
                assertEquals(SlabPoison.POISON, buffer.getByte(offset + i), "byte " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectADoubleFreeWithoutPoisoningTheSlotsNewHolder(final ThreadSafety mode)
    {
        try (SlabCache cache = debugCache(mode).build())
        {
            final long first = cache.allocate();
            cache.free(first);
            final long second = cache.allocate();
            assertEquals(SlotHandle.slot(first), SlotHandle.slot(second));
            final AtomicBuffer buffer = cache.buffer(second);
            final int offset = cache.offset(second);
            buffer.setMemory(offset, SLOT_SIZE, (byte)3);

            assertThrows(InvalidHandleException.class, () -> cache.free(first));

            for (int i = 0; i < SLOT_SIZE; i++)
            {
                assertEquals(3, buffer.getByte(offset + i), "byte " + i);
            }
            cache.free(second);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRaiseNoFalseAlarmOverASeededRandomRun(final ThreadSafety mode)
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final String context = "seed=" + seed + " mode=" + mode;
        final Map<Long, Integer> live = new HashMap<>();
        final List<Long> handles = new ArrayList<>();
        try (SlabCache cache = debugCache(mode).maxSlabs(4).retainEmptySlabs(0).magazineSize(4).build())
        {
            for (int step = 0; step < 20_000; step++)
            {
                final int op = random.nextInt(100);
                if (op < 55)
                {
                    final long handle = cache.tryAllocate();
                    if (SlabCache.NULL_HANDLE != handle)
                    {
                        final int value = random.nextInt();
                        fill(cache, handle, value);
                        live.put(handle, value);
                        handles.add(handle);
                    }
                }
                else if (op < 98 && !handles.isEmpty())
                {
                    final int index = random.nextInt(handles.size());
                    final long handle = handles.get(index);
                    handles.set(index, handles.get(handles.size() - 1));
                    handles.remove(handles.size() - 1);
                    assertEquals(live.remove(handle), first(cache, handle), context);
                    cache.free(handle);
                }
                else
                {
                    cache.trim();
                }
            }

            assertEquals(0, cache.quarantinedSlots(), context);
            assertEquals(live.size(), sampledSlots(cache.leakReport()), context);
            for (final long handle : handles)
            {
                cache.free(handle);
            }
            assertTrue(cache.leakReport().isEmpty(), context);
        }
    }

    @Test
    void shouldRaiseNoFalseAlarmWhenThreadsFreeEachOthersSlots() throws InterruptedException
    {
        try (SlabCache cache = debugCache(ThreadSafety.MAGAZINES).magazineSize(4).build())
        {
            final long[] handles = new long[1000];
            for (int round = 0; round < 5; round++)
            {
                for (int i = 0; i < handles.length; i++)
                {
                    handles[i] = cache.allocate();
                    fill(cache, handles[i], i);
                }
                final Thread freer = new Thread(() ->
                {
                    for (final long handle : handles)
                    {
                        cache.free(handle);
                    }
                });
                freer.start();
                freer.join();
            }
            assertEquals(0, cache.quarantinedSlots());
            assertTrue(cache.leakReport().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGroupTheLeakReportBySiteTheOldestFirst(final ThreadSafety mode)
    {
        final SlabCache cache = debugCache(mode).build();
        final String sites = "BAABA";
        final long[] times = {0, 10, 20, 20, 30};
        final long[] handles = new long[sites.length()];
        for (int i = 0; i < sites.length(); i++)
        {
            now.set(times[i]);
            handles[i] = 'A' == sites.charAt(i) ? allocateAtSiteA(cache) : allocateAtSiteB(cache);
        }
        final long b0 = handles[0];
        final long a0 = handles[1];
        final long a1 = handles[2];
        final long b1 = handles[3];
        cache.free(handles[4]);
        now.set(100);

        final List<LeakSite> report = cache.leakReport();

        assertEquals(2, report.size());
        assertEquals("allocateAtSiteB", report.get(0).allocationSite().get(0).getMethodName());
        assertEquals(List.of(b0, b1), handles(report.get(0)));
        assertEquals(List.of(Duration.ofNanos(100), Duration.ofNanos(80)), ages(report.get(0)));
        assertEquals("allocateAtSiteA", report.get(1).allocationSite().get(0).getMethodName());
        assertEquals(List.of(a0, a1), handles(report.get(1)));
        assertEquals(cache.slabOf(a0).id(), report.get(1).slots().get(0).slabId());
        assertEquals(SlotHandle.slot(a0), report.get(1).slots().get(0).slot());

        final List<String> log = CloseLog.capture(cache::close);
        final String leaks = log.stream().filter(message -> message.contains("sampled live slots")).findFirst()
            .orElseThrow(() -> new AssertionError("no leak report in " + log));
        assertTrue(leaks.contains("closed with 4 sampled live slots"), leaks);
        assertTrue(leaks.indexOf("allocateAtSiteB") < leaks.indexOf("allocateAtSiteA"), leaks);
        assertEquals(report, cache.leakReport());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldWarnOnceOfASlotLiveLongerThanTheThreshold(final ThreadSafety mode)
    {
        try (SlabCache cache = debugCache(mode).leakDetectionThreshold(Duration.ofSeconds(5)).build())
        {
            final long x = cache.allocate();
            now.set(seconds(2));
            final long[] y = new long[1];
            assertEquals(List.of(), CloseLog.capture(() -> y[0] = cache.allocate()), "nothing is 5 s old yet");

            now.set(seconds(6));
            final List<String> first = CloseLog.capture(cache::allocate);
            assertEquals(1, first.size(), first.toString());
            assertTrue(first.get(0).contains("slot " + SlotHandle.slot(x) + " (handle 0x" + Long.toHexString(x) +
                ") has been live for PT6S, longer than leakDetectionThreshold=PT5S"), first.get(0));

            now.set(seconds(6) + 500_000_000L);
            assertEquals(List.of(), CloseLog.capture(cache::allocate), "looked less than a second ago");
            now.set(seconds(8));
            final List<String> second = CloseLog.capture(cache::allocate);
            assertEquals(1, second.size(), second.toString());
            assertTrue(second.get(0).contains("slot " + SlotHandle.slot(y[0]) + " (handle"), second.get(0));
        }
    }

    @Test
    void shouldTurnDebugModeOnFromTheSystemProperty()
    {
        System.setProperty(SlabCache.DEBUG_PROP_NAME, "true");
        try
        {
            try (SlabCache cache = SlabCache.builder().build();
                SizeClassCache sizeClasses = SizeClassCache.builder().memoryLimit(1 << 20).build();
                SlabCache overridden = SlabCache.builder().debug(false).build())
            {
                assertTrue(cache.isDebug());
                assertTrue(sizeClasses.isDebug());
                assertFalse(overridden.isDebug());
            }
        }
        finally
        {
            System.clearProperty(SlabCache.DEBUG_PROP_NAME);
        }
        try (SlabCache cache = SlabCache.builder().build();
            SizeClassCache sizeClasses = SizeClassCache.builder().memoryLimit(1 << 20).build())
        {
            assertFalse(cache.isDebug());
            assertFalse(sizeClasses.isDebug());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLeaveAFreedSlotAsItWasAndReportNothingWhenDebugIsOff(final ThreadSafety mode)
    {
        try (SlabCache cache = SlabCache.builder().debug(false).threadSafety(mode).slotSize(SLOT_SIZE)
            .slabSize(SLAB_SIZE).build())
        {
            final long handle = cache.allocate();
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            buffer.setMemory(offset, SLOT_SIZE, (byte)1);
            cache.free(handle);
            buffer.putByte(offset + 20, (byte)7);

            final long again = cache.allocate();

            assertEquals(SlotHandle.slot(handle), SlotHandle.slot(again));
            assertEquals(7, buffer.getByte(offset + 20));
            assertEquals(1, buffer.getByte(offset + 21));
            assertFalse(cache.isDebug());
            assertEquals(List.of(), cache.leakReport());
            assertEquals(0, cache.quarantinedSlots());
        }
    }

    @Test
    void shouldRejectBadDebugSettings()
    {
        final SlabCacheBuilder builder = SlabCache.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.debugSampleRate(0)).getMessage()
            .contains("debugSampleRate=0 must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> builder.leakDetectionThreshold(Duration.ofSeconds(-1))).getMessage()
            .contains("leakDetectionThreshold=PT-1S"));
        assertThrows(IllegalArgumentException.class, () -> builder.leakDetectionThreshold(null));
        assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().debugSampleRate(-1));
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFindAWriteAfterFreeInASizeClass(final ThreadSafety mode)
    {
        try (SizeClassCache cache = SizeClassCache.builder().threadSafety(mode).debug(true).pageSize(1 << 16)
            .memoryLimit(1 << 20).build())
        {
            final long handle = cache.allocate(100);
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            cache.free(handle);
            buffer.putInt(offset + 50, 1);

            WriteAfterFreeException found = null;
            final List<Long> taken = new ArrayList<>();
            for (int i = 0; i < 10_000 && null == found; i++)
            {
                try
                {
                    taken.add(cache.allocate(100));
                }
                catch (final WriteAfterFreeException ex)
                {
                    found = ex;
                }
            }
            assertNotNull(found, "no write after free found");
            assertEquals(SlotHandle.slot(handle), found.slot());
            assertEquals(1, cache.quarantinedSlots());
            assertEquals(taken.size(), sampledSlots(cache.leakReport()));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldDropTheSlotsAPageMoveTookFromTheLeakReport(final ThreadSafety mode)
    {
        try (SizeClassCache cache = SizeClassCache.builder().threadSafety(mode).debug(true).pageSize(1 << 16)
            .memoryLimit(1 << 20).build())
        {
            final long small = cache.allocate(64);
            final long large = cache.allocate(1000);

            assertEquals(PageMove.MOVED, cache.movePage(cache.classFor(64), cache.classFor(1000),
                (handle, buffer, offset) -> { }));

            final List<LeakSite> report = cache.leakReport();
            assertEquals(1, sampledSlots(report));
            assertEquals(large, report.get(0).slots().get(0).handle());
            assertNotEquals(small, large);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNotShowAPageMoveVisitorAQuarantinedSlot(final ThreadSafety mode)
    {
        try (SizeClassCache cache = SizeClassCache.builder().threadSafety(mode).debug(true).pageSize(1 << 16)
            .memoryLimit(1 << 20).build())
        {
            final long kept = cache.allocate(64);
            final long handle = cache.allocate(64);
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            cache.free(handle);
            buffer.putByte(offset + 8, (byte)1);
            final List<Long> taken = new ArrayList<>();
            WriteAfterFreeException found = null;
            while (null == found)
            {
                try
                {
                    taken.add(cache.allocate(64));
                }
                catch (final WriteAfterFreeException ex)
                {
                    found = ex;
                }
            }
            for (final long other : taken)
            {
                cache.free(other);
            }
            final List<Long> visited = new ArrayList<>();

            cache.movePage(cache.classFor(64), cache.classFor(1000), (h, b, o) -> visited.add(h));

            assertEquals(List.of(kept), visited);
            assertEquals(1, cache.stats().classes().get(cache.classFor(64)).slotsEvicted());
        }
    }

    private SlabCacheBuilder debugCache(final ThreadSafety mode)
    {
        final SlabCacheBuilder builder =
            SlabCache.builder().debug(true).threadSafety(mode).slotSize(SLOT_SIZE).slabSize(SLAB_SIZE);
        builder.settings.nanoClock = now::get;
        return builder;
    }

    private static void freeAtTheFreeSite(final SlabCache cache, final long handle)
    {
        cache.free(handle);
    }

    private static long allocateAtSiteA(final SlabCache cache)
    {
        return cache.allocate();
    }

    private static long allocateAtSiteB(final SlabCache cache)
    {
        return cache.allocate();
    }

    private static WriteAfterFreeException allocateUntilWriteAfterFree(final SlabCache cache)
    {
        for (int i = 0; i < 4 * SLOTS_PER_SLAB; i++)
        {
            try
            {
                cache.allocate();
            }
            catch (final WriteAfterFreeException ex)
            {
                return ex;
            }
        }
        throw new AssertionError("no write after free found in " + 4 * SLOTS_PER_SLAB + " allocations");
    }

    private static void fill(final SlabCache cache, final long handle, final int value)
    {
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        for (int i = 0; i < SLOT_SIZE; i += Integer.BYTES)
        {
            buffer.putInt(offset + i, value);
        }
    }

    private static int first(final SlabCache cache, final long handle)
    {
        return cache.buffer(handle).getInt(cache.offset(handle) + SLOT_SIZE - Integer.BYTES);
    }

    private static int sampledSlots(final List<LeakSite> report)
    {
        return report.stream().mapToInt(site -> site.slots().size()).sum();
    }

    private static List<Long> handles(final LeakSite site)
    {
        return site.slots().stream().map(LeakSite.LiveSlot::handle).toList();
    }

    private static List<Duration> ages(final LeakSite site)
    {
        return site.slots().stream().map(LeakSite.LiveSlot::age).toList();
    }

    private static long seconds(final long seconds)
    {
        return seconds * 1_000_000_000L;
    }
}
