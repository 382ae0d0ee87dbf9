/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.slabcache.core.SlabProvider;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOT_SIZE;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.free;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK Flight Recorder events, recorded to a file and read back: which slow paths commit which event, with what
 * fields, and the periodic statistics of open caches only.
 */
class CacheEventsTest
{
    private static final String[] EVENTS = {
        "dev.slabcache.SlabGrown", "dev.slabcache.SlabReleased", "dev.slabcache.SlabAttached",
        "dev.slabcache.SlabDetached", "dev.slabcache.AllocationFailed", "dev.slabcache.PageMoved"};
    private static final int PAGE = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldRecordProviderSlabsGrownAndReleased() throws IOException
    {
        final List<RecordedEvent> events;
        try (Recording recording = start())
        {
            try (SlabCache cache = builder(ThreadSafety.LOCKED, new RecordingProvider()).name("jfr-grow")
                .retainEmptySlabs(2).build())
            {
                final long[] handles = allocate(cache, SmallCaches.SLOTS_PER_SLAB + 1);
                free(cache, handles, 0, handles.length);
                cache.trim();
            }
            events = stop(recording, "jfr-grow");
        }

        assertEquals(List.of("dev.slabcache.SlabGrown", "dev.slabcache.SlabGrown", "dev.slabcache.SlabReleased",
            "dev.slabcache.SlabReleased"), names(events));
        final RecordedEvent grown = events.get(0);
        assertEquals(SLAB_SIZE, grown.getLong("bytes"));
        assertEquals(SmallCaches.SLOTS_PER_SLAB, grown.getInt("slots"));
        assertEquals(SLOT_SIZE, grown.getInt("slotSize"));
        assertEquals(1L, grown.getLong("slabId"));
        assertTrue(null != grown.getStackTrace(), "a grow carries where it was asked for");
    }

    @Test
    void shouldRecordCallerBuffersAttachedAndDetached() throws IOException
    {
        final List<RecordedEvent> events;
        try (Recording recording = start())
        {
            try (SlabCache cache = builder(ThreadSafety.SINGLE_OWNER, new RecordingProvider()).name("jfr-attach")
                .build())
            {
                final Slab slab = cache.attach(heapBuffer(100));
                cache.attach(heapBuffer(64));
                cache.detach(slab);
            }
            events = stop(recording, "jfr-attach");
        }

        assertEquals(List.of("dev.slabcache.SlabAttached", "dev.slabcache.SlabAttached",
            "dev.slabcache.SlabDetached", "dev.slabcache.SlabDetached"), names(events));
        assertEquals(100, events.get(0).getLong("bytes"));
        assertEquals(6, events.get(0).getInt("slots"));
        assertEquals(100, events.get(2).getLong("bytes"), "the first buffer detached by detach()");
        assertEquals(64, events.get(3).getLong("bytes"), "the second forgotten by close()");
    }

