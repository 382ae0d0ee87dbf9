/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.locks.ReentrantLock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The commands that write a value: the six store modes and incr/decr. A new value of the old item's class is
 * written over the old item in its own slot; any other takes a new slot (making room as {@link ItemAllocator}
 * does, never at the cost of the item it replaces) and takes the old item's place. Call holding the key's item lock
 * ({@link StoreLock}); every thread has its own flyweights and scratch.
 */
final class ItemWriter
{
    private final ItemLookup lookup;
    private final ItemTable table;
    private final StoreMemory memory;
    private final ThreadStats stats;
    private final ItemAllocator allocator;
    private final ValueCopier copier;
    private final int maxItemSize;
    private final boolean withCas;
    private final ThreadLocal<DecimalValue> decimals = ThreadLocal.withInitial(DecimalValue::new);
    /** Each thread's flyweight aimed at the item a command finds under its key. */
    private final ThreadLocal<Item> olds = ThreadLocal.withInitial(Item::new);
    /** Each thread's flyweight aimed at a new item, in a new slot. */
    private final ThreadLocal<Item> items = ThreadLocal.withInitial(Item::new);

    /**
     * @param withCas whether new items keep a cas unique (false for -C).
     */
    ItemWriter(
        final ItemLookup lookup, final ItemAllocator allocator, final ValueCopier copier, final int maxItemSize,
        final boolean withCas)
    {
        this.withCas = withCas;
        this.lookup = lookup;
        this.table = lookup.table;
        this.memory = lookup.table.memory;
        this.stats = lookup.stats;
        this.allocator = allocator;
        this.copier = copier;
        this.maxItemSize = maxItemSize;
    }

