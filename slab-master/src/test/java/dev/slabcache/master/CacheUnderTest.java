/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlotHandle;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.provider.Arguments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A {@link SlabCache} or a {@link SizeClassCache} seen through the calls of the handle contract both keep, so that
 * one test of the contract runs on both.
 */
interface CacheUnderTest extends AutoCloseable
{
    /**
     * @param cache to adapt.
     * @return the cache seen through the handle contract.
     */
    static CacheUnderTest of(final SlabCache cache)
    {
        return new OfSlabCache(cache);
    }

    /**
     * @param cache to adapt; its allocations are of {@link SmallSizeClasses#SMALL} bytes.
     * @return the cache seen through the handle contract.
     */
    static CacheUnderTest of(final SizeClassCache cache)
    {
        return new OfSizeClassCache(cache);
    }

    /**
     * Checks that a call with a bad handle throws and changes nothing: the cache's state, and the bytes of a live
     * slot filled with {@code liveByte}.
     *
     * @return what the call threw.
     */
    static InvalidHandleException assertRejectedChangingNothing(
        final CacheUnderTest cache, final HandleCall call, final long bad, final long live, final byte liveByte)
    {
        final Object before = cache.state();

        final InvalidHandleException rejected = assertThrows(
            InvalidHandleException.class,
            () -> cache.apply(call, bad),
            () -> call + " accepted " + SlotHandle.describe(bad));

        assertEquals(before, cache.state(), () -> call + " of " + SlotHandle.describe(bad) + " changed");
        assertFilled(cache, live, liveByte);
        return rejected;
    }

    /**
     * Fills the bytes a test may use in a live slot with one value.
     */
    static void fill(final CacheUnderTest cache, final long handle, final byte value)
    {
        cache.buffer(handle).setMemory(cache.offset(handle), cache.slotLength(), value);
    }

    /**
     * Checks that the bytes a test may use in a live slot all hold one value.
     */
    static void assertFilled(final CacheUnderTest cache, final long handle, final byte value)
    {
        SmallSizeClasses.assertFilled(cache.buffer(handle), cache.offset(handle), cache.slotLength(), value);
    }

    /**
     * @return the cache's name.
     */
    String name();

    /**
     * @return how many slots a slab (a page) of the slot size this adapter allocates holds.
     */
    int slotsPerSlab();

    /**
     * @return the bytes of a slot this adapter allocates, all of which a test may write.
     */
    int slotLength();

    /**
     * @return a handle of a slot of {@link #slotLength()} bytes.
     */
    long allocate();

    /**
     * @param handle of a live slot.
     */
    void free(long handle);

    /**
     * @param handle of a live slot.
     * @return the buffer holding the slot.
     */
    AtomicBuffer buffer(long handle);

    /**
     * @param handle of a live slot.
     * @return the slot's offset in its buffer.
     */
    int offset(long handle);

    /**
     * @param record to aim.
     * @param handle of a live slot.
     * @return the record, aimed at the slot.
     */
    SmallCaches.LongRecord wrap(SmallCaches.LongRecord record, long handle);

    /**
     * @return what a test compares before and after a call that must change nothing.
     */
    Object state();

    /**
     * @param call to make.
     * @param handle to make it with.
     */
    void apply(HandleCall call, long handle);

    /**
     * Binds a call to this cache and a live handle while the cache is open, to be made once it is closed.
     *
     * @param call to bind.
     * @param handle live now.
     * @return the call, ready to make.
     */
    Executable bind(CacheCall call, long handle);

    /**
     * @param mode thread safety of the new cache.
     * @return a new open cache of the same kind, sharing what caches of that kind may share (a page pool).
     */
    CacheUnderTest sibling(ThreadSafety mode);

    /**
     * Closes the cache.
     */
    void close();

    /**
     * The two kinds of cache, with the calls each takes.
     */
    enum Kind
    {
        SLAB_CACHE(
            EnumSet.of(HandleCall.FREE, HandleCall.BUFFER, HandleCall.OFFSET, HandleCall.FLYWEIGHT_WRAP,
                HandleCall.SLAB_OF),
            EnumSet.complementOf(
                EnumSet.of(CacheCall.ALLOCATE_IN_A_CLASS_WITH_NO_PAGE, CacheCall.SLOT_SIZE, CacheCall.MOVE_PAGE)))
        {
            CacheUnderTest open(final ThreadSafety mode)
            {
                return of(SmallCaches.build(mode));
            }
        },
        SIZE_CLASS_CACHE(
            EnumSet.of(HandleCall.FREE, HandleCall.BUFFER, HandleCall.OFFSET, HandleCall.FLYWEIGHT_WRAP,
                HandleCall.SLOT_SIZE),
            EnumSet.complementOf(EnumSet.of(CacheCall.SLAB_OF, CacheCall.ATTACH, CacheCall.ATTACH_REGION,
                CacheCall.DETACH, CacheCall.DETACH_WHEN_EMPTY, CacheCall.SLAB_INFO)))
        {
            CacheUnderTest open(final ThreadSafety mode)
            {
                return of(SmallSizeClasses.smallCache(mode, PagePool.direct(SmallSizeClasses.PAGE,
                    4L * SmallSizeClasses.PAGE)));
            }
        };

