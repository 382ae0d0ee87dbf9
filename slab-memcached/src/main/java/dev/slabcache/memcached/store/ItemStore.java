/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.function.LongSupplier;

import io.netty.buffer.ByteBuf;

/**
 * The items of the server: header, key and value of each in one slot of a {@code SizeClassCache} over a
 * {@code PagePool} ({@link StoreMemory}), found through a hash index of handles and kept on memcached 1.6's segmented
 * LRU (hot, warm, cold and temporary lists per class, see {@link LruPolicy}) or on one flat LRU per class, with no
 * Java object per item: each thread reads items through its own {@link Item} flyweights (see
 * {@link ItemLayout}, {@link ItemIndex}, {@link ItemLru}).
 * <p>
 * Keys are given as the first {@code keyLength} bytes of {@code key} (1 to 250 bytes; the protocol checks them).
 * Times are memcached exptimes: 0 never expires, a negative one has expired already, up to 30 days
 * (2,592,000 s) is relative to now, above it an absolute Unix time (see {@link ExpiryRules}). Numbers of arithmetic
 * are 64 bits unsigned. A method that takes an {@link ItemView} fills it only when it says so.
 * <p>
 * Classes are memcached's: the smallest slot is the 56-byte header plus minDataSize (-n) rounded up to 8, each
 * next one the growth factor (-f) larger. Items are never chunked: pages are max(1 MiB, -I rounded up to 4096)
 * and the largest class is a whole page, so any item up to -I fits in one slot (the largest classes hold one item
 * a page; memcached instead chunks items above half a page).
 * <p>
 * Thread-safe as memcached is, its locks always taken in one order: an item lock, then an LRU lock, then the slot
 * cache's. A request holds its key's item lock, striped by hash, for all it does, and takes the LRU lock of a class
 * to link, unlink or move an item; background work holds an LRU lock and only tries item locks; what changes many
 * items at once pauses the store. {@link StoreLock} tells the rest. A daemon thread juggles the LRU lists, crawls
 * them for expired and flushed items and runs the page mover once a second; tests drive the same work through the
 * package-private maintain(). Expired and flushed items are also reclaimed when a lookup finds them.
 * <p>
 * The statistics, the introspection replies that read items ("stats cachedump", "lru_crawler metadump", "me",
 * "stats sizes") and the run-time tuning are the store's {@link #admin()} side, run with the store paused; "watch"
 * lines are made after the item lock is let go, but for evictions.
 * <p>
 * With a memory file (-e, --memory-file) the pages are those of the mapped file, and {@link #close()} keeps the
 * items there for a {@link WarmRestart}: a new store with the same settings serves them again.
 */
public final class ItemStore implements AutoCloseable
{
    /** As a touch or exptime argument: leave the item's expiry as it is. */
    public static final long NO_TOUCH = Long.MIN_VALUE;

    /** As the vivify argument of {@link #arith}: a missing key is {@link ArithResult#NOT_FOUND}. */
    public static final long NO_VIVIFY = Long.MIN_VALUE;

    /** memcached's ITEM_UPDATE_INTERVAL: a flat LRU moves an item to its head at most once in this many s. */
    public static final long UPDATE_INTERVAL_SECONDS = 60;

    private final StoreLock lock;
    private final StoreSettings settings;
    private final LongSupplier clock;
    private final StoreMemory memory;
    private final ItemTable table;
    private final ExpiryRules rules = new ExpiryRules();
    private final ThreadStats stats;
    private final ItemLookup lookup;
    private final ItemWriter writer;
    private final LockedCommands commands;
    private final StoreTuning tuning;
    private final ItemWatch watch;
    private final StoreAdmin admin;
    private final StoreMaintenance maintenance;
    private final BackgroundRunner background;

    /**
     * Makes a store with memcached's default LRU settings and starts its background thread.
     *
     * @param settings    memory, classes, evictions and the memory file.
     * @param unixSeconds the clock, in Unix seconds (tests pass their own).
     */
    public ItemStore(final StoreSettings settings, final LongSupplier unixSeconds)
    {
        this(settings, LruSettings.defaults(), unixSeconds);
    }

