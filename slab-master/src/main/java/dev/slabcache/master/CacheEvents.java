/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.security.CodeSource;
import java.util.Objects;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * The JDK Flight Recorder events of the slab arena, and where they are committed: a slab grown, released,
 * attached or detached, and an allocation that found no slot. Each is made and committed only on a slow path
 * (under the lock, beside a provider call or a failure), never on an allocate or a free that finds a slot, and
 * only when a recording enables it; also a page moved between the classes of a {@link SizeClassCache}. The
 * periodic statistics event lives in {@link CacheStatisticsEvent}.
 * <p>
 * Until the recorder is initialized (a recording started, by {@code -XX:StartFlightRecording}, {@code jcmd} or in
 * code) nothing here loads an event class, since the first load of one initializes much of the recorder; hence each
 * event is made in a static method of its own class, called only once {@link FlightRecorder#isInitialized()}.
 * <p>
 * The pairs follow who owns the memory: {@code SlabGrown} and {@code SlabReleased} for the provider's slabs,
 * {@code SlabAttached} and {@code SlabDetached} for callers' buffers, whatever made the slab leave (a detach, a
 * trim, a drain that ended, a page move or the close).
 * <p>
 * Every event here is committed in the thread that called the cache, and carries its stack trace, but that stack
 * starts with seven to eleven frames of the library (the commit sits below the public call, its thread path and the
 * arena), and {@code jfr print} shows five frames unless given {@code --stack-depth}, which leaves the caller out
 * of its output. Hence the {@code caller} field: the first frame outside the library, found only for an event that is
 * committed.
 */
final class CacheEvents
{
    static final String CATEGORY = "slabcache";

    private static final String CALLER = "The first frame outside slabcache: the code that called the cache";

    private CacheEvents()
    {
    }

    /**
     * After a slab went on the books: {@code SlabGrown} or {@code SlabAttached}.
     */
    static void slabAdded(final SlabArena pool, final SlabRecord slab)
    {
        if (FlightRecorder.isInitialized())
        {
            if (slab.callerOwned)
            {
                SlabEvent.emit(new SlabAttached(), pool, slab);
            }
            else
            {
                SlabEvent.emit(new SlabGrown(), pool, slab);
            }
        }
    }

    /**
     * After a slab left the books: {@code SlabReleased} or {@code SlabDetached}.
     */
    static void slabRemoved(final SlabArena pool, final SlabRecord slab)
    {
        if (FlightRecorder.isInitialized())
        {
            if (slab.callerOwned)
            {
                SlabEvent.emit(new SlabDetached(), pool, slab);
            }
            else
            {
                SlabEvent.emit(new SlabReleased(), pool, slab);
            }
        }
    }

    /**
     * After an allocation found no slot and counted a failure; under the lock.
     */
    static void allocationFailed(final SlabArena pool)
    {
        if (FlightRecorder.isInitialized())
        {
            AllocationFailed.emit(pool);
        }
    }

    /**
     * As a page move begins.
     *
     * @return what {@link #pageMoved} needs to time the move, or null when the recorder is not running.
     */
    static Object pageMoveBegun()
    {
        return FlightRecorder.isInitialized() ? PageMoved.begun() : null;
    }

    /**
     * After a page move ended; a move that found no page is not an event.
     *
     * @param begun what {@link #pageMoveBegun()} returned.
     */
    static void pageMoved(
        final Object begun,
        final String cache,
        final int fromSlotSize,
        final int toSlotSize,
        final long slotsEvicted,
        final PageMove result)
    {
        if (null != begun && PageMove.NO_PAGE != result)
        {
            PageMoved.ended(begun, cache, fromSlotSize, toSlotSize, slotsEvicted, result);
        }
    }

    /**
     * The first frame of the calling thread's stack that is not the library's: in the library's module when it is
     * on the module path, else in its jar (or classes directory). Its own class, so that a JVM that records nothing
     * never loads it.
     */
    static final class Caller
    {
        private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
        private static final Module LIBRARY_MODULE = CacheEvents.class.getModule();
        private static final String LIBRARY_LOCATION = location(CacheEvents.class);

        private Caller()
        {
        }

        /**
         * @return the frame as {@code class.method(File.java:line)}, or {@code "unknown"} when every frame is the
         * library's.
         */
        static String find()
        {
            return STACK.walk((frames) -> frames
                .filter((frame) -> !isLibrary(frame.getDeclaringClass()))
                .findFirst()
                .map((frame) -> frame.getClassName() + '.' + frame.getMethodName() + '(' + frame.getFileName() + ':' +
                    frame.getLineNumber() + ')')
                .orElse("unknown"));
        }

        private static boolean isLibrary(final Class<?> type)
        {
            return LIBRARY_MODULE.isNamed() ?
                LIBRARY_MODULE == type.getModule() : Objects.equals(LIBRARY_LOCATION, location(type));
        }

        private static String location(final Class<?> type)
        {
            final CodeSource source = type.getProtectionDomain().getCodeSource();
            return null == source || null == source.getLocation() ? null : source.getLocation().toString();
        }
    }

    /**
     * What the four slab events carry.
     */
    abstract static class SlabEvent extends Event
    {
        @Label("Cache")
        String cache;

