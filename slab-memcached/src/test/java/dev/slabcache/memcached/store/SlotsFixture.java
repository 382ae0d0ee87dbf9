/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small store memory and items written into it by hand, for the unit tests of the item, the index and LRUs.
 */
final class SlotsFixture implements AutoCloseable
{
    /** 16 MiB of 1 MiB pages, the smallest class 128 bytes. */
    final StoreMemory memory = new StoreMemory(new StoreSettings(16L << 20, 1.25, 80, 1024, true, null));
    private final List<Long> handles = new ArrayList<>();

    /**
     * @return the handle of a new item with that key and value, linked nowhere.
     */
    long item(final String key, final String value)
    {
        final byte[] k = bytes(key);
        final byte[] v = bytes(value);
        final int total = (int)ItemLayout.totalLength(true, k.length, v.length);
        final Item item = new Item().wrap(memory, memory.tryAllocate(total));
        item.writeHeader(true, memory.classFor(total), hash(key), k, k.length, 0, v.length, 0, 0);
        item.buffer().putBytes(item.valueOffset(), v);
        handles.add(item.handle());
        return item.handle();
    }

    /**
     * @return a new flyweight aimed at the item.
     */
    Item at(final long handle)
    {
        return new Item().wrap(memory, handle);
    }

    /**
     * @return the handle the index finds under the key, or 0.
     */
    long find(final ItemIndex index, final String key)
    {
        final byte[] k = bytes(key);
        final Item item = new Item();
        return index.find(k, k.length, hash(key), item) ? item.handle() : 0;
    }

    /**
     * @return an index over this memory with one item lock, which these single-threaded tests never contend.
     */
    ItemIndex index(final int initialHashPower)
    {
        return new ItemIndex(memory, initialHashPower, new StoreLock(1, new ItemLru(memory, memory.classes().size())));
    }

    static int hash(final String key)
    {
        final byte[] k = bytes(key);
        return (int)KeyHash.hash(k, k.length);
    }

    static byte[] bytes(final String key)
    {
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close()
    {
        handles.forEach(memory::free);
        memory.close();
    }
}