    /**
     * Makes a store and starts its background thread.
     *
     * @param settings    memory, classes, evictions and the memory file.
     * @param lruSettings the segmented or flat LRU and its shares.
     * @param unixSeconds the clock, in Unix seconds (tests pass their own).
     */
    public ItemStore(final StoreSettings settings, final LruSettings lruSettings, final LongSupplier unixSeconds)
    {
        this(settings, lruSettings, unixSeconds, true);
    }

    /**
     * Makes a store with a given number of item locks and starts its background thread: for benchmarks, which
     * compare one lock (every request waits for the one before) with many.
     *
     * @param settings    memory, classes, evictions and the memory file.
     * @param lruSettings the segmented or flat LRU and its shares.
     * @param unixSeconds the clock, in Unix seconds.
     * @param lockStripes item locks, a power of two up to {@link StoreLock#MAX_STRIPES} and 2^hashPower.
     * @throws IllegalArgumentException when an argument is bad.
     */
    public ItemStore(
        final StoreSettings settings, final LruSettings lruSettings, final LongSupplier unixSeconds,
        final int lockStripes)
    {
        this(settings, lruSettings, unixSeconds, true, lockStripes);
    }

    /**
     * @param background false to leave the crawler, the LRU maintainer and the mover to {@link #maintain()} calls.
     */
    ItemStore(
        final StoreSettings settings, final LruSettings lruSettings, final LongSupplier unixSeconds,
        final boolean background)
    {
        this(settings, lruSettings, unixSeconds, background, null == settings ? 1 :
            StoreLock.stripesFor(Runtime.getRuntime().availableProcessors(), settings.hashPower()));
    }

    /** As the constructor above, with {@code lockStripes} item locks (see {@link StoreLock}). */
    ItemStore(
        final StoreSettings settings, final LruSettings lruSettings, final LongSupplier unixSeconds,
        final boolean background, final int lockStripes)
    {
        if (null == settings || null == lruSettings || null == unixSeconds)
        {
            throw new IllegalArgumentException("settings, lruSettings and unixSeconds must not be null");
        }
        StoreLock.checkStripes(lockStripes, settings.hashPower());
        this.settings = settings;
        this.clock = unixSeconds;
        this.tuning = new StoreTuning(lruSettings);
        this.memory = new StoreMemory(settings, null == settings.memoryFile() ? null : new WarmRestart(settings));
        final Watchers watchers = new Watchers();
        this.table = new ItemTable(memory, settings.hashPower(), tuning, lockStripes);
        this.lock = table.lock;
        this.stats = new ThreadStats(memory.classes().size());
        final ValueCopier copier = new ValueCopier();
        final LruPolicy policy = new LruPolicy(table, rules, stats, tuning, settings.evictions(), watchers);
        this.lookup = new ItemLookup(table, rules, stats, policy);
        final SlabMover mover = new SlabMover(table, new PageRescuer(table, rules, stats), stats, tuning);
        this.writer = new ItemWriter(
            lookup, new ItemAllocator(table, stats, tuning, settings.evictions(), mover, policy), copier,
            settings.maxItemSize(), settings.casEnabled());
        this.commands = new LockedCommands(lock, table.index, new ItemReader(lookup, copier), writer);
        this.watch = new ItemWatch(watchers, memory, settings.maxItemSize(), settings.casEnabled());
        this.admin = new StoreAdmin(lock, clock, stats, new StatsReport(settings, table, stats, tuning),
            new ItemDumps(lookup), mover, tuning, new PrefixStats(), watchers);
        this.maintenance = new StoreMaintenance(lock, clock, table,
            new LruMaintainer(lock, clock, table.lru, policy, stats, tuning), new Crawler(table, rules, stats), mover,
            tuning);
        memory.reopened(table, lookup, rules, clock.getAsLong());
        this.background = background ?
            new BackgroundRunner("slab-memcached-maintainer", StoreMaintenance.PERIOD_MILLIS, this::maintain) : null;
    }

    /** @return the store's clock, in Unix seconds. */
    public long unixSeconds()
    {
        return clock.getAsLong();
    }