        @Label("SlabRecord Id")
        @Description("The slab's id in its cache, as SlabRecord.id() gives it")
        long slabId;

        @Label("Bytes")
        @DataAmount(DataAmount.BYTES)
        long bytes;

        @Label("Slots")
        int slots;

        @Label("Slot Size")
        @DataAmount(DataAmount.BYTES)
        int slotSize;

        @Label("Caller")
        @Description(CALLER)
        String caller;

        static void emit(final SlabEvent event, final SlabArena pool, final SlabRecord slab)
        {
            if (event.shouldCommit())
            {
                event.fill(pool, slab);
                event.commit();
            }
        }

        private void fill(final SlabArena pool, final SlabRecord slab)
        {
            cache = pool.name;
            slabId = slab.id;
            bytes = slab.regionEnd - slab.regionStart;
            slots = slab.capacity;
            slotSize = pool.slotSize;
            caller = Caller.find();
        }
    }

    /**
     * {@code dev.slabcache.SlabGrown}.
     */
    @Name("dev.slabcache.SlabGrown")
    @Label("SlabRecord Grown")
    @Category(CATEGORY)
    @Description("A cache took a new slab from its provider")
    static final class SlabGrown extends SlabEvent
    {
    }

    /**
     * {@code dev.slabcache.SlabReleased}.
     */
    @Name("dev.slabcache.SlabReleased")
    @Label("SlabRecord Released")
    @Category(CATEGORY)
    @Description("A cache gave a provider slab back to its provider")
    static final class SlabReleased extends SlabEvent
    {
    }

    /**
     * {@code dev.slabcache.SlabAttached}.
     */
    @Name("dev.slabcache.SlabAttached")
    @Label("SlabRecord Attached")
    @Category(CATEGORY)
    @Description("A caller's buffer was attached to a cache as a slab")
    static final class SlabAttached extends SlabEvent
    {
    }

    /**
     * {@code dev.slabcache.SlabDetached}.
     */
    @Name("dev.slabcache.SlabDetached")
    @Label("SlabRecord Detached")
    @Category(CATEGORY)
    @Description("A cache forgot a caller's buffer: detached, drained, or the cache closed")
    static final class SlabDetached extends SlabEvent
    {
    }

    /**
     * {@code dev.slabcache.AllocationFailed}.
     */
    @Name("dev.slabcache.AllocationFailed")
    @Label("Allocation Failed")
    @Category(CATEGORY)
    @Description("An allocation found no free slot and the cache could not grow; a SizeClassCache may trim its " +
        "classes and try once more")
    static final class AllocationFailed extends Event
    {
        @Label("Cache")
        String cache;

        @Label("Slot Size")
        @DataAmount(DataAmount.BYTES)
        int slotSize;

        @Label("Provider Slabs")
        int providerSlabs;

        @Label("Caller Slabs")
        int callerSlabs;

        @Label("Cause")
        @Description("Why the last grow failed; empty when a limit (maxSlabs, the page pool) stopped it")
        String cause;

        @Label("Caller")
        @Description(CALLER)
        String caller;

        static void emit(final SlabArena pool)
        {
            final AllocationFailed event = new AllocationFailed();
            if (event.shouldCommit())
            {
                event.cache = pool.name;
                event.slotSize = pool.slotSize;
                event.providerSlabs = pool.counters.providerSlabs;
                event.callerSlabs = pool.counters.callerSlabs;
                final Throwable cause = pool.counters.growFailure();
                event.cause = null != cause ? cause.toString() : null;
                event.caller = Caller.find();
                event.commit();
            }
        }
    }

    /**
     * {@code dev.slabcache.PageMoved}.
     */
    @Name("dev.slabcache.PageMoved")
    @Label("Page Moved")
    @Category(CATEGORY)
    @Description("A SizeClassCache took a page from one class for another; the duration is the whole move, " +
        "the visits of its live slots included")
    static final class PageMoved extends Event
    {
        @Label("Cache")
        String cache;

        @Label("From Slot Size")
        @DataAmount(DataAmount.BYTES)
        int fromSlotSize;

        @Label("To Slot Size")
        @DataAmount(DataAmount.BYTES)
        int toSlotSize;

        @Label("Slots Evicted")
        @Description("Live slots taken from their holders and shown to the visitor")
        long slotsEvicted;

        @Label("Result")
        @Description("MOVED, RELEASED or PENDING, as PageMove names them")
        String result;

        @Label("Caller")
        @Description(CALLER)
        String caller;

        static Object begun()
        {
            final PageMoved event = new PageMoved();
            event.begin();
            return event;
        }

        static void ended(
            final Object begun,
            final String cache,
            final int fromSlotSize,
            final int toSlotSize,
            final long slotsEvicted,
            final PageMove result)
        {
            final PageMoved event = (PageMoved)begun;
            event.end();
            if (event.shouldCommit())
            {
                event.cache = cache;
                event.fromSlotSize = fromSlotSize;
                event.toSlotSize = toSlotSize;
                event.slotsEvicted = slotsEvicted;
                event.result = result.name();
                event.caller = Caller.find();
                event.commit();
            }
        }
    }
}
