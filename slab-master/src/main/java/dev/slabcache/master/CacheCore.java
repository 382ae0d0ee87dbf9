/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * One cache's working parts, composed once from its settings: the lock, the slab books and serving policy
 * ({@link SlabArena}), the path its {@link ThreadSafety} takes to them (wrapped by {@link DebugPath} in debug mode),
 * the whole-cache calls ({@link CacheAdmin}) and page moves ({@link SlabEvacuator}). A {@link SlabCache} wraps
 * one; a {@link SizeClassCache} holds one per class, all over one {@link SlabTable}.
 * <p>
 * The hot calls choose the path by a final int, so that each mode's path is called directly and inlined, whatever
 * other modes the JVM's caches use.
 */
final class CacheCore
{
    private static final int OWNER = 0;
    private static final int LOCKED = 1;
    private static final int MAGAZINES = 2;
    private static final int DEBUG = 3;

    final String name;
    final int slotSize;
    final ThreadSafety threadSafety;
    final SlabTable table;
    final CacheLock lock;
    final SlabArena arena;
    /**
     * The path of the cache's {@link ThreadSafety}, whose slow paths the whole-cache calls use.
     */
    final ThreadPath threads;
    /**
     * Debug mode's path, or null.
     */
    final DebugPath debug;
    final CacheAdmin admin;
    final SlabEvacuator evacuator;
    private final int route;
    private final ThreadPath path;

    /**
     * @param settings settings whose setters checked each; the slab's are checked here together.
     * @param table    the table the cache's slabs go in; shared by the classes of a size-class cache.
     */
    CacheCore(final CacheSettings settings, final SlabTable table)
    {
        settings.checkSlab();
        this.name = settings.name;
        this.slotSize = settings.slotSize;
        this.threadSafety = settings.threadSafety;
        this.table = table;
        this.lock = new CacheLock(ThreadSafety.SINGLE_OWNER == threadSafety ? null : settings.lock);
        this.arena = new SlabArena(this, settings, lock, table);
        final int modeRoute;
        switch (threadSafety)
        {
            case SINGLE_OWNER:
                threads = new OwnerPath(arena, lock);
                modeRoute = OWNER;
                break;
            case LOCKED:
                threads = new LockedPath(arena, lock);
                modeRoute = LOCKED;
                break;
            default:
                threads = new MagazinePath(arena, lock, settings.magazineSize, settings.depotMagazines);
                modeRoute = MAGAZINES;
        }
        this.debug = settings.debug ? new DebugPath(threads, lock, arena,
            new LeakTracker(table, settings.nanoClock, settings.debugSampleRate, settings.leakDetectionThresholdNs()),
            settings.leakDetectionThresholdNs()) : null;
        this.path = null != debug ? debug : threads;
        this.route = null != debug ? DEBUG : modeRoute;
        this.admin = new CacheAdmin(lock, arena, threads, null != settings.layout);
        this.evacuator = new SlabEvacuator(lock, arena, threads, admin);
    }

    /**
     * @return a live handle, or {@link SlabCache#NULL_HANDLE} when no slot could be had.
     */
    long allocate()
    {
        final int route = this.route;
        if (MAGAZINES == route)
        {
            return ((MagazinePath)path).allocate();
        }
        if (OWNER == route)
        {
            return ((OwnerPath)path).allocate();
        }
        if (LOCKED == route)
        {
            return ((LockedPath)path).allocate();
        }
        return path.allocate();
    }

    /**
     * Frees a handle found in {@code slab} with {@link SlabTable#checked(long)}.
     */
    void free(final SlabRecord slab, final long handle)
    {
        final int route = this.route;
        if (MAGAZINES == route)
        {
            ((MagazinePath)path).free(slab, handle);
        }
        else if (OWNER == route)
        {
            ((OwnerPath)path).free(slab, handle);
        }
        else if (LOCKED == route)
        {
            ((LockedPath)path).free(slab, handle);
        }
        else
        {
            path.free(slab, handle);
        }
    }

    /**
     * For a page move: a slot debug mode quarantined is no caller's, so the visitor is not shown it.
     */
    boolean isQuarantined(final long handle)
    {
        return null != debug && debug.isQuarantined(handle);
    }

    /**
     * Closes the cache, with debug mode's leak report; the table is its owner's to close.
     */
    void close()
    {
        if (null == debug)
        {
            admin.close();
        }
        else
        {
            debug.close(admin);
        }
    }

    @Override
    public String toString()
    {
        return arena + ", threadSafety=" + threadSafety + ", lock=" + lock +
            (null != debug ? ", debug(sampleRate=" + debug.sampleRate() + ", leakDetectionThreshold=" +
            debug.leakDetectionThreshold() + ")" : "");
    }
}