    @Test
    void shouldRecordAFailedAllocationWithWhyGrowingFailed() throws IOException
    {
        final List<RecordedEvent> events;
        try (Recording recording = start())
        {
            try (SlabCache limited = builder(ThreadSafety.MAGAZINES, new RecordingProvider()).name("jfr-limit")
                .maxSlabs(0).build();
                SlabCache refused = builder(ThreadSafety.SINGLE_OWNER, new RefusingProvider()).name("jfr-refused")
                    .build())
            {
                assertEquals(SlabCache.NULL_HANDLE, limited.tryAllocate());
                assertEquals(SlabCache.NULL_HANDLE, refused.tryAllocate());
            }
            events = stop(recording, "jfr-limit", "jfr-refused");
        }

        assertEquals(List.of("dev.slabcache.AllocationFailed", "dev.slabcache.AllocationFailed"), names(events));
        assertEquals("jfr-limit", events.get(0).getString("cache"));
        assertNull(events.get(0).getString("cause"), "a limit, not the provider, stopped it");
        assertEquals(SLOT_SIZE, events.get(0).getInt("slotSize"));
        assertTrue(events.get(1).getString("cause").contains("no memory today"), events.get(1).getString("cause"));
        assertCalledFrom("shouldRecordAFailedAllocationWithWhyGrowingFailed", events);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNameTheCallerOfASlabGrownAndReleasedInEveryMode(final ThreadSafety mode) throws IOException
    {
        final String name = "jfr-caller-" + mode;
        final List<RecordedEvent> events;
        try (Recording recording = start())
        {
            try (SlabCache cache = builder(mode, new RecordingProvider()).name(name).retainEmptySlabs(0).build())
            {
                cache.free(cache.allocate());
                cache.trim();
            }
            events = stop(recording, name);
        }

        assertEquals(List.of("dev.slabcache.SlabGrown", "dev.slabcache.SlabReleased"), names(events));
        assertCalledFrom("shouldNameTheCallerOfASlabGrownAndReleasedInEveryMode", events);
        for (final RecordedEvent event : events)
        {
            final List<RecordedFrame> frames = event.getStackTrace().getFrames();
            final int callerFrame = IntStream.range(0, frames.size())
                .filter((i) -> CacheEventsTest.class.getName().equals(frames.get(i).getMethod().getType().getName()))
                .findFirst().orElse(-1);
            assertTrue(callerFrame > 5, "the library's frames come first, more than jfr print shows: " + callerFrame);
        }
    }

    @Test
    void shouldRecordAPageMove() throws IOException
    {
        final List<RecordedEvent> events;
        try (Recording recording = start())
        {
            try (SizeClassCache cache = SizeClassCache.builder().name("jfr-move").minSlotSize(64).maxSlotSize(1024)
                .growthFactor(2).pageSize(PAGE).memoryLimit(2L * PAGE).threadSafety(ThreadSafety.LOCKED).build())
            {
                final long[] handles = new long[3];
                for (int i = 0; i < handles.length; i++)
                {
                    handles[i] = cache.allocate(64);
                }
                cache.free(handles[0]);
                final PageMove move = cache.movePage(cache.classFor(64), cache.classFor(1000),
                    (handle, buffer, offset) -> { });
                assertEquals(PageMove.MOVED, move);
                assertEquals(PageMove.NO_PAGE, cache.movePage(cache.classFor(128), cache.classFor(64),
                    (handle, buffer, offset) -> { }));
            }
            events = stop(recording, "jfr-move");
        }

        final List<RecordedEvent> moves = events.stream()
            .filter((e) -> "dev.slabcache.PageMoved".equals(e.getEventType().getName())).collect(Collectors.toList());
        assertEquals(1, moves.size(), "a move that found no page is no event: " + moves);
        assertEquals(64, moves.get(0).getInt("fromSlotSize"));
        assertEquals(1024, moves.get(0).getInt("toSlotSize"));
        assertEquals(2L, moves.get(0).getLong("slotsEvicted"));
        assertEquals("MOVED", moves.get(0).getString("result"));
        assertCalledFrom("shouldRecordAPageMove", moves);
    }

    @Test
    void shouldRecordPeriodicStatisticsOfOpenCachesOnly() throws IOException
    {
        final List<RecordedEvent> events;
        try (Recording recording = new Recording())
        {
            recording.enable("dev.slabcache.CacheStatistics").with("period", "endChunk");
            recording.start();
            try (SlabCache open = builder(ThreadSafety.MAGAZINES, new RecordingProvider()).name("jfr-stats-open")
                .build())
            {
                final SlabCache closed = builder(ThreadSafety.LOCKED, new RecordingProvider())
                    .name("jfr-stats-closed").build();
                closed.free(closed.allocate());
                closed.close();
                final long[] handles = allocate(open, 3);
                open.free(handles[0]);
                events = stop(recording, "jfr-stats-open", "jfr-stats-closed");
                free(open, handles, 1, 3);
            }
        }

        final List<RecordedEvent> periodic = events.stream()
            .filter((e) -> "dev.slabcache.CacheStatistics".equals(e.getEventType().getName()))
            .collect(Collectors.toList());
        assertEquals(1, periodic.size(), periodic.toString());
        final RecordedEvent stats = periodic.get(0);
        assertEquals("jfr-stats-open", stats.getString("cache"));
        assertEquals(2L, stats.getLong("slotsInUse"));
        assertEquals(3L, stats.getLong("allocations"));
        assertEquals(1L, stats.getLong("frees"));
        assertEquals(SLAB_SIZE, stats.getLong("bytesHeld"));
        assertEquals(2L * SLOT_SIZE, stats.getLong("bytesInUse"));
        assertEquals(SLAB_SIZE - 2L * SLOT_SIZE, stats.getLong("bytesIdle"));
    }

    @Test
    void shouldNotKeepACacheNeverClosedAlive() throws InterruptedException
    {
        final WeakReference<SlabCache> dropped = new WeakReference<>(
            builder(ThreadSafety.LOCKED, new RecordingProvider()).name("jfr-dropped").build());

        assertTrue(SmallCaches.collected(dropped, SmallCaches.GC_ATTEMPTS),
            "the periodic statistics event holds a cache never closed");
    }

    private static Recording start()
    {
        final Recording recording = new Recording();
        for (final String event : EVENTS)
        {
            recording.enable(event).withStackTrace();
        }
        recording.start();
        return recording;
    }

    /**
     * @return the events of the caches named, in the order they were committed.
     */
    private List<RecordedEvent> stop(final Recording recording, final String... caches) throws IOException
    {
        recording.stop();
        final Path file = Files.createTempFile(dir, "events", ".jfr");
        recording.dump(file);
        final List<String> names = List.of(caches);
        final List<RecordedEvent> events = new ArrayList<>();
        for (final RecordedEvent event : RecordingFile.readAllEvents(file))
        {
            if (event.getEventType().getName().startsWith("dev.slabcache.") &&
                names.contains(event.getString("cache")))
            {
                events.add(event);
            }
        }
        events.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
        return events;
    }

    private static void assertCalledFrom(final String testMethod, final List<RecordedEvent> events)
    {
        for (final RecordedEvent event : events)
        {
            final String caller = event.getString("caller");
            assertTrue(caller.startsWith(CacheEventsTest.class.getName() + "." + testMethod + "(CacheEventsTest.java:"),
                event.getEventType().getName() + " caller=" + caller);
        }
    }

    private static List<String> names(final List<RecordedEvent> events)
    {
        return events.stream().map((e) -> e.getEventType().getName()).collect(Collectors.toList());
    }

    /**
     * Never has memory to give.
     */
    private static final class RefusingProvider implements SlabProvider
    {
        @Override
        public org.agrona.concurrent.AtomicBuffer allocate(final int capacity, final int alignment)
        {
            throw new IllegalStateException("no memory today");
        }

        @Override
        public void release(final org.agrona.concurrent.AtomicBuffer buffer)
        {
            throw new IllegalStateException("never handed out a buffer");
        }
    }
}
