/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs each example's {@code main} in this JVM with {@link System#out} captured, so that an example that
 * breaks, or stops printing what its reader is told to look for, fails the build.
 */
class ExamplesTest
{
    private static final String DELETED_PREFIX = "Deleted the temporary file ";

    @TempDir
    Path tempDir;

    @Test
    void shouldRunQuickStartToTheEnd() throws Exception
    {
        final String output = run(() -> QuickStart.main(new String[0]));

        assertContains(output, "1. A bare SlotSegment: 64 bytes cut into 4 slots of 16 bytes, state FREE.");
        assertContains(output, "500 users logged in: the cache grew to 4 slabs.");
        assertContains(output, "SessionRecord{sessionId=1000, userId=42,");
        assertContains(output, "SlabCache 'sessions' slotSize=" + SessionRecord.SIZE);
        assertContains(output, "slots in use 203 of 256");
        assertContains(output, "Every session logged out: 0 slots in use.");
    }

    @Test
    void shouldPrintTheSameQuickStartOnEveryRun() throws Exception
    {
        final String first = run(() -> QuickStart.main(new String[0]));
        final String second = run(() -> QuickStart.main(new String[0]));

        assertEquals(first, second);
    }

    @Test
    void shouldKeepTradesInTheMappedFileGivenAcrossDetachAndRemap() throws Exception
    {
        final Path file = tempDir.resolve("trades.dat");

        final String output = run(() -> MappedFileExample.main(new String[]{ file.toString() }));

        assertContains(output, "tryAllocate() gave NULL_HANDLE");
        assertContains(output, "(future done: true, slab attached: false).");
        assertContains(output, "The cache holds 0 slabs and no reference to the file.");
        assertContains(output, "All 8 trades survived the detach, unmap and re-map.");
        assertContains(output, "Kept the file " + file);
        assertEquals(MappedFileExample.FILE_LENGTH, Files.size(file));
    }

    @Test
    void shouldDeleteItsTemporaryFileWhenGivenNoPath() throws Exception
    {
        final String output = run(() -> MappedFileExample.main(new String[0]));

        assertContains(output, "All 8 trades survived the detach, unmap and re-map.");
        assertTemporaryFileDeleted(output);
    }

    @Test
    void shouldMoveASessionPageToTheDocumentsOfTheMappedFile() throws Exception
    {
        final String output = run(() -> SizeClassExample.main(new String[0]));

        assertContains(output, "a new document gets NULL_HANDLE");
        assertContains(output, "movePage(0, 18) = MOVED: visited 682 live sessions, evicted 674, copied 8 admin");
        assertContains(output, "class 18 (4224 B): pages 3, slots 31 of 45");
        assertContains(output, "is rejected: InvalidHandleException: handle ");
        assertContains(output, ": 0 slots in use.");
        assertContains(output, "Closed the cache: the pool has 0 of 16 pages in use.");
        assertTemporaryFileDeleted(output);
    }

    @Test
    void shouldShowTheSameFiguresThroughStatsMicrometerAndJmx() throws Exception
    {
        final String output = run(() -> MetricsExample.main(new String[0]));

        assertContains(output, "100 orders placed, 40 filled.");
        assertContains(output, "stats():    slots in use 60, slabs 2, bytes in use 3840, allocations 100");
        assertContains(output, "Micrometer: slabcache.slots.used 60.0, slabcache.slabs{state=partial} 2.0, " +
            "slabcache.bytes.used 3840.0, slabcache.allocations 100.0");
        assertContains(output, "SlotsInUse 60, Slabs 2, BytesInUse 3840, Allocations 100");
        assertContains(output, "Every order filled: Releases 1 (");
        assertContains(output, "the MBean's trim() gave back 1 more: Releases 2");
        assertContains(output, "Closed: MBean registered false, slabcache.slots.used NaN");
    }