        private final Set<HandleCall> handleCalls;
        private final Set<CacheCall> cacheCalls;

        Kind(final Set<HandleCall> handleCalls, final Set<CacheCall> cacheCalls)
        {
            this.handleCalls = handleCalls;
            this.cacheCalls = cacheCalls;
        }

        /**
         * @param mode thread safety of the new cache.
         * @return a new open cache of this kind.
         */
        abstract CacheUnderTest open(ThreadSafety mode);

        /**
         * @return the calls that take a handle and must reject the same bad ones.
         */
        Set<HandleCall> handleCalls()
        {
            return handleCalls;
        }

        /**
         * @return the calls a closed cache must refuse.
         */
        Set<CacheCall> cacheCalls()
        {
            return cacheCalls;
        }

        /**
         * @return every thread-safety mode paired with every call of {@link #handleCalls()}.
         */
        Stream<Arguments> everyModeAndHandleCall()
        {
            return Stream.of(ThreadSafety.values())
                .flatMap((mode) -> handleCalls.stream().map((call) -> Arguments.of(mode, call)));
        }

        /**
         * @return every thread-safety mode paired with every call of {@link #cacheCalls()}.
         */
        Stream<Arguments> everyModeAndCacheCall()
        {
            return Stream.of(ThreadSafety.values())
                .flatMap((mode) -> cacheCalls.stream().map((call) -> Arguments.of(mode, call)));
        }

        /**
         * @return the kind that is not this one.
         */
        Kind other()
        {
            return SLAB_CACHE == this ? SIZE_CLASS_CACHE : SLAB_CACHE;
        }
    }

    /**
     * The calls that take a handle and must reject the same bad ones; {@link Kind#handleCalls()} says which kind
     * takes which.
     */
    enum HandleCall
    {
        FREE, BUFFER, OFFSET, FLYWEIGHT_WRAP, SLAB_OF, SLOT_SIZE
    }

    /**
     * Every call a closed cache must refuse; {@link Kind#cacheCalls()} says which kind takes which.
     */
    enum CacheCall
    {
        ALLOCATE, TRY_ALLOCATE, ALLOCATE_IN_A_CLASS_WITH_NO_PAGE, FREE, BUFFER, OFFSET, FLYWEIGHT_WRAP, SLAB_OF,
        SLOT_SIZE, ATTACH, ATTACH_REGION, DETACH, DETACH_WHEN_EMPTY, TRIM, STATS, SLAB_INFO, MOVE_PAGE
    }

    /**
     * A slab cache of {@link SmallCaches}' sizes.
     */
    final class OfSlabCache implements CacheUnderTest
    {
        private final SlabCache cache;

        OfSlabCache(final SlabCache cache)
        {
            this.cache = cache;
        }

        @Override
        public String name()
        {
            return cache.name();
        }

        @Override
        public int slotsPerSlab()
        {
            return SmallCaches.SLOTS_PER_SLAB;
        }

        @Override
        public int slotLength()
        {
            return cache.slotSize();
        }

        @Override
        public long allocate()
        {
            return cache.allocate();
        }

        @Override
        public void free(final long handle)
        {
            cache.free(handle);
        }

        @Override
        public AtomicBuffer buffer(final long handle)
        {
            return cache.buffer(handle);
        }

        @Override
        public int offset(final long handle)
        {
            return cache.offset(handle);
        }

        @Override
        public SmallCaches.LongRecord wrap(final SmallCaches.LongRecord record, final long handle)
        {
            return record.wrap(cache, handle);
        }

        @Override
        public Object state()
        {
            return SmallCaches.state(cache);
        }

        @Override
        public void apply(final HandleCall call, final long handle)
        {
            switch (call)
            {
                case FREE -> cache.free(handle);
                case BUFFER -> cache.buffer(handle);
                case OFFSET -> cache.offset(handle);
                case FLYWEIGHT_WRAP -> wrap(new SmallCaches.LongRecord(), handle);
                case SLAB_OF -> cache.slabOf(handle);
                default -> throw new IllegalArgumentException(call + " is not a call of a slab cache");
            }
        }