    StoreResult store(
        final StoreMode mode, final byte[] key, final int keyLength, final int hash, final int flags,
        final long exptime, final long compareCas, final boolean invalidate, final boolean binaryKey,
        final ByteBuf value, final int valueIndex, final int valueLength, final ItemView view, final long now)
    {
        final StoreStats stats = this.stats.local();
        final Item old = olds.get();
        stats.cmdSet++;
        final boolean found = lookup.findLive(key, keyLength, hash, now, false, old);
        final boolean appending = StoreMode.APPEND == mode || StoreMode.PREPEND == mode;
        final int oldValueLength = found ? old.valueLength() : 0;
        if (ItemLayout.memcachedLength(withCas, keyLength, flags, valueLength) > maxItemSize)
        {
            dropOnFailedSet(mode, found, old);
            stats.storeTooLarge++;
            return StoreResult.TOO_LARGE;
        }
        stats.setCmds[memory.classFor((int)ItemLayout.totalLength(withCas, keyLength, valueLength))]++;

        boolean stale = false;
        // Under -C memcached's new item holds no compare value, so an append or prepend makes no compare at all.
        final long compare = withCas || !appending ? compareCas : 0;
        if (0 != compare || StoreMode.CAS == mode)
        {
            if (!found)
            {
                stats.casMisses++;
                return StoreResult.NOT_FOUND;
            }
            final long oldCas = old.cas();
            final int oldClass = old.sizeClass();
            if (0 != compare && oldCas == compare)
            {
                stats.casHits[oldClass]++;
            }
            else if (invalidate && 0 != compare && Long.compareUnsigned(compare, oldCas) < 0)
            {
                stats.casHits[oldClass]++;
                stale = true;
            }
            else
            {
                stats.casBadval[oldClass]++;
                return StoreResult.EXISTS;
            }
        }
        if (StoreMode.ADD == mode && found)
        {
            lookup.update(old, now);
            return StoreResult.NOT_STORED;
        }
        if (!found && (StoreMode.REPLACE == mode || appending))
        {
            return StoreResult.NOT_STORED;
        }

        final int itemFlags = appending ? old.flags() : flags;
        final long newValueLength = valueLength + (appending ? (long)oldValueLength : 0);
        if (appending && ItemLayout.memcachedLength(withCas, keyLength, itemFlags, newValueLength) > maxItemSize)
        {
            // memcached allocates the joined item only now, and a failed allocation is NOT_STORED.
            return StoreResult.NOT_STORED;
        }
        final long total = ItemLayout.totalLength(withCas, keyLength, newValueLength);
        final int sizeClass = memory.classFor((int)total);
        final long expiresAt = appending || stale ? old.expiresAt() : ExpiryRules.expiresAt(exptime, now);
        final int staleStatus = stale ? ItemLayout.STALE | old.status() & ItemLayout.TOKEN_SENT : 0;
        final int status = staleStatus | (binaryKey && !appending ? ItemLayout.KEY_BINARY : 0);

        final Item target;
        if (found && !appending && old.sizeClass() == sizeClass)
        {
            target = old;
            final long hashNext = old.hashNext();
            final int oldLength = old.itemLength();
            final ReentrantLock classLock = table.lru.lock(sizeClass);
            classLock.lock();
            try
            {
                table.lru.remove(old);
                old.writeHeader(
                    withCas, sizeClass, hash, key, keyLength, itemFlags, (int)newValueLength, expiresAt, now);
                old.status(status);
                old.hashNext(hashNext);
                old.linked(true);
                table.lru.pushHead(table.newSegment(old), old);
                table.resized(sizeClass, oldLength, old.itemLength());
            }
            finally
            {
                classLock.unlock();
            }
        }
        else
        {
            final long handle = allocator.allocate((int)total, found ? old : null, now);
            if (0 == handle)
            {
                dropOnFailedSet(mode, found, old);
                if (appending)
                {
                    return StoreResult.NOT_STORED;
                }
                stats.storeNoMemory++;
                return StoreResult.NO_MEMORY;
            }
            final Item item = items.get();
            target = item.wrap(memory, handle);
            item.writeHeader(withCas, sizeClass, hash, key, keyLength, itemFlags, (int)newValueLength, expiresAt, now);
            item.status(status);
        }
        final int valueOffset = target.valueOffset();
        if (StoreMode.APPEND == mode)
        {
            target.buffer().putBytes(valueOffset, old.buffer(), old.valueOffset(), oldValueLength);
            copier.copyIn(value, valueIndex, target.buffer(), valueOffset + oldValueLength, valueLength);
        }
        else if (StoreMode.PREPEND == mode)
        {
            copier.copyIn(value, valueIndex, target.buffer(), valueOffset, valueLength);
            target.buffer().putBytes(valueOffset + valueLength, old.buffer(), old.valueOffset(), oldValueLength);
        }
        else
        {
            copier.copyIn(value, valueIndex, target.buffer(), valueOffset, valueLength);
        }
        target.cas(lookup.newCas());
        if (target != old)
        {
            if (found)
            {
                table.replace(old, target);
            }
            else
            {
                table.link(target);
            }
        }
        stats.totalItems++;
        view.cas = target.cas();
        return StoreResult.STORED;
    }

    ArithResult arith(
        final byte[] key, final int keyLength, final int hash, final boolean increment, final long delta,
        final long compareCas, final long vivifyExptime, final long initial, final long touchExptime,
        final ItemView view, final long now)
    {
        final StoreStats stats = this.stats.local();
        final Item old = olds.get();
        if (!lookup.findLive(key, keyLength, hash, now, false, old))
        {
            if (increment)
            {
                stats.incrMisses++;
            }
            else
            {
                stats.decrMisses++;
            }
            return ItemStore.NO_VIVIFY == vivifyExptime ? ArithResult.NOT_FOUND :
                vivify(key, keyLength, hash, initial, ExpiryRules.expiresAt(vivifyExptime, now), view, now);
        }
        if (0 != compareCas && old.cas() != compareCas)
        {
            return ArithResult.EXISTS;
        }
        final int valueLength = old.valueLength();
        final DecimalValue decimal = decimals.get();
        if (!decimal.parse(old.buffer(), old.valueOffset(), valueLength))
        {
            return ArithResult.NON_NUMERIC;
        }
        final long number = decimal.value();
        final long result;
        if (increment)
        {
            result = number + delta;
            stats.incrHits[old.sizeClass()]++;
        }
        else
        {
            result = Long.compareUnsigned(delta, number) > 0 ? 0 : number - delta;
            stats.decrHits[old.sizeClass()]++;
        }

        final int digits = DecimalValue.digits(result);
        final Item target;
        if (digits <= valueLength)
        {
            target = old;
            final int valueOffset = old.valueOffset();
            DecimalValue.write(old.buffer(), valueOffset, result);
            old.buffer().setMemory(valueOffset + digits, valueLength - digits, (byte)' ');
            lookup.update(old, now);
        }
        else
        {
            final int total = (int)ItemLayout.totalLength(withCas, keyLength, digits);
            final long handle = allocator.allocate(total, old, now);
            if (0 == handle)
            {
                return ArithResult.NO_MEMORY;
            }
            final Item item = items.get();
            target = item.wrap(memory, handle);
            item.writeHeader(withCas, memory.classFor(total), hash, key, keyLength, old.flags(), digits,
                old.expiresAt(), now);
            DecimalValue.write(item.buffer(), item.valueOffset(), result);
            table.replace(old, item);
            stats.totalItems++;
        }
        target.cas(lookup.newCas());
        if (ItemStore.NO_TOUCH != touchExptime)
        {
            target.expiresAt(ExpiryRules.expiresAt(touchExptime, now));
        }
        view.number = result;
        fillArithView(target, view);
        return ArithResult.OK;
    }

