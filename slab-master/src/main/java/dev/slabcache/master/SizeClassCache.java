/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Slots of many sizes: one slab cache per size class over one shared {@link PagePool}, built by
 * {@link #builder()}. As in memcached, class sizes grow by a factor from the smallest to the largest, each a
 * multiple of {@value #CLASS_ALIGNMENT} but the largest, which is {@code maxSlotSize} as given (its slots are still
 * {@value #CLASS_ALIGNMENT}-aligned); every class's slabs are pages of the pool, and a page a class gives back is
 * the next page any class grows into. A slot is named by a {@code long} handle, as in {@link SlabCache}:
 * <pre>{@code
 * final SizeClassCache cache = SizeClassCache.builder().name("items").memoryLimit(8 * 1024 * 1024).build();
 * final long handle = cache.allocate(100);
 * final int slotSize = cache.slotSize(handle); // 104: the smallest class that holds 100 bytes
 * cache.buffer(handle).putInt(cache.offset(handle), 100);
 * cache.free(handle);
 * cache.close();
 * }</pre>
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
 * Debug mode ({@link CacheBuilder#debug(boolean)} or the system property {@value SlabCache#DEBUG_PROP_NAME}) is
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
    final CacheCore[] classes;
    private final SlabTable table;
    private final ThreadSafety threadSafety;
    private final PageMover mover;
    private final SizeClassLayout layout;
    private volatile boolean closed;
    private volatile CacheMBeans mbeans;

    SizeClassCache(final CacheSettings settings, final PagePool pagePool, final SizeClasses sizes)
    {
        this.name = settings.name;
        this.pagePool = pagePool;
        this.sizes = sizes;
        this.table = new SlabTable(name);
        this.threadSafety = settings.threadSafety;
        this.classes = new CacheCore[sizes.count()];
        for (int i = 0; i < classes.length; i++)
        {
            classes[i] = new CacheCore(settings.forClass(sizes.size(i), pagePool), table);
            CacheStatisticsEvent.join(classes[i]);
        }
        this.mover = new PageMover(name, sizes, classes);
        this.layout = settings.layout;
    }

    /**
     * {@return a builder with memcached's defaults: classes from 64 bytes growing by 1.25 up to half a 1 MiB page,
     * 64 MiB of direct pages, {@link ThreadSafety#MAGAZINES}}
     */
    public static SizeClassCacheBuilder builder()
    {
        return new SizeClassCacheBuilder();
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
        final CacheCore cache = classes[classFor(size)];
        long handle = cache.allocate();
        if (SlabCache.NULL_HANDLE == handle && trimWhenPoolIsOut(cache))
        {
            handle = cache.allocate();
        }
        if (SlabCache.NULL_HANDLE == handle)
        {
            throw cache.admin.exhausted();
        }
        return handle;
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
        final CacheCore cache = classes[classFor(size)];
        final long handle = cache.allocate();
        if (SlabCache.NULL_HANDLE != handle || !trimWhenPoolIsOut(cache))
        {
            return handle;
        }
        return cache.allocate();
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
        for (final CacheCore cache : classes)
        {
            pages += cache.admin.trim();
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
        final SlabRecord slab = table.checked(handle);
        slab.owner.free(slab, handle);
    }

    void aim(final SlotFlyweight flyweight, final long handle)
    {
        final SlabRecord slab = table.checkedLive(handle);
        flyweight.aim(slab.buffer, slab.offsetOf(SlotHandle.slot(handle)), handle);
    }

    /**
     * {@return the buffer that holds the slot}
     *
     * @param handle a live handle of this cache.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public AtomicBuffer buffer(final long handle)
    {
        return table.checkedLive(handle).buffer;
    }

    /**
     * {@return where the slot starts in {@link #buffer(long)}}
     *
     * @param handle a live handle of this cache.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public int offset(final long handle)
    {
        return table.checkedLive(handle).offsetOf(SlotHandle.slot(handle));
    }

    /**
     * {@return the size of the slot's class: at least what was asked for}
     *
     * @param handle a live handle of this cache.
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
     * {@return every class, smallest first; a class's index is its place in the list} Answers after {@link #close()}
     * too.
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
     * being moved serves no allocation; {@link SlotVisitor#mayGrowTheClass()} says whether that class may grow
     * meanwhile); once the page is empty it goes back to the pool, and {@code toClass}
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
        mover.checkMove(fromClass, toClass, visitor);
        ensureOpen();

        return mover.move(fromClass, toClass, visitor);
    }

    /**
     * {@return a snapshot of every class's counts and the pool's}
     *
     * @throws IllegalStateException when the cache is closed.
     */
    public SizeClassStats stats()
    {
        ensureOpen();
        // The classes first: a class's snapshot flushes the magazines of ended threads, which may give pages back.
        final List<SizeClassStats.ClassStats> classStats = mover.classStats();
        return new SizeClassStats(
            name, pagePool.pageSize(), pagePool.pagesInUse(), pagePool.pageLimit(), classStats);
    }

    /** {@return the name given to the builder} Answers after {@link #close()} too, for a log line about it. */
    public String name()
    {
        return name;
    }

    /** {@return true when the cache was built in debug mode} Answers after {@link #close()} too. */
    public boolean isDebug()
    {
        return null != classes[0].debug;
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
        for (final CacheCore cache : classes)
        {
            if (null != cache.debug)
            {
                report.addAll(cache.debug.leakReport());
            }
        }
        report.sort(Comparator.comparing(LeakSite::oldestAge).reversed());
        return Collections.unmodifiableList(report);
    }

    /**
     * {@return how many slots debug mode found written after they were freed and took out of service, in every
     * class; 0 when the cache is not in debug mode} Answers after {@link #close()} too.
     */
    public long quarantinedSlots()
    {
        long slots = 0;
        for (final CacheCore cache : classes)
        {
            slots += null == cache.debug ? 0 : cache.debug.quarantinedSlots();
        }
        return slots;
    }

    /** {@return the pool the classes take their pages from} Answers after {@link #close()} too. */
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
        if (null != mbeans)
        {
            mbeans.unregisterAll();
        }
        if (null != layout)
        {
            layout.save(classes);
        }
        for (final CacheCore cache : classes)
        {
            cache.close();
            CacheStatisticsEvent.leave(cache);
        }
        table.close();
    }

    /** {@return the cache's name, classes, pool and thread safety, for logs} */
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
    private boolean trimWhenPoolIsOut(final CacheCore cache)
    {
        if (0 != pagePool.pagesFree() || 0 == trim())
        {
            return false;
        }
        cache.admin.uncountFailure();
        return true;
    }

    /**
     * Registers the cache's {@link SizeClassCacheMXBean} and, when {@code perClass}, each class's
     * {@link SlabCacheMXBean}, or unregisters what it registered, closes the cache and throws.
     */
    void registerMBeans(final boolean perClass)
    {
        mbeans = new CacheMBeans();
        try
        {
            mbeans.register(CacheMBeans.objectName("SizeClassCache", name, ""), new SizeClassCacheBean(this));
            for (int i = 0; perClass && i < classes.length; i++)
            {
                mbeans.register(CacheMBeans.objectName("SizeClassCache", name, ",slotSize=" + classes[i].slotSize),
                    new SlabCacheBean(classes[i]));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("cache '" + name + "' is closed");
        }
    }
}