    /**
     * Reads a live item (not expired, not flushed) and, unless {@code touchExptime} is {@link #NO_TOUCH}, sets its
     * expiry; counts a hit or a miss (and a touch: a get-and-touch counts in cmd_get and get_hits or get_misses,
     * and in cmd_touch and touch_hits or touch_misses, so that cmd_get stays get_hits + get_misses). On a hit fills
     * {@code flags}, {@code cas}, {@code valueLength}, {@code expiresAt} (after the touch), {@code lastAccess},
     * {@code fetched}, {@code stale} and {@code win}, and appends the value to {@code valueOut} unless it is null.
     * The first reader of a stale item wins ({@code win}); later readers do not until it is stored again.
     *
     * @param key       holds the key in its first {@code keyLength} bytes.
     * @param keyLength bytes of the key, 1 to 250.
     * @param touchExptime the new exptime, or {@link #NO_TOUCH}.
     * @param view         filled on a hit.
     * @param valueOut     where the value is appended, or null.
     * @return whether the key held a live item.
     * @throws IllegalArgumentException when the key or view is bad; nothing changes.
     * @throws IllegalStateException    when the store is closed.
     */
    public boolean get(
        final byte[] key, final int keyLength, final long touchExptime, final ItemView view, final ByteBuf valueOut)
    {
        checkView(view);
        final boolean hit = commands.get(
            key, keyLength, touchExptime, 0, NO_VIVIFY, view, valueOut, clock.getAsLong());
        watch.fetched(key, keyLength, hit, view);
        return hit;
    }

    /**
     * mg's read, as {@link #get} with memcached's win tokens: the reader of a stale item, or under
     * {@code recacheExptime} (meta "R", 0 for none) of an item expiring before then, wins ({@code win}) unless one
     * already did ({@code tokenSent}); a miss under {@code vivifyExptime} (meta "N") stores an empty item (flags 0)
     * and wins it. Also fills {@code binaryKey}.
     *
     * @param key            holds the key in its first {@code keyLength} bytes.
     * @param keyLength      bytes of the key, 1 to 250.
     * @param touchExptime   the new exptime, or {@link #NO_TOUCH}.
     * @param recacheExptime the exptime before which an item's reader wins, or 0.
     * @param vivifyExptime  the exptime of an item made on a miss, or {@link #NO_VIVIFY}.
     * @param view           filled on a hit or a vivified item.
     * @param valueOut       where the value is appended, or null.
     * @return whether the key holds an item now.
     * @throws IllegalArgumentException when the key or view is bad; nothing changes.
     * @throws IllegalStateException    when the store is closed.
     */
    public boolean metaGet(
        final byte[] key, final int keyLength, final long touchExptime, final long recacheExptime,
        final long vivifyExptime, final ItemView view, final ByteBuf valueOut)
    {
        checkView(view);
        final boolean hit = commands.get(
            key, keyLength, touchExptime, recacheExptime, vivifyExptime, view, valueOut, clock.getAsLong());
        watch.fetched(key, keyLength, hit, view);
        return hit;
    }

    /**
     * Stores {@code valueLength} bytes of {@code value} from {@code valueIndex} (its reader index is not moved).
     * A {@code compareCas} other than 0 makes any mode fail with {@link StoreResult#EXISTS} unless the live item's
     * cas is that one ({@link StoreResult#NOT_FOUND} when there is none); {@link StoreMode#CAS} requires it. With
     * {@code invalidate} (meta "I"), a {@code compareCas} lower than the item's stores the item marked stale
     * (keeping its expiry and win token) instead of failing. Fills {@code cas} of the item stored. A SET that fails
     * with {@link StoreResult#TOO_LARGE} or {@link StoreResult#NO_MEMORY} removes the old item, as memcached does,
     * so that no stale value stays. An APPEND or PREPEND whose joined value is over -I or finds no memory is
     * {@link StoreResult#NOT_STORED}, as memcached answers it (only its own value over -I is TOO_LARGE).
     *
     * @param mode        how to treat the item under the key.
     * @param key         holds the key in its first {@code keyLength} bytes.
     * @param keyLength   bytes of the key, 1 to 250.
     * @param flags       the client's flags; ignored by APPEND and PREPEND, which keep the item's.
     * @param exptime     a memcached exptime; ignored by APPEND and PREPEND, which keep the item's.
     * @param compareCas  the cas the live item must have, or 0.
     * @param invalidate  meta "I": a lower compareCas stores the value marked stale.
     * @param value       holds the value.
     * @param valueIndex  where the value starts in {@code value}.
     * @param valueLength bytes of the value.
     * @param view        its {@code cas} is set on {@link StoreResult#STORED}.
     * @return what was done.
     * @throws IllegalArgumentException when an argument is bad; nothing changes.
     * @throws IllegalStateException    when the store is closed.
     */
    public StoreResult store(
        final StoreMode mode, final byte[] key, final int keyLength, final int flags, final long exptime,
        final long compareCas, final boolean invalidate, final ByteBuf value, final int valueIndex,
        final int valueLength, final ItemView view)
    {
        return store(mode, key, keyLength, flags, exptime, compareCas, invalidate, false, value, valueIndex,
            valueLength, view);
    }