    /**
     * Frees every item's slot, for the store's close; the index and LRUs are dropped with the store. Does nothing
     * when the memory file keeps the items for a {@link WarmRestart}.
     */
    void removeAll()
    {
        if (null != memory.warmRestart())
        {
            return;
        }
        final ItemLru lru = table.lru;
        final Item item = items.get();
        for (int list = 0; list < lru.lists(); list++)
        {
            long handle = lru.head(list);
            while (0 != handle)
            {
                final long next = item.wrap(memory, handle).lruNext();
                item.linked(false);
                memory.free(handle);
                handle = next;
            }
        }
    }

    private ArithResult vivify(
        final byte[] key, final int keyLength, final int hash, final long initial, final long expiresAt,
        final ItemView view, final long now)
    {
        final int digits = DecimalValue.digits(initial);
        final int total = (int)ItemLayout.totalLength(withCas, keyLength, digits);
        final long handle = allocator.allocate(total, null, now);
        if (0 == handle)
        {
            return ArithResult.NO_MEMORY;
        }
        final Item item = items.get();
        item.wrap(memory, handle);
        item.writeHeader(withCas, memory.classFor(total), hash, key, keyLength, 0, digits, expiresAt, now);
        DecimalValue.write(item.buffer(), item.valueOffset(), initial);
        item.cas(lookup.newCas());
        table.link(item);
        stats.local().totalItems++;
        view.number = initial;
        fillArithView(item, view);
        return ArithResult.OK;
    }

    /**
     * mg's vivify: stores an empty item (flags 0) under a missing key, its win token already given to this reader.
     *
     * @return whether the item was stored; the view is then filled as a hit's.
     */
    boolean vivifyEmpty(
        final byte[] key, final int keyLength, final int hash, final long exptime, final ItemView view, final long now)
    {
        if (StoreResult.STORED != store(StoreMode.ADD, key, keyLength, hash, 0, exptime, 0, false, false,
            Unpooled.EMPTY_BUFFER, 0, 0, view, now))
        {
            return false;
        }
        final Item item = items.get();
        lookup.findLive(key, keyLength, hash, now, false, item);
        item.addStatus(ItemLayout.TOKEN_SENT);
        view.flags = 0;
        view.valueLength = 0;
        view.expiresAt = item.expiresAt();
        view.lastAccess = now;
        view.fetched = false;
        view.stale = false;
        view.tokenSent = false;
        view.binaryKey = false;
        view.win = true;
        return true;
    }

    private static void fillArithView(final Item item, final ItemView view)
    {
        view.cas = item.cas();
        view.expiresAt = item.expiresAt();
        view.flags = item.flags();
        view.valueLength = item.valueLength();
    }

    private void dropOnFailedSet(final StoreMode mode, final boolean found, final Item old)
    {
        if (StoreMode.SET == mode && found)
        {
            table.remove(old);
        }
    }
}
