/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.slabcache.master.SmallCaches.CacheState;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static dev.slabcache.master.SmallCaches.SLOT_SIZE;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.build;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static dev.slabcache.master.SmallCaches.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attaching callers' buffers of every kind, and the arguments attach rejects, changing nothing.
 */
class SlabCacheAttachTest
{
    private static final long ONE_GIB = 1L << 30;
    // 1 GiB of 64-byte slots is 2^24 slots, the most one slab holds.
    private static final int GIB_SLOT_SIZE = 64;

    @TempDir
    Path tempDir;

    static Stream<Arguments> everyModeAndBufferKind()
    {
        return Stream.of(ThreadSafety.values())
            .flatMap((mode) -> Stream.of(BufferKind.values()).map((kind) -> Arguments.of(mode, kind)));
    }

    @ParameterizedTest
    @MethodSource("everyModeAndBufferKind")
    void shouldServeAllocationsFromAnAttachedBufferOfEveryKind(final ThreadSafety mode, final BufferKind kind)
    {
        final AtomicBuffer buffer = kind.make(tempDir, SLAB_SIZE);
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(buffer);
            assertTrue(slab.isCallerOwned());
            assertTrue(slab.isAttached());
            assertSame(buffer, slab.buffer());
            assertEquals(SLOTS_PER_SLAB, slab.capacity());

            for (final long handle : allocate(cache, SLOTS_PER_SLAB))
            {
                assertSame(slab, cache.slabOf(handle));
                assertSame(buffer, cache.buffer(handle));
                cache.buffer(handle).putLong(cache.offset(handle) + 8, handle);
                assertEquals(handle, buffer.getLong(cache.offset(handle) + 8));
            }
        }
        finally
        {
            kind.dispose(buffer);
        }
    }

    @ParameterizedTest
    @MethodSource("everyModeAndBufferKind")
    void shouldServeAllocationsFromOnlyTheAttachedRegionOfABuffer(final ThreadSafety mode, final BufferKind kind)
    {
        final AtomicBuffer buffer = kind.make(tempDir, 4 * SLAB_SIZE);
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(buffer, SLAB_SIZE, SLAB_SIZE);
            assertEquals(SLOTS_PER_SLAB, slab.capacity());

            for (final long handle : allocate(cache, SLOTS_PER_SLAB))
            {
                final int offset = cache.offset(handle);
                assertTrue(offset >= SLAB_SIZE && offset + SLOT_SIZE <= 2 * SLAB_SIZE, "slot at " + offset);
            }
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
        }
        finally
        {
            kind.dispose(buffer);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAttachDisjointRegionsOfTheSameBuffer(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = heapBuffer(4 * SLAB_SIZE);
        try (SlabCache cache = build(mode))
        {
            cache.attach(buffer, 0, SLAB_SIZE);
            cache.attach(buffer, SLAB_SIZE, SLAB_SIZE);
            cache.attach(buffer, 3 * SLAB_SIZE, SLAB_SIZE);

            assertEquals(3, cache.stats().callerSlabs());
            assertEquals(3L * SLAB_SIZE, cache.stats().callerBytes());
            assertEquals(3L * SLOTS_PER_SLAB, cache.stats().slotCapacity());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeFromAOneGibibyteSparseMappedFileAtOnce(final ThreadSafety mode) throws IOException
    {
        final AtomicBuffer buffer = new UnsafeBuffer(IoUtil.mapExistingFile(sparseFile(ONE_GIB), "slabs"));
        try (SlabCache cache = builder(mode, new RecordingProvider()).slotSize(GIB_SLOT_SIZE).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(buffer);

            assertEquals(ONE_GIB / GIB_SLOT_SIZE, slab.capacity());
            assertEquals(ONE_GIB / GIB_SLOT_SIZE, cache.stats().slotCapacity());
            assertEquals(ONE_GIB, cache.stats().callerBytes());
            final long handle = cache.allocate();
            assertSame(slab, cache.slabOf(handle));
            buffer.putLong(cache.offset(handle), 42);
            assertEquals(42, cache.buffer(handle).getLong(cache.offset(handle)));
        }
        finally
        {
            IoUtil.unmap(buffer.byteBuffer());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLeaveASparseMappedFileSparseWhenAttachingAndAllocatingFromIt(final ThreadSafety mode)
        throws IOException, InterruptedException
    {
        final File file = sparseFile(ONE_GIB);
        final AtomicBuffer buffer = new UnsafeBuffer(IoUtil.mapExistingFile(file, "slabs"));
        try (SlabCache cache = builder(mode, new RecordingProvider()).slotSize(GIB_SLOT_SIZE).maxSlabs(0).build())
        {
            cache.attach(buffer);
            allocate(cache, 1_000);

            final long diskBytes = diskUsageKib(file) * 1024;
            assertTrue(diskBytes < ONE_GIB / 1024, "a 1 GiB sparse file now uses " + diskBytes + " bytes on disk");
        }
        finally
        {
            IoUtil.unmap(buffer.byteBuffer());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectANullBufferChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            assertAttachRejectedChangingNothing(cache, null);
            assertAttachRejectedChangingNothing(cache, null, 0, SLAB_SIZE);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectARegionOutsideTheBufferChangingNothing(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = heapBuffer(SLAB_SIZE);
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            assertAttachRejectedChangingNothing(cache, buffer, -1, SLAB_SIZE);
            assertAttachRejectedChangingNothing(cache, buffer, 0, SLAB_SIZE + 1);
            assertAttachRejectedChangingNothing(cache, buffer, SLAB_SIZE - SLOT_SIZE + 1, SLOT_SIZE);
            assertAttachRejectedChangingNothing(cache, buffer, SLAB_SIZE, SLOT_SIZE);
            assertAttachRejectedChangingNothing(cache, buffer, 0, -1);
            assertAttachRejectedChangingNothing(cache, buffer, Integer.MAX_VALUE, SLOT_SIZE);
            assertAttachRejectedChangingNothing(cache, buffer, SLOT_SIZE, Integer.MAX_VALUE);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectARegionTooSmallForOneSlotChangingNothing(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLAB_SIZE, 64));
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            assertAttachRejectedChangingNothing(cache, new UnsafeBuffer(new byte[SLOT_SIZE - 1]));
            assertAttachRejectedChangingNothing(cache, buffer, 0, SLOT_SIZE - 1);
            assertAttachRejectedChangingNothing(cache, buffer, 0, 0);
            // Aligning the first slot to 8 bytes skips 7, leaving 9 of the 16 a slot needs.
            assertAttachRejectedChangingNothing(cache, buffer, 1, SLOT_SIZE);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectABufferOverAReadOnlyDirectByteBufferChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            assertAttachRejectedChangingNothing(
                cache, new UnsafeBuffer(ByteBuffer.allocateDirect(SLAB_SIZE).asReadOnlyBuffer()));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectABufferOverAReadOnlyHeapByteBufferChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            assertAttachRejectedChangingNothing(
                cache, new UnsafeBuffer(ByteBuffer.allocate(SLAB_SIZE).asReadOnlyBuffer()));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectTheSameRegionTwiceChangingNothing(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = heapBuffer(4 * SLAB_SIZE);
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            cache.attach(buffer, SLAB_SIZE, SLAB_SIZE);
            cache.attach(heapBuffer(SLAB_SIZE));

            assertAttachRejectedChangingNothing(cache, buffer, SLAB_SIZE, SLAB_SIZE);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectTheWholeOfABufferAttachedTwiceChangingNothing(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = heapBuffer(SLAB_SIZE);
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            cache.attach(buffer);

            assertAttachRejectedChangingNothing(cache, buffer);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectARegionOverlappingTheStartOfAnAttachedOneChangingNothing(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = heapBuffer(4 * SLAB_SIZE);
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            cache.attach(buffer, SLAB_SIZE, SLAB_SIZE);

            assertAttachRejectedChangingNothing(cache, buffer, SLAB_SIZE / 2, SLAB_SIZE);
            assertAttachRejectedChangingNothing(cache, buffer, 0, SLAB_SIZE + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectARegionOverlappingTheEndOfAnAttachedOneChangingNothing(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = heapBuffer(4 * SLAB_SIZE);
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            cache.attach(buffer, SLAB_SIZE, SLAB_SIZE);

            assertAttachRejectedChangingNothing(cache, buffer, SLAB_SIZE + SLAB_SIZE / 2, SLAB_SIZE);
            assertAttachRejectedChangingNothing(cache, buffer, 2 * SLAB_SIZE - 1, SLAB_SIZE);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectARegionInsideOrAroundAnAttachedOneChangingNothing(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = heapBuffer(4 * SLAB_SIZE);
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            cache.attach(buffer, SLAB_SIZE, SLAB_SIZE);

            assertAttachRejectedChangingNothing(cache, buffer, SLAB_SIZE + SLOT_SIZE, SLOT_SIZE);
            assertAttachRejectedChangingNothing(cache, buffer, 0, 4 * SLAB_SIZE);
            assertAttachRejectedChangingNothing(cache, buffer);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectAnAttachedHeapArrayReachedThroughAnotherBufferObject(final ThreadSafety mode)
    {
        final byte[] array = new byte[2 * SLAB_SIZE];
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            cache.attach(new UnsafeBuffer(array), 0, SLAB_SIZE);

            assertAttachRejectedChangingNothing(cache, new UnsafeBuffer(array, SLOT_SIZE, SLAB_SIZE));
            assertAttachRejectedChangingNothing(cache, new UnsafeBuffer(ByteBuffer.wrap(array)));
            assertAttachRejectedChangingNothing(cache, new UnsafeBuffer(ByteBuffer.wrap(array, 8, SLAB_SIZE).slice()));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectAnAttachedDirectRegionReachedThroughAnotherBufferObject(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2 * SLAB_SIZE, 64));
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            cache.attach(buffer, SLAB_SIZE, SLAB_SIZE);

            assertAttachRejectedChangingNothing(
                cache, new UnsafeBuffer(buffer.addressOffset() + SLAB_SIZE + SLOT_SIZE, SLOT_SIZE));
            assertAttachRejectedChangingNothing(cache, new UnsafeBuffer(buffer.byteBuffer()));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectAttachingTheMemoryOfAProviderSlabChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = cacheWithSomeState(mode))
        {
            final AtomicBuffer providerMemory = cache.buffer(cache.allocate());

            assertAttachRejectedChangingNothing(cache, providerMemory);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAcceptTheRegionOfADetachedSlabAgain(final ThreadSafety mode)
    {
        final AtomicBuffer buffer = heapBuffer(SLAB_SIZE);
        try (SlabCache cache = build(mode))
        {
            cache.detach(cache.attach(buffer));

            final Slab again = cache.attach(buffer);
            assertTrue(again.isAttached());
            assertEquals(1, cache.stats().callerSlabs());
        }
    }

    private SlabCache cacheWithSomeState(final ThreadSafety mode)
    {
        final SlabCache cache = build(mode);
        allocate(cache, SLOTS_PER_SLAB + 3);
        cache.attach(heapBuffer(2 * SLAB_SIZE), SLAB_SIZE / 2, SLAB_SIZE);
        return cache;
    }

    private File sparseFile(final long length) throws IOException
    {
        final File file = tempDir.resolve("sparse-" + length).toFile();
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.setLength(length);
        }
        return file;
    }

    private static long diskUsageKib(final File file) throws IOException, InterruptedException
    {
        final Process du = new ProcessBuilder("du", "-k", file.getAbsolutePath()).redirectErrorStream(true).start();
        final String output = new String(du.getInputStream().readAllBytes()).trim();
        assertEquals(0, du.waitFor(), output);
        return Long.parseLong(output.split("\\s+")[0]);
    }

    private static void assertAttachRejectedChangingNothing(final SlabCache cache, final AtomicBuffer buffer)
    {
        final CacheState before = state(cache);
        assertThrows(IllegalArgumentException.class, () -> cache.attach(buffer), () -> "attached " + buffer);
        assertEquals(before, state(cache));
    }

    private static void assertAttachRejectedChangingNothing(
        final SlabCache cache, final AtomicBuffer buffer, final int offset, final int length)
    {
        final CacheState before = state(cache);
        assertThrows(
            IllegalArgumentException.class,
            () -> cache.attach(buffer, offset, length),
            () -> "attached offset=" + offset + " length=" + length + " of " + buffer);
        assertEquals(before, state(cache));
    }

    /**
     * The kinds of memory a caller may own and attach.
     */
    enum BufferKind
    {
        DIRECT_ALIGNED
        {
            @Override
            AtomicBuffer make(final Path dir, final int length)
            {
                return new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 64));
            }
        },
        HEAP_ARRAY
        {
            @Override
            AtomicBuffer make(final Path dir, final int length)
            {
                return new UnsafeBuffer(new byte[length]);
            }
        },
        DIRECT_BYTE_BUFFER
        {
            @Override
            AtomicBuffer make(final Path dir, final int length)
            {
                return new UnsafeBuffer(ByteBuffer.allocateDirect(length));
            }
        },
        HEAP_BYTE_BUFFER
        {
            @Override
            AtomicBuffer make(final Path dir, final int length)
            {
                return new UnsafeBuffer(ByteBuffer.allocate(length));
            }
        },
        MAPPED_FILE
        {
            @Override
            AtomicBuffer make(final Path dir, final int length)
            {
                final File file = dir.resolve("mapped-" + FILES.incrementAndGet()).toFile();
                return new UnsafeBuffer(IoUtil.mapNewFile(file, length));
            }

            @Override
            void dispose(final AtomicBuffer buffer)
            {
                IoUtil.unmap(buffer.byteBuffer());
            }
        };

        private static final AtomicInteger FILES = new AtomicInteger();

        abstract AtomicBuffer make(Path dir, int length);

        void dispose(final AtomicBuffer buffer)
        {
        }
    }
}
