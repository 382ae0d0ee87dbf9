/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.io.PrintStream;
import java.util.Arrays;

import dev.slabcache.master.LiveSlots;
import dev.slabcache.master.SizeClass;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The warm restart of a store over a memory file (-e), as memcached 1.6's restartable cache: a clean stop writes
 * the {@link RestartMeta} file beside the memory file, and a start with the same settings reopens the memory, keeps
 * each slot whose item is {@link ItemLayout#LINKED} and whole, rebuilds the index and the LRU lists, drops the
 * items expired or flushed by now and sets the cas counter past every kept cas. A start with other settings, or
 * after a stop that wrote no metadata (a crash, {@code kill -9}), begins empty.
 * <p>
 * The LRU order is kept by the items' last access: each class's kept items are linked oldest first at the head of
 * the list they were on (hot, warm, cold or temporary, when the LRU settings still have it; else cold), so the most
 * recently used item of each list is its head again. Positions between items accessed in the same second, and the
 * statistics, are not kept.
 * <p>
 * Every start writes ONE line to the log saying what it did: how many items it kept, or why it began empty.
 * Single-threaded: the store runs it in its constructor, before anyone can reach the store.
 */
final class WarmRestart implements LiveSlots
{
    private final StoreSettings settings;
    private final PrintStream log;
    private final boolean withCas;
    private RestartMeta meta;
    private String refusal;
    private long[] handles = new long[1024];
    private int count;
    private long rejected;
    private String note;
    private long openNanos;

    /**
     * @param settings the store's settings, with a memory file.
     */
    WarmRestart(final StoreSettings settings)
    {
        this(settings, System.err);
    }

    /**
     * @param settings the store's settings, with a memory file.
     * @param log      where the one line goes.
     */
    WarmRestart(final StoreSettings settings, final PrintStream log)
    {
        this.settings = settings;
        this.log = log;
        this.withCas = settings.casEnabled();
    }

    /**
     * Opens and invalidates the metadata file.
     *
     * @param memoryBytes  bytes of the memory file the pool covers.
     * @param layoutLength bytes the library's layout needs.
     * @return the region for the library's layout.
     */
    AtomicBuffer open(final long memoryBytes, final int layoutLength)
    {
        openNanos = System.nanoTime();
        meta = new RestartMeta(settings, memoryBytes, layoutLength);
        refusal = meta.refusal();
        return meta.layout();
    }

    /**
     * @return whether the metadata allows reopening the memory.
     */
    boolean mayReopen()
    {
        return null == refusal;
    }

    /**
     * Records why the library refused to reopen the memory: the store begins empty.
     *
     * @param why what was refused.
     */
    void refused(final String why)
    {
        refusal = why;
        count = 0;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Live: the slot's item is {@link ItemLayout#LINKED} and its header is whole (a key of 1 to 250 bytes, the cas
     * as this store keeps it, header, key and value within the slot). A linked one that is not whole has the bit
     * cleared, so that no free slot carries it.
     */
    @Override
    public boolean isLive(final AtomicBuffer buffer, final int offset, final int slotSize)
    {
        final int field = buffer.getShort(offset + ItemLayout.SIZE_CLASS) & 0xFFFF;
        if (0 == (field & ItemLayout.LINKED))
        {
            return false;
        }
        final int keyLength = buffer.getByte(offset + ItemLayout.KEY_LENGTH) & 0xFF;
        final boolean hasCas = 0 != (buffer.getByte(offset + ItemLayout.STATUS) & ItemLayout.HAS_CAS);
        final long valueLength = buffer.getInt(offset + ItemLayout.VALUE_LENGTH);
        if (keyLength < 1 || keyLength > ItemLayout.MAX_KEY_LENGTH || hasCas != withCas || valueLength < 0 ||
            ItemLayout.totalLength(withCas, keyLength, valueLength) > slotSize)
        {
            buffer.putShort(offset + ItemLayout.SIZE_CLASS, (short)(field & ItemLayout.CLASS_MASK));
            rejected++;
            return false;
        }
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void reopened(final long handle, final AtomicBuffer buffer, final int offset)
    {
        if (count == handles.length)
        {
            handles = Arrays.copyOf(handles, handles.length << 1);
        }
        handles[count++] = handle;
    }

    /**
     * Links the items kept, oldest access first, drops the ones of another class, or whose key does not hash to the
     * hash kept, or expired or flushed by {@code now}; sets the cas counter and the flush rule; logs one line.
     *
     * @param memory the reopened memory.
     * @param table  the empty index and LRU lists.
     * @param lookup the cas counter.
     * @param rules  the flush rule.
     * @param now    the time, in Unix seconds.
     */
    void rebuild(
        final StoreMemory memory, final ItemTable table, final ItemLookup lookup, final ExpiryRules rules,
        final long now)
    {
        if (null != refusal)
        {
            note = "warm restart: starting empty: " + refusal;
            log.println(note);
            return;
        }
        final long rebuildNanos = System.nanoTime();
        rules.restore(meta.oldestLive(), meta.oldestCas());
        final Item item = new Item();
        final byte[] key = new byte[ItemLayout.MAX_KEY_LENGTH];
        final long[] order = new long[count];
        final int[] slotSizes = memory.classes().stream().mapToInt(SizeClass::slotSize).toArray();
        int kept = 0;
        int dropped = 0;
        long maxCas = 0;
        for (int i = 0; i < count; i++)
        {
            final long handle = handles[i];
            item.wrap(memory, handle);
            final int sizeClass = item.sizeClass();
            item.buffer().getBytes(item.keyOffset(), key, 0, item.keyLength());
            final boolean whole = sizeClass < slotSizes.length && slotSizes[sizeClass] == memory.slotSize(handle) &&
                (int)KeyHash.hash(key, item.keyLength()) == item.keyHash();
            if (!whole || rules.isDead(item, now))
            {
                rejected += whole ? 0 : 1;
                dropped += whole ? 1 : 0;
                item.linked(false);
                memory.free(handle);
                continue;
            }
            order[kept++] = (item.time() << 31) | i;
            if (withCas && Long.compareUnsigned(item.cas(), maxCas) > 0)
            {
                maxCas = item.cas();
            }
        }
        Arrays.sort(order, 0, kept);
        table.index.presize(kept);
        for (int i = 0; i < kept; i++)
        {
            item.wrap(memory, handles[(int)(order[i] & Integer.MAX_VALUE)]);
            table.linkAt(table.keptSegment(item), item);
            table.index.expandSteps(ItemIndex.BUCKETS_PER_STEP);
        }
        while (table.index.expandSteps(Integer.MAX_VALUE))
        {
            Thread.onSpinWait();
        }
        lookup.casFrom(Math.max(meta.nextCas(), maxCas + 1));
        handles = null;
        note = "warm restart: kept " + kept + " items, dropped " + dropped + " expired or flushed and " + rejected +
            " not whole, in " + (System.nanoTime() - openNanos) / 1_000_000 + " ms (metadata and reopen " +
            (rebuildNanos - openNanos) / 1_000_000 + " ms, index and LRU " +
            (System.nanoTime() - rebuildNanos) / 1_000_000 + " ms)";
        log.println(note);
    }

    /**
     * @return the line the start logged, or null before {@link #rebuild}.
     */
    String note()
    {
        return note;
    }

    /**
     * Writes the metadata for the next start, once the cache has closed and written its layout, and unmaps it.
     *
     * @param memoryBytes bytes of the memory file the pool covers.
     * @param nextCas     the next cas unique.
     * @param rules       the flush rule.
     * @param now         the time of the stop, in Unix seconds.
     */
    void stopped(final long memoryBytes, final long nextCas, final ExpiryRules rules, final long now)
    {
        meta.write(settings, memoryBytes, nextCas, rules.oldestLive(), rules.oldestCas(), now);
        meta.close();
    }

    /**
     * Unmaps the metadata file without writing it, for a store that failed to open.
     */
    void abandon()
    {
        if (null != meta)
        {
            meta.close();
        }
    }
}
