/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The cache's JDK Flight Recorder events, recorded in code: a recording of every {@code dev.slabcache} event is
 * started, a cache grows to several slabs and gives them back, and the events read back from the recording file are
 * counted by name. The same events appear in a recording started with {@code -XX:StartFlightRecording} or
 * {@code jcmd <pid> JFR.start} (then {@code jfr print --categories slabcache FILE}). Run it with:
 * <pre>
 *   java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp slab-examples/target/slab-examples.jar \
 *       dev.slabcache.examples.FlightRecorderExample
 * </pre>
 */
public final class FlightRecorderExample
{
    static final int SLABS = 4;
    private static final int SLOT_SIZE = 64;
    private static final int SLAB_SIZE = 4096;
    private static final String[] EVENTS =
        {"SlabGrown", "SlabReleased", "SlabAttached", "SlabDetached", "AllocationFailed"};

    private FlightRecorderExample()
    {
    }

    /**
     * Records, runs the cache, and prints the events found in the recording.
     *
     * @param args ignored.
     * @throws Exception when the recording cannot be written or read.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path file = Files.createTempFile("slabcache-", ".jfr");
        try (Recording recording = new Recording())
        {
            for (final String event : EVENTS)
            {
                recording.enable("dev.slabcache." + event);
            }
            recording.start();

            try (SlabCache records = SlabCache.builder()
                .name("records")
                .slotSize(SLOT_SIZE)
                .slabSize(SLAB_SIZE)
                .threadSafety(ThreadSafety.SINGLE_OWNER)
                .maxSlabs(SLABS)
                .retainEmptySlabs(0)
                .build())
            {
                final int count = SLABS * SLAB_SIZE / SLOT_SIZE;
                final long[] handles = new long[count];
                for (int i = 0; i < count; i++)
                {
                    handles[i] = records.allocate();
                }
                System.out.println("Filled " + SLABS + " slabs; one allocation more: " +
                    (SlabCache.NULL_HANDLE == records.tryAllocate() ? "NULL_HANDLE" : "a slot"));
                for (final long handle : handles)
                {
                    records.free(handle);
                }
            }
            recording.stop();
            recording.dump(file);
        }

        final Map<String, Integer> counts = new TreeMap<>();
        for (final RecordedEvent event : RecordingFile.readAllEvents(file))
        {
            if ("records".equals(event.getString("cache")))
            {
                counts.merge(event.getEventType().getName(), 1, Integer::sum);
            }
        }
        Files.delete(file);
        System.out.println("Events of cache 'records' in the recording: " + counts);
    }
}
