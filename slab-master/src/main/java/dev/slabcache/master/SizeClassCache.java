/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlotHandle;
import dev.slabcache.core.SlotSegment;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Slots of many sizes: one {@link SlabCache} per size class over one shared {@link PagePool}, built by
 * {@link #builder()}. As in memcached, class sizes grow by a factor from the smallest to the largest, each a
 * multiple of {@value #CLASS_ALIGNMENT} but the largest, which is {@code maxSlotSize} as given (its slots are still
 * {@value #CLASS_ALIGNMENT}-aligned); every class's slabs are pages of the pool, and a page a class gives back is
 * the next page any class grows into.
 * <p>
 * {@link #allocate(int)} takes a slot of the smallest class that fits, found in a table in O(1). Each class keeps at
 * most one empty page, so that a class whose live count hovers near a page's worth does not take and give back a
 * page on every allocation; when a class has no free slot and the pool no free page, the allocation
 * {@link #trim()}s every class, so that empty pages and pages only magazines held go back to the pool, and tries
 * once more if that gave any back.
 * <p>
 * A handle is a {@link SlabCache} handle of its class; {@link #free(long)}, {@link #buffer(long)},
 * {@link #offset(long)} and {@link #slotSize(long)} take any class's handle and check it as {@link SlabCache}
 * does: all classes share one slab table, so one lookup finds the slab, and the slab its class.
 * <p>
 * {@link #movePage(int, int, SlotVisitor)} takes a page from one class and gives it to another while both serve,
 * as memcached's slab mover does.
 * <p>
 * Thread safety is each class's {@link ThreadSafety}, but with {@link ThreadSafety#MAGAZINES} a class of fewer than
 * {@value #MIN_MAGAZINE_SLOTS_PER_PAGE} slots a page runs {@link ThreadSafety#LOCKED}: a thread's magazines would
 * hold a large share of its pages, and copying such slots costs far more than the lock. Magazines of the other
 * classes are scaled to them, at most a sixteenth of a page a magazine. Page moves take this cache's monitor, one
 * at a time.
 * <p>
 * Debug mode ({@link Builder#debug(boolean)} or the system property {@value SlabCache#DEBUG_PROP_NAME}) is
 * {@link SlabCache}'s, in every class.
 */
public final class SizeClassCache implements AutoCloseable
{
    /**
     * Every class size but the largest is a multiple of this, and every slot is aligned to it.
     */
    public static final int CLASS_ALIGNMENT = 8;

    /**
     * The most classes a cache has.
     */
    public static final int MAX_CLASSES = 1024;

    /**
     * With {@link ThreadSafety#MAGAZINES}, a class with fewer slots a page runs {@link ThreadSafety#LOCKED}.
     */
    public static final int MIN_MAGAZINE_SLOTS_PER_PAGE = 64;

    private final String name;
    private final PagePool pagePool;
    private final SizeClasses sizes;
    private final SlabCache[] classes;
    private final SlabTable table;
    private final ThreadSafety threadSafety;
    private final AtomicLongArray pagesMovedIn;
    private final AtomicLongArray pagesMovedOut;
    private final AtomicLongArray slotsEvicted;
    private volatile boolean closed;
    private final CacheMBeans mbeans = new CacheMBeans();

    private SizeClassCache(final Builder builder, final PagePool pagePool, final SizeClasses sizes)
    {
        this.name = builder.name;
        this.pagePool = pagePool;
        this.sizes = sizes;
        this.table = new SlabTable(name);
        this.threadSafety = builder.threadSafety;
        this.classes = new SlabCache[sizes.count()];
        for (int i = 0; i < classes.length; i++)
        {
            classes[i] = classCache(builder, pagePool, sizes.size(i));
        }
        this.pagesMovedIn = new AtomicLongArray(classes.length);
        this.pagesMovedOut = new AtomicLongArray(classes.length);
        this.slotsEvicted = new AtomicLongArray(classes.length);
    }

    /**
     * @return a builder with memcached's defaults: classes from 64 bytes growing by 1.25 up to half a 1 MiB
     * page, 64 MiB of direct pages, {@link ThreadSafety#MAGAZINES}.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Takes a slot of the smallest class that holds {@code size} bytes.
     *
     * @param size bytes wanted, from 1 to the largest class size.
     * @return the slot's handle, never {@link SlabCache#NULL_HANDLE}.
     * @throws IllegalArgumentException when {@code size} is not in [1, largest class size].
     * @throws SlabExhaustedException   naming the class, with the pool's refusal as the cause, when no slot of the
     *                                  class is free and the pool has no page left.
     * @throws IllegalStateException    when the cache is closed.
     */
    public long allocate(final int size)
    {
        final SlabCache cache = classes[classFor(size)];
        final long handle = cache.tryAllocate();
        if (SlabCache.NULL_HANDLE != handle)
        {
            return handle;
        }
        if (trimWhenPoolIsOut(cache))
        {
            return cache.allocate();
        }
        throw cache.exhausted();
    }

    /**
     * Takes a slot of the smallest class that holds {@code size} bytes if one can be had.
     *
     * @param size bytes wanted, from 1 to the largest class size.
     * @return the slot's handle, or {@link SlabCache#NULL_HANDLE} when its class is exhausted.
     * @throws IllegalArgumentException when {@code size} is not in [1, largest class size].
     * @throws IllegalStateException    when the cache is closed.
     */
    public long tryAllocate(final int size)
    {
        final SlabCache cache = classes[classFor(size)];
        final long handle = cache.tryAllocate();
        if (SlabCache.NULL_HANDLE != handle || !trimWhenPoolIsOut(cache))
        {
            return handle;
        }
        return cache.tryAllocate();
    }

    /**
     * Gives back to the pool every page no caller holds a slot of, in every class, first taking back the free
     * slots that threads' magazines hold, as {@link SlabCache#trim()} does for each class.
     *
     * @return how many pages went back to the pool.
     * @throws IllegalStateException when the cache is closed.
     */
    public int trim()
    {
        int pages = 0;
        for (final SlabCache cache : classes)
        {
            pages += cache.trim();
        }
        return pages;
    }

    /**
     * Gives a slot of any class back.
     *
     * @param handle a live handle of this cache.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache; nothing changes.
     * @throws IllegalStateException  when the cache is closed.
     */
    public void free(final long handle)
    {
        final Slab slab = table.checked(handle);
        classes[classOf(slab)].free(slab, handle);
    }

    void aim(final SlotFlyweight flyweight, final long handle)
    {
        final Slab slab = table.checkedLive(handle);
        flyweight.aim(slab.segment.buffer(), slab.offsetOf(SlotHandle.slot(handle)), handle);
    }

    /**
     * @param handle a live handle of this cache.
     * @return the buffer that holds the slot.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public AtomicBuffer buffer(final long handle)
    {
        return table.checkedLive(handle).segment.buffer();
    }

    /**
     * @param handle a live handle of this cache.
     * @return where the slot starts in {@link #buffer(long)}.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public int offset(final long handle)
    {
        return table.checkedLive(handle).offsetOf(SlotHandle.slot(handle));
    }

    /**
     * @param handle a live handle of this cache.
     * @return the size of the slot's class: at least what was asked for.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public int slotSize(final long handle)
    {
        return table.checkedLive(handle).owner.slotSize;
    }

    /**
     * The class {@link #allocate(int)} takes a slot of, in O(1). Answers after {@link #close()} too.
     *
     * @param size bytes wanted.
     * @return the index of the smallest class whose slots hold {@code size} bytes.
     * @throws IllegalArgumentException when {@code size} is not in [1, largest class size].
     */
    public int classFor(final int size)
    {
        if (size < 1 || size > sizes.largest())
        {
            throw new IllegalArgumentException(
                "size=" + size + " must be in [1, " + sizes.largest() + "], the largest class of cache '" + name + "'");
        }
        return sizes.classFor(size);
    }

    /**
     * Answers after {@link #close()} too.
     *
     * @return every class, smallest first; a class's index is its place in the list.
     */
    public List<SizeClass> classes()
    {
        final List<SizeClass> list = new ArrayList<>(classes.length);
        for (int i = 0; i < classes.length; i++)
        {
            final int size = sizes.size(i);
            list.add(new SizeClass(i, size, (pagePool.pageSize() - size) / BitUtil.align(size, CLASS_ALIGNMENT) + 1));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Moves a page from one class to another while both serve. The page of {@code fromClass} with the fewest live
     * slots stops serving at once; each live slot in it is taken from its holder and shown to {@code visitor},
     * which evicts or copies what it holds (it may allocate in any class, {@code fromClass} included: the page
     * being moved serves no allocation); once the page is empty it goes back to the pool, and {@code toClass}
     * grows into it. A slot freed or allocated by another thread meanwhile is never lost, handed out twice, or
     * visited after it was freed; every handle into the moved page is rejected afterwards.
     * <p>
     * An exception from {@code visitor} ends the move there and is thrown: the slot being visited goes back to the
     * page, its handle stays rejected, and the page keeps draining (it serves nothing) and goes back to the pool
     * once its other holders free their slots. Inside the visitor, prefer {@link #tryAllocate(int)}. The visitor
     * runs holding this cache's monitor, so other page moves and {@link #close()} wait for it.
     * <p>
     * A move that gave up a page is the JFR event {@code dev.slabcache.PageMoved}, timed, when a recording enables
     * it.
     *
     * @param fromClass the class that gives a page.
     * @param toClass   the class that gets it.
     * @param visitor   shown each live slot of the page; no garbage per slot.
     * @return what happened; see {@link PageMove}.
     * @throws IllegalArgumentException when a class index is out of range or both are the same, or
     *                                  {@code visitor} is null.
     * @throws IllegalStateException    when the cache is closed.
     */
    public synchronized PageMove movePage(final int fromClass, final int toClass, final SlotVisitor visitor)
    {
        checkClass("fromClass", fromClass);
        checkClass("toClass", toClass);
        if (fromClass == toClass)
        {
            throw new IllegalArgumentException("fromClass=" + fromClass + " and toClass=" + toClass + " are the same");
        }
        if (null == visitor)
        {
            throw new IllegalArgumentException("visitor must not be null");
        }
        ensureOpen();

        final Object begun = CacheEvents.pageMoveBegun();
        final long evictedBefore = slotsEvicted.get(fromClass);
        final PageMove result = move(fromClass, toClass, visitor);
        CacheEvents.pageMoved(begun, name, sizes.size(fromClass), sizes.size(toClass),
            slotsEvicted.get(fromClass) - evictedBefore, result);
        return result;
    }

    private PageMove move(final int fromClass, final int toClass, final SlotVisitor visitor)
    {
        final CountingVisitor counting = new CountingVisitor(visitor, classes[fromClass]);
        Slab page = null;
        try
        {
            page = classes[fromClass].evacuate(counting);
        }
        finally
        {
            slotsEvicted.addAndGet(fromClass, counting.visited);
            if (null == page && 0 != counting.visited)
            {
                pagesMovedOut.incrementAndGet(fromClass); // the visitor threw: its page drains on, moved out
            }
        }
        if (null == page)
        {
            return PageMove.NO_PAGE;
        }
        pagesMovedOut.incrementAndGet(fromClass);
        if (page.isAttached())
        {
            return PageMove.PENDING;
        }
        if (!classes[toClass].grow())
        {
            return PageMove.RELEASED;
        }
        pagesMovedIn.incrementAndGet(toClass);
        return PageMove.MOVED;
    }

    /**
     * A snapshot of every class's counts and the pool's.
     *
     * @return the counts.
     * @throws IllegalStateException when the cache is closed.
     */
    public SizeClassStats stats()
    {
        ensureOpen();
        final List<SizeClassStats.ClassStats> list = new ArrayList<>(classes.length);
        for (int i = 0; i < classes.length; i++)
        {
            final SlabCacheStats stats = classes[i].stats();
            list.add(new SizeClassStats.ClassStats(i, sizes.size(i), stats.providerSlabs(), stats.providerBytes(),
                stats.slotCapacity(), stats.slotsInUse(), stats.slotsInMagazines(), stats.allocations(),
                stats.frees(), stats.failedAllocations(), pagesMovedIn.get(i), pagesMovedOut.get(i),
                slotsEvicted.get(i)));
        }
        return new SizeClassStats(
            name, pagePool.pageSize(), pagePool.pagesInUse(), pagePool.pageLimit(), Collections.unmodifiableList(list));
    }

    /**
     * Answers after {@link #close()} too, for a log line about the closed cache.
     *
     * @return the name given to the builder.
     */
    public String name()
    {
        return name;
    }

    /**
     * Answers after {@link #close()} too.
     *
     * @return true when the cache was built in debug mode.
     */
    public boolean isDebug()
    {
        return classes[0].isDebug();
    }

    /**
     * Every class's {@link SlabCache#leakReport()}, merged: a site that allocated in two classes is listed once
     * for each. Costs O(sampled live slots): not for hot paths. After {@link #close()}, the reports taken as it
     * began.
     *
     * @return the sites, the one with the longest-live slot first; empty when none is live or the cache is not in
     * debug mode.
     */
    public List<LeakSite> leakReport()
    {
        final List<LeakSite> report = new ArrayList<>();
        for (final SlabCache cache : classes)
        {
            report.addAll(cache.leakReport());
        }
        report.sort(Comparator.comparing(LeakSite::oldestAge).reversed());
        return Collections.unmodifiableList(report);
    }

    /**
     * @return how many slots debug mode found written after they were freed and took out of service, in every
     * class; 0 when the cache is not in debug mode. Answers after {@link #close()} too.
     */
    public long quarantinedSlots()
    {
        long slots = 0;
        for (final SlabCache cache : classes)
        {
            slots += cache.quarantinedSlots();
        }
        return slots;
    }

    /**
     * Answers after {@link #close()} too: the pool may serve other caches.
     *
     * @return the pool the classes take their pages from.
     */
    public PagePool pagePool()
    {
        return pagePool;
    }

    /**
     * Closes every class as {@link SlabCache#close()} does: pages with no live slot go back to the pool, pages with
     * live slots are kept out of it, and a warning names the live slots. Every later call throws
     * {@link IllegalStateException} but those that read what the builder fixed ({@link #name()},
     * {@link #classFor(int)}, {@link #classes()}, {@link #pagePool()}, {@link #isDebug()}, {@link #toString()}),
     * debug mode's reports as they were at the close ({@link #leakReport()}, {@link #quarantinedSlots()}), and
     * {@code close()}, as with {@link SlabCache}. Closing twice does nothing.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        mbeans.unregisterAll();
        for (final SlabCache cache : classes)
        {
            cache.close();
        }
        table.close();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "SizeClassCache{name='" + name + "', classes=" + classes.length + " from " + sizes.size(0) + " to " +
            sizes.largest() + ", " + pagePool + ", threadSafety=" + threadSafety + '}';
    }

    /**
     * After {@code cache} found no slot: other classes may hold a page no caller's slot is in (the one empty page a
     * class keeps, or one whose free slots sit in magazines), so when the pool is out of pages every class is
     * trimmed and, if that gave a page back, the allocation tried once more, its first try not counted as a failure.
     *
     * @return true when the allocation should be tried again.
     */
    private boolean trimWhenPoolIsOut(final SlabCache cache)
    {
        if (0 != pagePool.pagesFree() || 0 == trim())
        {
            return false;
        }
        cache.uncountFailure();
        return true;
    }

    /**
     * Registers the cache's {@link SizeClassCacheMXBean} and each class's {@link SlabCacheMXBean}, or unregisters
     * what it registered, closes the cache and throws.
     */
    private void registerMBeans()
    {
        try
        {
            mbeans.register(CacheMBeans.objectName("SizeClassCache", name, ""), new SizeClassCacheBean(this));
            for (final SlabCache cache : classes)
            {
                mbeans.register(CacheMBeans.objectName("SizeClassCache", name, ",slotSize=" + cache.slotSize()),
                    new SlabCacheBean(cache));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private int classOf(final Slab slab)
    {
        return sizes.classFor(slab.owner.slotSize);
    }

    private void checkClass(final String what, final int sizeClass)
    {
        if (sizeClass < 0 || sizeClass >= classes.length)
        {
            throw new IllegalArgumentException(
                what + "=" + sizeClass + " must be a class index in [0, " + classes.length + ")");
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("cache '" + name + "' is closed");
        }
    }

    private SlabCache classCache(final Builder builder, final PagePool pagePool, final int size)
    {
        final int slotsPerPage = pagePool.pageSize() / size;
        final ThreadSafety threadSafety = ThreadSafety.MAGAZINES == builder.threadSafety &&
            slotsPerPage < MIN_MAGAZINE_SLOTS_PER_PAGE ? ThreadSafety.LOCKED : builder.threadSafety;
        // A thread's magazines and the depot hold a small part of a page, so that classes hoard few pages.
        final int magazineSize = Math.max(1, Math.min(SlabCache.DEFAULT_MAGAZINE_SIZE, slotsPerPage / 16));
        final int depotMagazines = Math.min(SlabCache.DEFAULT_DEPOT_MAGAZINES, slotsPerPage / magazineSize / 4);
        return SlabCache.builder()
            .name(name + "[" + size + "]")
            .slotSize(size)
            .slotAlignment(CLASS_ALIGNMENT)
            .slabSize(pagePool.pageSize())
            .provider(pagePool)
            .retainEmptySlabs(1)
            .threadSafety(threadSafety)
            .magazineSize(magazineSize)
            .depotMagazines(depotMagazines)
            .debug(builder.debug)
            .debugSampleRate(builder.debugSampleRate)
            .leakDetectionThreshold(builder.leakDetectionThreshold)
            .nanoClock(builder.nanoClock)
            .table(table)
            .build();
    }

    /**
     * Counts the slots a move visits, for the statistics, and shows the caller's visitor none that debug mode
     * quarantined: no caller holds those.
     */
    private static final class CountingVisitor implements SlotVisitor
    {
        private final SlotVisitor visitor;
        private final SlabCache cache;
        private long visited;

        CountingVisitor(final SlotVisitor visitor, final SlabCache cache)
        {
            this.visitor = visitor;
            this.cache = cache;
        }

        @Override
        public void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            if (cache.isQuarantined(handle))
            {
                return;
            }
            visited++;
            visitor.visit(handle, buffer, offset);
        }
    }

    /**
     * Configures a {@link SizeClassCache}; every setter checks its argument at once, {@link #build()} the whole.
     */
    public static final class Builder
    {
        private String name = "size-classes";
        private int minSlotSize = 64;
        private int maxSlotSize;
        private double growthFactor = 1.25;
        private int pageSize = 1 << 20;
        private boolean pageSizeSet;
        private long memoryLimit = 64L << 20;
        private boolean memoryLimitSet;
        private PagePool pagePool;
        private ThreadSafety threadSafety = ThreadSafety.MAGAZINES;
        private boolean registerMBean;
        private boolean debug = Boolean.getBoolean(SlabCache.DEBUG_PROP_NAME);
        private int debugSampleRate = SlabCache.DEFAULT_DEBUG_SAMPLE_RATE;
        private Duration leakDetectionThreshold = Duration.ZERO;
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;

        private Builder()
        {
        }

        /**
         * @param name shown in messages and statistics; each class's cache is named {@code name[size]}.
         * @return this builder.
         * @throws IllegalArgumentException when {@code name} is null or blank.
         */
        public Builder name(final String name)
        {
            this.name = SlabCache.checkName(name);
            return this;
        }

        /**
         * @param minSlotSize the smallest class, rounded up to a multiple of {@value #CLASS_ALIGNMENT}; default 64.
         * @return this builder.
         * @throws IllegalArgumentException when {@code minSlotSize} is below {@value SlotSegment#MIN_SLOT_SIZE}.
         */
        public Builder minSlotSize(final int minSlotSize)
        {
            if (minSlotSize < SlotSegment.MIN_SLOT_SIZE)
            {
                throw new IllegalArgumentException(
                    "minSlotSize=" + minSlotSize + " must be at least " + SlotSegment.MIN_SLOT_SIZE);
            }
            this.minSlotSize = minSlotSize;
            return this;
        }

        /**
         * @param maxSlotSize the largest class; default half the page. At most the page size.
         * @return this builder.
         * @throws IllegalArgumentException when {@code maxSlotSize} is below {@value SlotSegment#MIN_SLOT_SIZE}.
         */
        public Builder maxSlotSize(final int maxSlotSize)
        {
            if (maxSlotSize < SlotSegment.MIN_SLOT_SIZE)
            {
                throw new IllegalArgumentException(
                    "maxSlotSize=" + maxSlotSize + " must be at least " + SlotSegment.MIN_SLOT_SIZE);
            }
            this.maxSlotSize = maxSlotSize;
            return this;
        }

        /**
         * @param growthFactor how much each class is larger than the one before; default 1.25.
         * @return this builder.
         * @throws IllegalArgumentException when {@code growthFactor} is not above 1 or is not finite.
         */
        public Builder growthFactor(final double growthFactor)
        {
            if (!(growthFactor > 1.0) || Double.isInfinite(growthFactor))
            {
                throw new IllegalArgumentException("growthFactor=" + growthFactor + " must be a number above 1");
            }
            this.growthFactor = growthFactor;
            return this;
        }

        /**
         * @param pageSize bytes in a page, a positive multiple of {@value PagePool#PAGE_ALIGNMENT}; default 1 MiB.
         *                 Taken from the pool when {@link #pagePool(PagePool)} is given.
         * @return this builder.
         * @throws IllegalArgumentException when {@code pageSize} is not a positive multiple of
         *                                  {@value PagePool#PAGE_ALIGNMENT}.
         */
        public Builder pageSize(final int pageSize)
        {
            PagePool.checkPageSize(pageSize);
            this.pageSize = pageSize;
            this.pageSizeSet = true;
            return this;
        }

        /**
         * @param memoryLimit bytes of direct pages the cache's own pool may make; default 64 MiB. Not with
         *                    {@link #pagePool(PagePool)}.
         * @return this builder.
         * @throws IllegalArgumentException when {@code memoryLimit} is not positive.
         */
        public Builder memoryLimit(final long memoryLimit)
        {
            if (memoryLimit < 1)
            {
                throw new IllegalArgumentException("memoryLimit=" + memoryLimit + " must be positive");
            }
            this.memoryLimit = memoryLimit;
            this.memoryLimitSet = true;
            return this;
        }

        /**
         * @param pagePool a pool to take pages from, perhaps shared with other caches; the cache never closes
         *                 it. Instead of {@link #memoryLimit(long)}.
         * @return this builder.
         * @throws IllegalArgumentException when {@code pagePool} is null.
         */
        public Builder pagePool(final PagePool pagePool)
        {
            if (null == pagePool)
            {
                throw new IllegalArgumentException("pagePool must not be null");
            }
            this.pagePool = pagePool;
            return this;
        }

        /**
         * @param threadSafety how threads reach every class; default {@link ThreadSafety#MAGAZINES}.
         * @return this builder.
         * @throws IllegalArgumentException when {@code threadSafety} is null.
         */
        public Builder threadSafety(final ThreadSafety threadSafety)
        {
            this.threadSafety = SlabCache.checkThreadSafety(threadSafety);
            return this;
        }

        /**
         * @param registerMBean whether {@link #build()} registers a {@link SizeClassCacheMXBean} for the cache as
         *                      {@code dev.slabcache:type=SizeClassCache,name="<name>"} and a
         *                      {@link SlabCacheMXBean} for each class as
         *                      {@code dev.slabcache:type=SizeClassCache,name="<name>",slotSize=<size>}, until
         *                      {@link SizeClassCache#close()}; default false.
         * @return this builder.
         */
        public Builder registerMBean(final boolean registerMBean)
        {
            this.registerMBean = registerMBean;
            return this;
        }

        /**
         * @param debug debug mode for every class, as {@link SlabCache.Builder#debug(boolean)}; default
         *              {@code true} when the system property {@value SlabCache#DEBUG_PROP_NAME} was {@code true}
         *              as {@link SizeClassCache#builder()} ran, else false.
         * @return this builder.
         */
        public Builder debug(final boolean debug)
        {
            this.debug = debug;
            return this;
        }

        /**
         * @param debugSampleRate as {@link SlabCache.Builder#debugSampleRate(int)}, counted in each class.
         * @return this builder.
         * @throws IllegalArgumentException when {@code debugSampleRate} is not positive.
         */
        public Builder debugSampleRate(final int debugSampleRate)
        {
            this.debugSampleRate = SlabCache.checkDebugSampleRate(debugSampleRate);
            return this;
        }

        /**
         * @param threshold as {@link SlabCache.Builder#leakDetectionThreshold(Duration)}, in every class.
         * @return this builder.
         * @throws IllegalArgumentException when {@code threshold} is null or negative.
         */
        public Builder leakDetectionThreshold(final Duration threshold)
        {
            SlabCache.checkLeakDetectionThreshold(threshold);
            this.leakDetectionThreshold = threshold;
            return this;
        }

        /**
         * @param nanoClock as {@link SlabCache.Builder#nanoClock(NanoClock)}.
         * @return this builder.
         * @throws IllegalArgumentException when {@code nanoClock} is null.
         */
        public Builder nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = SlabCache.checkNanoClock(nanoClock);
            return this;
        }

        /**
         * @return a new cache with no page yet; each class grows on its first allocation.
         * @throws IllegalArgumentException when the settings disagree: a pool and a memory limit, or a pool and
         *                                  another page size; a smallest class above the largest; a largest class
         *                                  above the page; a memory limit below one page; more than
         *                                  {@value #MAX_CLASSES} classes.
         * @throws IllegalStateException    with {@link #registerMBean(boolean)}, when an MXBean's name is taken
         *                                  (another open cache of the same name registered it); the message names
         *                                  it, and no cache is left open and no MBean registered.
         */
        public SizeClassCache build()
        {
            if (null != pagePool && memoryLimitSet)
            {
                throw new IllegalArgumentException(
                    "memoryLimit=" + memoryLimit + " and pagePool=" + pagePool + " both given: the pool sets the limit");
            }
            if (null != pagePool && pageSizeSet && pageSize != pagePool.pageSize())
            {
                throw new IllegalArgumentException(
                    "pageSize=" + pageSize + " differs from the pool's pageSize=" + pagePool.pageSize());
            }
            final int page = null != pagePool ? pagePool.pageSize() : pageSize;
            final int max = 0 != maxSlotSize ? maxSlotSize : page / 2;
            if (max > page)
            {
                throw new IllegalArgumentException("maxSlotSize=" + max + " must be at most the pageSize=" + page);
            }
            if (minSlotSize > max)
            {
                throw new IllegalArgumentException(
                    "minSlotSize=" + minSlotSize + " must be at most maxSlotSize=" + max);
            }
            final int min = (int)Math.min(BitUtil.align((long)minSlotSize, CLASS_ALIGNMENT), max);
            final SizeClasses sizes = new SizeClasses(min, max, growthFactor);
            final PagePool pool = null != pagePool ? pagePool : PagePool.direct(page, memoryLimit);
            final SizeClassCache cache = new SizeClassCache(this, pool, sizes);
            if (registerMBean)
            {
                cache.registerMBeans();
            }
            return cache;
        }
    }
}