    @Test
    void shouldCountTheSlabEventsInTheFlightRecording() throws Exception
    {
        final String output = run(() -> FlightRecorderExample.main(new String[0]));

        assertContains(output, "Filled 4 slabs; one allocation more: NULL_HANDLE");
        assertContains(output, "Events of cache 'records' in the recording: {dev.slabcache.AllocationFailed=1, " +
            "dev.slabcache.SlabGrown=4, dev.slabcache.SlabReleased=4}");
    }

    @Test
    void shouldCatchTheWriteAfterFreeAndListTheLeaks() throws Exception
    {
        final String output = run(() -> DebugModeExample.main(new String[0]));

        assertContains(output, "The next allocation of that slot throws WriteAfterFreeException:");
        assertContains(output, "quarantinedSlots() = 1; the allocation after it takes another slot: true");
        assertContains(output, "  live 1, allocated at dev.slabcache.examples.DebugModeExample.showWriteAfterFree(");
        assertContains(output, "  live 3, allocated at dev.slabcache.examples.DebugModeExample.allocateAndForget(");
    }

    @Test
    void shouldShareOneCacheAmongThreadsWithNoSlotHeldTwice() throws Exception
    {
        final String output = run(() -> ManyThreadsExample.main(new String[0]));
        final long total = (long)ManyThreadsExample.THREADS * ManyThreadsExample.ROUNDS * ManyThreadsExample.BATCH;

        assertContains(output, "4 threads, 1000 rounds of 64 slots each: " + total + " allocations, " + total +
            " frees, " + total / 2 + " of them by a thread that did not allocate the slot.");
        assertContains(output, "Slots seen with another holder's cookie: 0.");
        assertContains(output, "Slots in use at the end: 0;");
    }

    @Test
    void shouldFindEveryOrderTheFirstRunLeftInTheMappedFile() throws Exception
    {
        final String output = run(() -> RestartExample.main(new String[0]));

        assertContains(output, "Live orders: [1001, 1002, 1003, 1004, 1005, 1006]; pages in use 3.");
        assertContains(output, "found order 1002 (\"express\") at byte 16384 of the file");
        assertContains(output, "Reopened the cache from its layout: 6 orders");
        assertContains(output, "Live orders: [1002, 1003, 1004, 1005, 1006, 1007]; pages in use 3.");
        final int start = output.indexOf("Deleted the temporary directory ");
        assertTrue(start >= 0, output);
        assertFalse(new File(output.substring(start + "Deleted the temporary directory ".length()).strip()).exists());
    }

    @Test
    void shouldReopenOnEveryRunAndStartEmptyWhenTheLayoutIsGone() throws Exception
    {
        final String[] args = {tempDir.toString()};
        run(() -> RestartExample.main(args));
        run(() -> RestartExample.main(args));
        final String third = run(() -> RestartExample.main(args));
        assertContains(third, "Live orders: [1003, 1004, 1005, 1006, 1007, 1008]; pages in use 3.");

        // A process that stops without closing its cache leaves the layout zeroed, as a cache zeros it on opening.
        Files.write(tempDir.resolve("orders.layout"), new byte[(int)Files.size(tempDir.resolve("orders.layout"))]);
        final String afterCrash = run(() -> RestartExample.main(args));
        assertContains(afterCrash, "Could not reopen, starting empty: layout refused, nothing attached: its magic is 0");
        assertContains(afterCrash, "Live orders: [1001, 1002, 1003, 1004, 1005, 1006]; pages in use 3.");
    }

    private static void assertTemporaryFileDeleted(final String output)
    {
        final int start = output.indexOf(DELETED_PREFIX);
        assertTrue(start >= 0, output);
        final String path = output.substring(start + DELETED_PREFIX.length()).strip();
        assertFalse(new File(path).exists(), path);
    }

    private static void assertContains(final String output, final String expected)
    {
        assertTrue(output.contains(expected), () -> "expected \"" + expected + "\" in:\n" + output);
    }

    private static String run(final Program program) throws Exception
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            program.run();
        }
        finally
        {
            System.setOut(original);
        }

        return captured.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Program
    {
        void run() throws Exception;
    }
}
