/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.concurrent.locks.ReentrantLock;

import dev.slabcache.master.SizeClassCache;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The commands that write a value: the six store modes and incr/decr. A new value of the old item's class is
 * written over the old item in its own slot; any other takes a new slot (making room as {@link ItemAllocator}
 * does, never at the cost of the item it replaces) and takes the old item's place. Call holding the key's item lock
 * ({@link StoreLock}).
 */
final class ItemWriter
{
    private final ItemLookup lookup;
    private final ItemTable table;
    private final SizeClassCache cache;
    private final ThreadStats stats;
    private final ItemAllocator allocator;
    private final ValueCopier copier;
    private final int maxItemSize;
    private final boolean withCas;
    private final ThreadLocal<DecimalValue> decimals = ThreadLocal.withInitial(DecimalValue::new);

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
        this.cache = lookup.cache;
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
        final StoreStats counts = stats.local();
        counts.cmdSet++;
        final long old = lookup.findLive(key, keyLength, hash, now, false);
        final AtomicBuffer oldBuffer = 0 == old ? null : cache.buffer(old);
        final int oldOffset = 0 == old ? 0 : cache.offset(old);
        final boolean appending = StoreMode.APPEND == mode || StoreMode.PREPEND == mode;
        final int oldValueLength = 0 == old ? 0 : ItemLayout.valueLength(oldBuffer, oldOffset);
        if (ItemLayout.memcachedLength(withCas, keyLength, flags, valueLength) > maxItemSize)
        {
            dropOnFailedSet(mode, old, oldBuffer, oldOffset);
            counts.storeTooLarge++;
            return StoreResult.TOO_LARGE;
        }
        counts.setCmds[cache.classFor((int)ItemLayout.totalLength(withCas, keyLength, valueLength))]++;

        boolean stale = false;
        // Under -C memcached's new item holds no compare value, so an append or prepend makes no compare at all.
        final long compare = withCas || !appending ? compareCas : 0;
        if (0 != compare || StoreMode.CAS == mode)
        {
            if (0 == old)
            {
                counts.casMisses++;
                return StoreResult.NOT_FOUND;
            }
            final long oldCas = ItemLayout.cas(oldBuffer, oldOffset);
            final int oldClass = ItemLayout.sizeClass(oldBuffer, oldOffset);
            if (0 != compare && oldCas == compare)
            {
                counts.casHits[oldClass]++;
            }
            else if (invalidate && 0 != compare && Long.compareUnsigned(compare, oldCas) < 0)
            {
                counts.casHits[oldClass]++;
                stale = true;
            }
            else
            {
                counts.casBadval[oldClass]++;
                return StoreResult.EXISTS;
            }
        }
        if (StoreMode.ADD == mode && 0 != old)
        {
            lookup.update(old, oldBuffer, oldOffset, now);
            return StoreResult.NOT_STORED;
        }
        if (0 == old && (StoreMode.REPLACE == mode || appending))
        {
            return StoreResult.NOT_STORED;
        }

        final int itemFlags = appending ? ItemLayout.flags(oldBuffer, oldOffset) : flags;
        final long newValueLength = valueLength + (appending ? (long)oldValueLength : 0);
        if (appending && ItemLayout.memcachedLength(withCas, keyLength, itemFlags, newValueLength) > maxItemSize)
        {
            // memcached allocates the joined item only now, and a failed allocation is NOT_STORED.
            return StoreResult.NOT_STORED;
        }
        final long total = ItemLayout.totalLength(withCas, keyLength, newValueLength);
        final int sizeClass = cache.classFor((int)total);
        final long expiresAt = appending || stale ?
            ItemLayout.expiresAt(oldBuffer, oldOffset) : ExpiryRules.expiresAt(exptime, now);
        final int staleStatus = stale ?
            ItemLayout.STALE | ItemLayout.status(oldBuffer, oldOffset) & ItemLayout.TOKEN_SENT : 0;
        final int status = staleStatus | (binaryKey && !appending ? ItemLayout.KEY_BINARY : 0);