        @Override
        public Executable bind(final CacheCall call, final long handle)
        {
            final Slab slab = cache.slabOf(handle);
            return switch (call)
            {
                case ALLOCATE -> cache::allocate;
                case TRY_ALLOCATE, ALLOCATE_IN_A_CLASS_WITH_NO_PAGE -> cache::tryAllocate;
                case FREE -> () -> cache.free(handle);
                case BUFFER -> () -> cache.buffer(handle);
                case OFFSET -> () -> cache.offset(handle);
                case FLYWEIGHT_WRAP -> () -> new SmallCaches.LongRecord().wrap(cache, handle);
                case SLAB_OF -> () -> cache.slabOf(handle);
                case ATTACH -> () -> cache.attach(SmallCaches.heapBuffer(SmallCaches.SLAB_SIZE));
                case ATTACH_REGION -> () -> cache.attach(
                    SmallCaches.heapBuffer(2 * SmallCaches.SLAB_SIZE), SmallCaches.SLAB_SIZE, SmallCaches.SLAB_SIZE);
                case DETACH -> () -> cache.detach(slab);
                case DETACH_WHEN_EMPTY -> () -> cache.detachWhenEmpty(slab);
                case TRIM -> cache::trim;
                case STATS -> cache::stats;
                case SLAB_INFO -> cache::slabInfo;
                default -> throw new IllegalArgumentException(call + " is not a call of a slab cache");
            };
        }

        @Override
        public CacheUnderTest sibling(final ThreadSafety mode)
        {
            return of(SmallCaches.build(mode));
        }

        @Override
        public void close()
        {
            cache.close();
        }
    }

    /**
     * A size-class cache of {@link SmallSizeClasses}' classes, allocating slots of the smallest class.
     */
    final class OfSizeClassCache implements CacheUnderTest
    {
        private final SizeClassCache cache;

        OfSizeClassCache(final SizeClassCache cache)
        {
            this.cache = cache;
        }

        @Override
        public String name()
        {
            return cache.name();
        }

        @Override
        public int slotsPerSlab()
        {
            return SmallSizeClasses.SMALL_PER_PAGE;
        }

        @Override
        public int slotLength()
        {
            return SmallSizeClasses.SMALL;
        }

        @Override
        public long allocate()
        {
            return cache.allocate(SmallSizeClasses.SMALL);
        }

        @Override
        public void free(final long handle)
        {
            cache.free(handle);
        }

        @Override
        public AtomicBuffer buffer(final long handle)
        {
            return cache.buffer(handle);
        }

        @Override
        public int offset(final long handle)
        {
            return cache.offset(handle);
        }

        @Override
        public SmallCaches.LongRecord wrap(final SmallCaches.LongRecord record, final long handle)
        {
            return record.wrap(cache, handle);
        }

        @Override
        public Object state()
        {
            return cache.stats();
        }

        @Override
        public void apply(final HandleCall call, final long handle)
        {
            switch (call)
            {
                case FREE -> cache.free(handle);
                case BUFFER -> cache.buffer(handle);
                case OFFSET -> cache.offset(handle);
                case FLYWEIGHT_WRAP -> wrap(new SmallCaches.LongRecord(), handle);
                case SLOT_SIZE -> cache.slotSize(handle);
                default -> throw new IllegalArgumentException(call + " is not a call of a size-class cache");
            }
        }

        @Override
        public Executable bind(final CacheCall call, final long handle)
        {
            return switch (call)
            {
                case ALLOCATE -> () -> cache.allocate(SmallSizeClasses.SMALL);
                case TRY_ALLOCATE -> () -> cache.tryAllocate(SmallSizeClasses.SMALL);
                case ALLOCATE_IN_A_CLASS_WITH_NO_PAGE -> () -> cache.tryAllocate(SmallSizeClasses.LARGE);
                case FREE -> () -> cache.free(handle);
                case BUFFER -> () -> cache.buffer(handle);
                case OFFSET -> () -> cache.offset(handle);
                case FLYWEIGHT_WRAP -> () -> new SmallCaches.LongRecord().wrap(cache, handle);
                case SLOT_SIZE -> () -> cache.slotSize(handle);
                case TRIM -> cache::trim;
                case STATS -> cache::stats;
                case MOVE_PAGE -> () -> cache.movePage(0, 1, (slot, buffer, offset) -> { });
                default -> throw new IllegalArgumentException(call + " is not a call of a size-class cache");
            };
        }

        @Override
        public CacheUnderTest sibling(final ThreadSafety mode)
        {
            return of(SmallSizeClasses.smallCache(mode, cache.pagePool()));
        }

        @Override
        public void close()
        {
            cache.close();
        }
    }
}
