/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The introspection replies that read items rather than counters, each in memcached's format: "stats cachedump"
 * (ITEM lines of a class, newest first), "lru_crawler metadump" (key= lines, oldest first, a batch at a time),
 * "me" (one item's metadata) and "stats sizes" (a histogram of item sizes in 32-byte buckets). Reads no item
 * through a stale handle and changes none, except that, as memcached's lookups do, an expired or flushed item that
 * "me" finds is reclaimed. Every method runs with the store paused ({@link StoreAdmin}).
 * <p>
 * A metadump walks each class's LRU from its tail with the class's dump cursor ({@link ItemLru#dumpCursor}),
 * which steps on when the item under it leaves the list, so that batches with the lock let go between them miss
 * no item that stays and show none twice unless it was stored again. One metadump runs at a time, as memcached's
 * one crawler.
 * <p>
 * Public for the protocol's introspection commands, which reach it through {@link StoreAdmin#dump}.
 */
public final class ItemDumps
{
    /** memcached's cap on a cachedump reply. */
    static final int CACHEDUMP_LIMIT_BYTES = 2 * 1024 * 1024;
    /** memcached's MAX_NUMBER_OF_SLAB_CLASSES: a cachedump of a class from here on is refused. */
    public static final int MAX_CLASS_ID = 64;
    /** Width of a "stats sizes" bucket. */
    static final int SIZE_BUCKET = 32;

    private static final byte[] ITEM = "ITEM ".getBytes(StandardCharsets.US_ASCII);
    /** memcached's last line of a dump. */
    private static final byte[] END = "END\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The reply of "me" to a key it does not find. */
    private static final byte[] EN = "EN\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final boolean[] URI_SAFE = new boolean[256];

    static
    {
        for (int c = 0; c < 256; c++)
        {
            URI_SAFE[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                '-' == c || '.' == c || '_' == c || '~' == c;
        }
    }

    private final ItemTable table;
    private final StoreMemory memory;
    private final ExpiryRules rules;
    private final ItemLookup lookup;
    /** Aimed at the item a dump writes: one thread at a time, with the store paused. */
    private final Item item = new Item();
    /** The order a metadump walks a class's lists in: its oldest items first. */
    private static final int[] DUMP_ORDER = {ItemLru.COLD, ItemLru.WARM, ItemLru.HOT, ItemLru.TEMP};

    private boolean[] dumping;
    private int dumpStep;
    private int dumpList;
    private long sizesCasMin = -1;

    ItemDumps(final ItemLookup lookup)
    {
        this.lookup = lookup;
        this.table = lookup.table;
        this.memory = table.memory;
        this.rules = lookup.rules;
    }

    /**
     * Percent-encodes a key as memcached's uriencode does: every byte but letters, digits and "-._~" as %XX.
     *
     * @param key       the key's bytes.
     * @param keyLength how many.
     * @return the encoded key.
     */
    static String uriEncode(final byte[] key, final int keyLength)
    {
        final StringBuilder out = new StringBuilder(keyLength + 8);
        for (int i = 0; i < keyLength; i++)
        {
            final int c = key[i] & 0xFF;
            if (URI_SAFE[c])
            {
                out.append((char)c);
            }
            else
            {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /**
     * "stats cachedump": "ITEM key [N b; T s]" for up to {@code limit} items of a class (0 for all), list after list
     * (hot, warm, cold, temporary), newest first in each, T the absolute expiry or 0, then "END"; at most
     * {@link #CACHEDUMP_LIMIT_BYTES} in all. memcached shows the cold list only, where its new items are not yet.
     *
     * @param classId the class, numbered from 1 as "stats slabs" shows it; one with no item gives just "END".
     * @param limit   the most items shown, 0 for all.
     * @param out     the reply.
     */
    public void cachedump(final int classId, final long limit, final ByteBuf out)
    {
        final int start = out.writerIndex();
        final int sizeClass = classId - 1;
        final boolean known = sizeClass >= 0 && sizeClass < table.lru.classes();
        int list = known ? ItemLru.list(sizeClass, ItemLru.HOT) : 0;
        final int end = known ? list + ItemLru.SEGMENTS : 0;
        long handle = known ? table.lru.head(list) : 0;
        long shown = 0;
        while (list < end && (0 == limit || shown < limit))
        {
            if (0 == handle)
            {
                handle = ++list < end ? table.lru.head(list) : 0;
                continue;
            }
            item.wrap(memory, handle);
            final int mark = out.writerIndex();
            out.writeBytes(ITEM);
            out.writeBytes(item.keyBytes());
            out.writeCharSequence(" [" + item.valueLength() + " b; " +
                item.expiresAt() + " s]\r\n", StandardCharsets.US_ASCII);
            if (out.writerIndex() - start + END.length > CACHEDUMP_LIMIT_BYTES)
            {
                out.writerIndex(mark);
                break;
            }
            shown++;
            handle = item.lruNext();
        }
        out.writeBytes(END);
    }

    /**
     * "me": "ME key exp=E la=L cas=C fetch=yes|no cls=N size=S" of a live item, as memcached 1.6.18 writes it: E is
     * -1 for no expiry, else now less the expiry (so negative while the item lives), L the seconds since its last
     * access; or "EN" when there is none. Counts nothing and bumps nothing.
     *
     * @param key       the key's bytes.
     * @param keyLength how many of them.
     * @param now       the time, in Unix seconds.
     * @param out       the reply.
     */
    public void me(final byte[] key, final int keyLength, final long now, final ByteBuf out)
    {
        if (!lookup.findLive(key, keyLength, ItemLookup.hash(key, keyLength), now, false, item))
        {
            out.writeBytes(EN);
            return;
        }
        final long expiresAt = item.expiresAt();
        out.writeCharSequence("ME ", StandardCharsets.US_ASCII);
        out.writeBytes(item.keyBytes());
        out.writeCharSequence(" exp=" + (0 == expiresAt ? -1 : now - expiresAt) + " la=" +
            (now - item.time()) + " " + metaFields(item) + "\r\n",
            StandardCharsets.US_ASCII);
    }

    /**
     * Starts a metadump of the classes marked in {@code classes} (indexed by class id, from 1).
     *
     * @param classes the classes to dump, by class id.
     * @return false when a metadump runs already.
     */
    public boolean startMetadump(final boolean[] classes)
    {
        if (null != dumping)
        {
            return false;
        }
        dumping = classes;
        dumpStep = -1;
        dumpList = -1;
        table.lru.holdMoves(true);
        return true;
    }

    /**
     * Writes the next "key=K exp=E la=L cas=C fetch=F cls=N size=S" lines of the metadump, class by class, each
     * class's cold, warm, hot and temporary lists in turn, oldest first in each (so that no item changes lists
     * while it runs, see {@link ItemLru#holdMoves}), skipping expired and flushed items; E and L are absolute Unix
     * times (E -1 for none), K is {@link #uriEncode uri-encoded}. After the last item writes "END" and ends the run.
     *
     * @param maxItems items to look at in this batch.
     * @param now      the time, in Unix seconds.
     * @param out      the reply.
     * @return whether there is more to write.
     */
    public boolean metadumpBatch(final int maxItems, final long now, final ByteBuf out)
    {
        final ItemLru lru = table.lru;
        int left = maxItems;
        while (left > 0)
        {
            long handle = dumpList < 0 ? 0 : lru.dumpCursor(dumpList);
            if (0 == handle)
            {
                if (!nextDumpList())
                {
                    out.writeBytes(END);
                    dumping = null;
                    lru.holdMoves(false);
                    return false;
                }
                handle = lru.tail(dumpList);
                if (0 == handle)
                {
                    continue;
                }
            }
            left--;
            lru.dumpCursor(dumpList, item.wrap(memory, handle).lruPrev());
            if (rules.isDead(item, now))
            {
                continue;
            }
            final long expiresAt = item.expiresAt();
            final byte[] key = item.keyBytes();
            out.writeCharSequence("key=" + uriEncode(key, key.length) + " exp=" + (0 == expiresAt ? -1 : expiresAt) +
                " la=" + item.time() + " " + metaFields(item) + "\n",
                StandardCharsets.US_ASCII);
        }
        return true;
    }

    /** Ends a metadump whose client went away. */
    public void stopMetadump()
    {
        if (null != dumping)
        {
            for (int list = 0; list < table.lru.lists(); list++)
            {
                table.lru.dumpCursor(list, 0);
            }
            dumping = null;
            table.lru.holdMoves(false);
        }
    }

    private boolean nextDumpList()
    {
        final ItemLru lru = table.lru;
        while (++dumpStep < lru.lists())
        {
            final int classId = dumpStep / ItemLru.SEGMENTS + 1;
            dumpList = ItemLru.list(classId - 1, DUMP_ORDER[dumpStep % ItemLru.SEGMENTS]);
            if (classId < dumping.length && dumping[classId] && 0 != lru.tail(dumpList))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * "stats sizes_enable": from now on items with a cas from the next one on count in "stats sizes", as
     * memcached's histogram counts the items linked after it was enabled.
     */
    public void enableSizes()
    {
        if (sizesCasMin < 0)
        {
            sizesCasMin = lookup.nextCas();
        }
    }

    /** "stats sizes_disable". */
    public void disableSizes()
    {
        sizesCasMin = -1;
    }

    /** @return whether "stats sizes" counts. */
    boolean sizesEnabled()
    {
        return sizesCasMin >= 0;
    }

    /**
     * "stats sizes": for each 32-byte bucket holding an item, "STAT size count", size the bucket's upper bound, of
     * the linked items stored since sizes were enabled; "STAT sizes_status disabled" when they are not. Walks every
     * LRU: a development command, as memcached-tool calls it.
     *
     * @param sink where the lines go.
     */
    public void sizes(final StatSink sink)
    {
        if (sizesCasMin < 0)
        {
            sink.stat("sizes_status", "disabled");
            return;
        }
        final java.util.TreeMap<Integer, Long> buckets = new java.util.TreeMap<>();
        final ItemLru lru = table.lru;
        for (int list = 0; list < lru.lists(); list++)
        {
            for (long handle = lru.head(list); 0 != handle; )
            {
                item.wrap(memory, handle);
                if (Long.compareUnsigned(item.cas(), sizesCasMin) >= 0)
                {
                    final int bucket = (item.itemLength() + SIZE_BUCKET - 1) / SIZE_BUCKET;
                    buckets.merge(bucket * SIZE_BUCKET, 1L, Long::sum);
                }
                handle = item.lruNext();
            }
        }
        buckets.forEach((size, count) -> sink.stat(Integer.toString(size), Long.toString(count)));
    }

    private static String metaFields(final Item item)
    {
        return "cas=" + Long.toUnsignedString(item.cas()) + " fetch=" +
            (item.hasStatus(ItemLayout.FETCHED) ? "yes" : "no") + " cls=" + (item.sizeClass() + 1) + " size=" +
            item.itemLength();
    }
}