        final long handle;
        final AtomicBuffer buffer;
        final int offset;
        if (0 != old && !appending && ItemLayout.sizeClass(oldBuffer, oldOffset) == sizeClass)
        {
            handle = old;
            buffer = oldBuffer;
            offset = oldOffset;
            final long hashNext = ItemLayout.hashNext(buffer, offset);
            final int oldLength = ItemLayout.itemLength(buffer, offset);
            final ReentrantLock classLock = table.lru.lock(sizeClass);
            classLock.lock();
            try
            {
                table.lru.remove(handle, buffer, offset);
                ItemLayout.writeHeader(buffer, offset, withCas, sizeClass, hash, key, keyLength, itemFlags,
                    (int)newValueLength, expiresAt, now);
                ItemLayout.status(buffer, offset, status);
                ItemLayout.hashNext(buffer, offset, hashNext);
                table.lru.pushHead(table.newSegment(buffer, offset), handle, buffer, offset);
                table.resized(sizeClass, oldLength, ItemLayout.itemLength(buffer, offset));
            }
            finally
            {
                classLock.unlock();
            }
        }
        else
        {
            handle = allocator.allocate((int)total, old, now);
            if (0 == handle)
            {
                dropOnFailedSet(mode, old, oldBuffer, oldOffset);
                if (appending)
                {
                    return StoreResult.NOT_STORED;
                }
                counts.storeNoMemory++;
                return StoreResult.NO_MEMORY;
            }
            buffer = cache.buffer(handle);
            offset = cache.offset(handle);
            ItemLayout.writeHeader(buffer, offset, withCas, sizeClass, hash, key, keyLength, itemFlags,
                (int)newValueLength, expiresAt, now);
            ItemLayout.status(buffer, offset, status);
        }
        final int valueOffset = ItemLayout.valueOffset(buffer, offset);
        if (StoreMode.APPEND == mode)
        {
            buffer.putBytes(valueOffset, oldBuffer, ItemLayout.valueOffset(oldBuffer, oldOffset), oldValueLength);
            copier.copyIn(value, valueIndex, buffer, valueOffset + oldValueLength, valueLength);
        }
        else if (StoreMode.PREPEND == mode)
        {
            copier.copyIn(value, valueIndex, buffer, valueOffset, valueLength);
            buffer.putBytes(valueOffset + valueLength, oldBuffer, ItemLayout.valueOffset(oldBuffer, oldOffset),
                oldValueLength);
        }
        else
        {
            copier.copyIn(value, valueIndex, buffer, valueOffset, valueLength);
        }
        ItemLayout.cas(buffer, offset, lookup.newCas());
        if (handle != old)
        {
            if (0 == old)
            {
                table.link(handle, buffer, offset);
            }
            else
            {
                table.replace(old, oldBuffer, oldOffset, handle, buffer, offset);
            }
        }
        counts.totalItems++;
        view.cas = ItemLayout.cas(buffer, offset);
        return StoreResult.STORED;
    }

    ArithResult arith(
        final byte[] key, final int keyLength, final int hash, final boolean increment, final long delta,
        final long compareCas, final long vivifyExptime, final long initial, final long touchExptime,
        final ItemView view, final long now)
    {
        final StoreStats counts = stats.local();
        final long old = lookup.findLive(key, keyLength, hash, now, false);
        if (0 == old)
        {
            if (increment)
            {
                counts.incrMisses++;
            }
            else
            {
                counts.decrMisses++;
            }
            return ItemStore.NO_VIVIFY == vivifyExptime ? ArithResult.NOT_FOUND :
                vivify(key, keyLength, hash, initial, ExpiryRules.expiresAt(vivifyExptime, now), view, now);
        }
        final AtomicBuffer oldBuffer = cache.buffer(old);
        final int oldOffset = cache.offset(old);
        if (0 != compareCas && ItemLayout.cas(oldBuffer, oldOffset) != compareCas)
        {
            return ArithResult.EXISTS;
        }
        final int valueLength = ItemLayout.valueLength(oldBuffer, oldOffset);
        final DecimalValue decimal = decimals.get();
        if (!decimal.parse(oldBuffer, ItemLayout.valueOffset(oldBuffer, oldOffset), valueLength))
        {
            return ArithResult.NON_NUMERIC;
        }
        final long number = decimal.value();
        final long result;
        if (increment)
        {
            result = number + delta;
            counts.incrHits[ItemLayout.sizeClass(oldBuffer, oldOffset)]++;
        }
        else
        {
            result = Long.compareUnsigned(delta, number) > 0 ? 0 : number - delta;
            counts.decrHits[ItemLayout.sizeClass(oldBuffer, oldOffset)]++;
        }

        final int digits = DecimalValue.digits(result);
        final long handle;
        final AtomicBuffer buffer;
        final int offset;
        if (digits <= valueLength)
        {
            handle = old;
            buffer = oldBuffer;
            offset = oldOffset;
            final int valueOffset = ItemLayout.valueOffset(buffer, offset);
            DecimalValue.write(buffer, valueOffset, result);
            buffer.setMemory(valueOffset + digits, valueLength - digits, (byte)' ');
            lookup.update(handle, buffer, offset, now);
        }
        else
        {
            final int total = (int)ItemLayout.totalLength(withCas, keyLength, digits);
            handle = allocator.allocate(total, old, now);
            if (0 == handle)
            {
                return ArithResult.NO_MEMORY;
            }
            buffer = cache.buffer(handle);
            offset = cache.offset(handle);
            ItemLayout.writeHeader(buffer, offset, withCas, cache.classFor(total),
                ItemLayout.keyHash(oldBuffer, oldOffset), key, keyLength, ItemLayout.flags(oldBuffer, oldOffset), digits,
                ItemLayout.expiresAt(oldBuffer, oldOffset), now);
            DecimalValue.write(buffer, ItemLayout.valueOffset(buffer, offset), result);
            table.replace(old, oldBuffer, oldOffset, handle, buffer, offset);
            counts.totalItems++;
        }
        ItemLayout.cas(buffer, offset, lookup.newCas());
        if (ItemStore.NO_TOUCH != touchExptime)
        {
            ItemLayout.expiresAt(buffer, offset, ExpiryRules.expiresAt(touchExptime, now));
        }
        view.number = result;
        fillArithView(buffer, offset, view);
        return ArithResult.OK;
    }

    /**
     * Frees every item's slot, for the store's close; the index and LRUs are dropped with the store.
     */
    void removeAll()
    {
        final ItemLru lru = table.lru;
        for (int list = 0; list < lru.lists(); list++)
        {
            long handle = lru.head(list);
            while (0 != handle)
            {
                final long next = ItemLayout.lruNext(cache.buffer(handle), cache.offset(handle));
                cache.free(handle);
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
        final long handle = allocator.allocate(total, 0, now);
        if (0 == handle)
        {
            return ArithResult.NO_MEMORY;
        }
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        ItemLayout.writeHeader(
            buffer, offset, withCas, cache.classFor(total), hash, key, keyLength, 0, digits, expiresAt, now);
        DecimalValue.write(buffer, ItemLayout.valueOffset(buffer, offset), initial);
        ItemLayout.cas(buffer, offset, lookup.newCas());
        table.link(handle, buffer, offset);
        stats.local().totalItems++;
        view.number = initial;
        fillArithView(buffer, offset, view);
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
        final long handle = lookup.findLive(key, keyLength, hash, now, false);
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        ItemLayout.addStatus(buffer, offset, ItemLayout.TOKEN_SENT);
        view.flags = 0;
        view.valueLength = 0;
        view.expiresAt = ItemLayout.expiresAt(buffer, offset);
        view.lastAccess = now;
        view.fetched = false;
        view.stale = false;
        view.tokenSent = false;
        view.binaryKey = false;
        view.win = true;
        return true;
    }

    private static void fillArithView(final AtomicBuffer buffer, final int offset, final ItemView view)
    {
        view.cas = ItemLayout.cas(buffer, offset);
        view.expiresAt = ItemLayout.expiresAt(buffer, offset);
        view.flags = ItemLayout.flags(buffer, offset);
        view.valueLength = ItemLayout.valueLength(buffer, offset);
    }

    private void dropOnFailedSet(final StoreMode mode, final long old, final AtomicBuffer buffer, final int offset)
    {
        if (StoreMode.SET == mode && 0 != old)
        {
            table.remove(old, buffer, offset);
        }
    }
}
