/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import dev.slabcache.core.InvalidHandleException;
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
        return new SlabCacheUnderTest(cache);
    }

    /**
     * @param cache to adapt; its allocations are of {@link SmallSizeClasses#SMALL} bytes.
     * @return the cache seen through the handle contract.
     */
    static CacheUnderTest of(final SizeClassCache cache)
    {
        return new SizeClassCacheUnderTest(cache);
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
}
