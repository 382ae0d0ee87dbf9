/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.charset.StandardCharsets;

import dev.slabcache.master.SizeClassCache;
import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The introspection replies that read items rather than counters, each in memcached's format: "stats cachedump"
 * (ITEM lines of a class, newest first), "lru_crawler metadump" (key= lines, oldest first, a batch at a time),
 * "me" (one item's metadata) and "stats sizes" (a histogram of item sizes in 32-byte buckets). Reads no item
 * through a stale handle and changes none, except that, as memcached's lookups do, an expired or flushed item that
 * "me" finds is reclaimed. Not thread-safe: every method runs under the store's lock.
 * <p>
 * A metadump walks each class's LRU from its tail with the class's dump cursor ({@link ItemLru#dumpCursor}),
 * which steps on when the item under it leaves the list, so that batches with the lock let go between them miss
 * no item that stays and show none twice unless it was stored again. One metadump runs at a time, as memcached's
 * one crawler.
 */
final class ItemDumps
{
    /** memcached's cap on a cachedump reply. */
    static final int CACHEDUMP_LIMIT_BYTES = 2 * 1024 * 1024;
    /** memcached's MAX_NUMBER_OF_SLAB_CLASSES: a cachedump of a class from here on is refused. */
    static final int MAX_CLASS_ID = 64;
    /** Width of a "stats sizes" bucket. */
    static final int SIZE_BUCKET = 32;

    private static final byte[] ITEM = Replies.ascii("ITEM ");
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
    private final SizeClassCache cache;
    private final ExpiryRules rules;
    private final ItemLookup lookup;
    private boolean[] dumping;
    private int dumpClass;
    private long sizesCasMin = -1;

    ItemDumps(final ItemLookup lookup)
    {
        this.lookup = lookup;
        this.table = lookup.table;
        this.cache = table.cache;
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
     * "stats cachedump": "ITEM key [N b; T s]" for up to {@code limit} items of a class (0 for all), newest first,
     * T the absolute expiry or 0, then "END"; at most {@link #CACHEDUMP_LIMIT_BYTES} in all.
     *
     * @param classId the class, numbered from 1 as "stats slabs" shows it; one with no item gives just "END".
     */
    void cachedump(final int classId, final long limit, final ByteBuf out)
    {
        final int start = out.writerIndex();
        final int sizeClass = classId - 1;
        long handle = sizeClass >= 0 && sizeClass < table.lru.classes() ? table.lru.head(sizeClass) : 0;
        long shown = 0;
        while (0 != handle && (0 == limit || shown < limit))
        {
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            final int mark = out.writerIndex();
            out.writeBytes(ITEM);
            out.writeBytes(keyBytes(buffer, offset));
            out.writeCharSequence(" [" + ItemLayout.valueLength(buffer, offset) + " b; " +
                ItemLayout.expiresAt(buffer, offset) + " s]\r\n", StandardCharsets.US_ASCII);
            if (out.writerIndex() - start + Replies.END.length > CACHEDUMP_LIMIT_BYTES)
            {
                out.writerIndex(mark);
                break;
            }
            shown++;
            handle = ItemLayout.lruNext(buffer, offset);
        }
        out.writeBytes(Replies.END);
    }

    /**
     * "me": "ME key exp=E la=L cas=C fetch=yes|no cls=N size=S" of a live item, as memcached 1.6.18 writes it: E is
     * -1 for no expiry, else now less the expiry (so negative while the item lives), L the seconds since its last
     * access; or "EN" when there is none. Counts nothing and bumps nothing.
     */
    void me(final byte[] key, final int keyLength, final long now, final ByteBuf out)
    {
        final long handle = lookup.findLive(key, keyLength, now, false);
        if (0 == handle)
        {
            out.writeBytes(Replies.line("EN"));
            return;
        }
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        final long expiresAt = ItemLayout.expiresAt(buffer, offset);
        out.writeCharSequence("ME ", StandardCharsets.US_ASCII);
        out.writeBytes(keyBytes(buffer, offset));
        out.writeCharSequence(" exp=" + (0 == expiresAt ? -1 : now - expiresAt) + " la=" +
            (now - ItemLayout.time(buffer, offset)) + " " + metaFields(buffer, offset) + "\r\n",
            StandardCharsets.US_ASCII);
    }

    /**
     * Starts a metadump of the classes marked in {@code classes} (indexed by class id, from 1).
     *
     * @return false when a metadump runs already.
     */
    boolean startMetadump(final boolean[] classes)
    {
        if (null != dumping)
        {
            return false;
        }
        dumping = classes;
        dumpClass = -1;
        return true;
    }

    /**
     * Writes the next "key=K exp=E la=L cas=C fetch=F cls=N size=S" lines of the metadump, oldest first in each
     * class, skipping expired and flushed items; E and L are absolute Unix times (E -1 for none), K is
     * {@link #uriEncode uri-encoded}. After the last item writes "END" and ends the run.
     *
     * @param maxItems items to look at in this batch.
     * @return whether there is more to write.
     */
    boolean metadumpBatch(final int maxItems, final long now, final ByteBuf out)
    {
        final ItemLru lru = table.lru;
        int left = maxItems;
        while (left > 0)
        {
            long handle = dumpClass < 0 ? 0 : lru.dumpCursor(dumpClass);
            if (0 == handle)
            {
                if (!nextDumpClass())
                {
                    out.writeBytes(Replies.END);
                    dumping = null;
                    return false;
                }
                handle = lru.tail(dumpClass);
                if (0 == handle)
                {
                    continue;
                }
            }
            left--;
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            lru.dumpCursor(dumpClass, ItemLayout.lruPrev(buffer, offset));
            if (rules.isDead(buffer, offset, now))
            {
                continue;
            }
            final long expiresAt = ItemLayout.expiresAt(buffer, offset);
            final byte[] key = keyBytes(buffer, offset);
            out.writeCharSequence("key=" + uriEncode(key, key.length) + " exp=" + (0 == expiresAt ? -1 : expiresAt) +
                " la=" + ItemLayout.time(buffer, offset) + " " + metaFields(buffer, offset) + "\n",
                StandardCharsets.US_ASCII);
        }
        return true;
    }

    /** Ends a metadump whose client went away. */
    void stopMetadump()
    {
        if (null != dumping)
        {
            for (int c = 0; c < table.lru.classes(); c++)
            {
                table.lru.dumpCursor(c, 0);
            }
            dumping = null;
        }
    }

    private boolean nextDumpClass()
    {
        final ItemLru lru = table.lru;
        while (++dumpClass < lru.classes())
        {
            if (dumpClass + 1 < dumping.length && dumping[dumpClass + 1] && 0 != lru.tail(dumpClass))
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
    void enableSizes()
    {
        if (sizesCasMin < 0)
        {
            sizesCasMin = lookup.nextCas();
        }
    }

    /** "stats sizes_disable". */
    void disableSizes()
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
     */
    void sizes(final StatSink sink)
    {
        if (sizesCasMin < 0)
        {
            sink.stat("sizes_status", "disabled");
            return;
        }
        final java.util.TreeMap<Integer, Long> buckets = new java.util.TreeMap<>();
        final ItemLru lru = table.lru;
        for (int c = 0; c < lru.classes(); c++)
        {
            for (long handle = lru.head(c); 0 != handle; )
            {
                final AtomicBuffer buffer = cache.buffer(handle);
                final int offset = cache.offset(handle);
                if (Long.compareUnsigned(ItemLayout.cas(buffer, offset), sizesCasMin) >= 0)
                {
                    final int bucket = (ItemLayout.itemLength(buffer, offset) + SIZE_BUCKET - 1) / SIZE_BUCKET;
                    buckets.merge(bucket * SIZE_BUCKET, 1L, Long::sum);
                }
                handle = ItemLayout.lruNext(buffer, offset);
            }
        }
        buckets.forEach((size, count) -> sink.stat(Integer.toString(size), Long.toString(count)));
    }

    private static String metaFields(final AtomicBuffer buffer, final int offset)
    {
        return "cas=" + Long.toUnsignedString(ItemLayout.cas(buffer, offset)) + " fetch=" +
            (ItemLayout.hasStatus(buffer, offset, ItemLayout.FETCHED) ? "yes" : "no") + " cls=" +
            (ItemLayout.sizeClass(buffer, offset) + 1) + " size=" + ItemLayout.itemLength(buffer, offset);
    }

    private static byte[] keyBytes(final AtomicBuffer buffer, final int offset)
    {
        final byte[] key = new byte[ItemLayout.keyLength(buffer, offset)];
        buffer.getBytes(ItemLayout.keyOffset(buffer, offset), key);
        return key;
    }
}