    /**
     * As {@link #store(StoreMode, byte[], int, int, long, long, boolean, ByteBuf, int, int, ItemView)}, marking the
     * item's key as sent base64-encoded (meta "b") unless appending, as memcached's ms does.
     *
     * @param mode        how to treat the item under the key.
     * @param key         holds the key in its first {@code keyLength} bytes.
     * @param keyLength   bytes of the key, 1 to 250.
     * @param flags       the client's flags; ignored by APPEND and PREPEND, which keep the item's.
     * @param exptime     a memcached exptime; ignored by APPEND and PREPEND, which keep the item's.
     * @param compareCas  the cas the live item must have, or 0.
     * @param invalidate  meta "I": a lower compareCas stores the value marked stale.
     * @param binaryKey   whether the key came base64-encoded.
     * @param value       holds the value.
     * @param valueIndex  where the value starts in {@code value}.
     * @param valueLength bytes of the value.
     * @param view        its {@code cas} is set on {@link StoreResult#STORED}.
     * @return what was done.
     * @throws IllegalArgumentException when an argument is bad; nothing changes.
     * @throws IllegalStateException    when the store is closed.
     */
    public StoreResult store(
        final StoreMode mode, final byte[] key, final int keyLength, final int flags, final long exptime,
        final long compareCas, final boolean invalidate, final boolean binaryKey, final ByteBuf value,
        final int valueIndex, final int valueLength, final ItemView view)
    {
        if (null == mode)
        {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (null == value || null == view || valueIndex < 0 || valueLength < 0 ||
            valueLength > value.capacity() - valueIndex)
        {
            throw new IllegalArgumentException("valueIndex=" + valueIndex + " and valueLength=" + valueLength +
                " must lie within the value buffer " + value + ", and view=" + view + " must not be null");
        }
        final long now = clock.getAsLong();
        final StoreResult result = commands.store(mode, key, keyLength, flags, exptime, compareCas, invalidate,
            binaryKey, value, valueIndex, valueLength, view, now);
        watch.stored(key, keyLength, result, mode, exptime, now, valueLength);
        return result;
    }

    /**
     * Deletes the live item, or with {@code invalidate} (meta "I") marks it stale, gives it a new cas, takes back
     * its win token and, unless {@code exptime} is {@link #NO_TOUCH}, gives it that expiry. A {@code compareCas}
     * other than 0 must match.
     *
     * @param key        holds the key in its first {@code keyLength} bytes.
     * @param keyLength  bytes of the key, 1 to 250.
     * @param compareCas the cas the live item must have, or 0.
     * @param invalidate meta "I": mark stale instead of deleting.
     * @param exptime    with {@code invalidate}, the new exptime, or {@link #NO_TOUCH}.
     * @return what was done.
     * @throws IllegalArgumentException when the key is bad; nothing changes.
     * @throws IllegalStateException    when the store is closed.
     */
    public DeleteResult delete(
        final byte[] key, final int keyLength, final long compareCas, final boolean invalidate, final long exptime)
    {
        return commands.delete(key, keyLength, compareCas, invalidate, exptime, clock.getAsLong());
    }

    /**
     * Adds {@code delta} to (or, unless {@code increment}, takes it from) the item's decimal value: an increment
     * wraps at 2^64, a decrement stops at 0. A {@code compareCas} other than 0 must match. On a miss with
     * {@code vivifyExptime} other than {@link #NO_VIVIFY}, stores {@code initial} with that expiry (flags 0).
     * Unless {@code touchExptime} is {@link #NO_TOUCH}, sets the expiry. Fills {@code number}, {@code cas},
     * {@code expiresAt}, {@code flags} and {@code valueLength}.
     * <p>
     * As memcached: a result no longer than the value is written in place, padded with spaces to the value's
     * length ("10" decremented by 1 reads "9 "); a longer one is stored as a new item of exactly its digits.
     *
     * @param key           holds the key in its first {@code keyLength} bytes.
     * @param keyLength     bytes of the key, 1 to 250.
     * @param increment     true for incr, false for decr.
     * @param delta         the amount, 64 bits unsigned.
     * @param compareCas    the cas the live item must have, or 0.
     * @param vivifyExptime on a miss, the exptime of an item made with {@code initial}, or {@link #NO_VIVIFY}.
     * @param initial       the value of a vivified item, 64 bits unsigned.
     * @param touchExptime  the new exptime, or {@link #NO_TOUCH}.
     * @param view          filled on {@link ArithResult#OK}.
     * @return what was done.
     * @throws IllegalArgumentException when the key or view is bad; nothing changes.
     * @throws IllegalStateException    when the store is closed.
     */
    public ArithResult arith(
        final byte[] key, final int keyLength, final boolean increment, final long delta, final long compareCas,
        final long vivifyExptime, final long initial, final long touchExptime, final ItemView view)
    {
        checkView(view);
        return commands.arith(key, keyLength, increment, delta, compareCas, vivifyExptime, initial, touchExptime,
            view, clock.getAsLong());
    }

    /**
     * Sets a live item's expiry and counts a touch hit or miss.
     *
     * @param key       holds the key in its first {@code keyLength} bytes.
     * @param keyLength bytes of the key, 1 to 250.
     * @param exptime   the new exptime.
     * @return whether the key held a live item.
     * @throws IllegalArgumentException when the key is bad; nothing changes.
     * @throws IllegalStateException    when the store is closed.
     */
    public boolean touch(final byte[] key, final int keyLength, final long exptime)
    {
        return commands.touch(key, keyLength, exptime, clock.getAsLong());
    }

    /**
     * Invalidates every item stored up to now, or, with a positive delay d, from d - 1 seconds from now on every
     * item last stored or bumped by then, as memcached 1.6.18 does; see {@link ExpiryRules}.
     *
     * @param delaySeconds 0 (or less) for at once, else seconds from now, or an absolute time as an exptime.
     * @throws IllegalStateException when the store is closed.
     */
    public void flushAll(final long delaySeconds)
    {
        lock.pause();
        try
        {
            lock.ensureOpen();
            stats.local().cmdFlush++;
            rules.flushAll(delaySeconds, lookup.nextCas(), clock.getAsLong());
        }
        finally
        {
            lock.resume();
        }
    }

    /** {@return the store's statistics, dumps and run-time tuning, for the admin commands; each call pauses it} */
    public StoreAdmin admin()
    {
        return admin;
    }

    /**
     * The largest value a key of {@code keyLength} bytes and these client flags can have, so that a protocol can
     * refuse early: memcached 1.6's limit, -I less what memcached counts for the item beside its value
     * ({@link ItemLayout#memcachedLength}).
     *
     * @param keyLength bytes of the key.
     * @param flags     the client's flags (0 takes no room in memcached's item).
     * @return bytes of the largest value.
     */
    public int maxValueLength(final int keyLength, final int flags)
    {
        return (int)(settings.maxItemSize() - ItemLayout.memcachedLength(settings.casEnabled(), keyLength, flags, 0));
    }

    /**
     * One round of the background work, as the background thread runs it once a second (see
     * {@link StoreMaintenance}).
     */
    void maintain()
    {
        maintenance.round();
    }

    /**
     * Stops the background work and gives the memory back: frees every item's slot, closes the slot cache and
     * unmaps the memory file (direct pages go back to the JVM once the store is unreachable); with a memory file,
     * keeps the items in it instead and writes the metadata of a {@link WarmRestart}. Closing twice does nothing;
     * any other call after it throws {@link IllegalStateException}.
     */
    @Override
    public void close()
    {
        if (null != background)
        {
            background.stop();
        }
        lock.pause();
        try
        {
            if (!lock.close())
            {
                return;
            }
            writer.removeAll();
            memory.close(lookup.nextCas(), rules, clock.getAsLong());
        }
        finally
        {
            lock.resume();
        }
    }

    private static void checkView(final ItemView view)
    {
        if (null == view)
        {
            throw new IllegalArgumentException("view must not be null");
        }
    }
}
