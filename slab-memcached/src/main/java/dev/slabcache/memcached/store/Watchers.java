/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * memcached's log watchers ("watch fetchers mutations evictions"): connections that asked for a stream of log
 * lines, one per item fetched, stored or evicted, in memcached's logger format. A watcher that falls more than
 * {@link #BUFFER_BYTES} behind loses lines (log_watcher_skipped) rather than holding the store up. With no watcher
 * of a kind, making its lines costs one volatile read. Thread-safe.
 * <p>
 * Public for the protocol's "watch" command and the server's "stats".
 */
public final class Watchers
{
    /** Bytes a watcher may have unsent before lines are skipped: memcached's watcher_logbuf_size. */
    public static final int BUFFER_BYTES = 256 * 1024;
    /** memcached's watcher limit. */
    static final int MAX_WATCHERS = 20;

    /** "fetchers": item_get lines. */
    public static final int FETCHERS = 1;
    /** "mutations": item_store lines. */
    public static final int MUTATIONS = 2;
    /** "evictions": eviction lines. */
    public static final int EVICTIONS = 4;

    private static final String[] STORE_STATUS = {"not_stored", "stored", "exists", "not_found", "too_large",
        "no_memory"};

    private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final AtomicLong gid = new AtomicLong();
    private final LongAdder written = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private volatile int kinds;

    /**
     * Streams the lines of {@code kinds} to {@code channel} until it closes.
     *
     * @param channel the connection that asked.
     * @param kinds   the kinds of line it watches: {@link #FETCHERS}, {@link #MUTATIONS}, {@link #EVICTIONS} or'ed.
     * @return false when {@link #MAX_WATCHERS} are watching already.
     */
    public synchronized boolean add(final Channel channel, final int kinds)
    {
        if (watchers.size() >= MAX_WATCHERS)
        {
            return false;
        }
        final Watcher watcher = new Watcher(channel, kinds);
        watchers.add(watcher);
        refreshKinds();
        channel.closeFuture().addListener(f -> remove(watcher));
        return true;
    }

    private synchronized void remove(final Watcher watcher)
    {
        watchers.remove(watcher);
        refreshKinds();
    }

    private void refreshKinds()
    {
        int union = 0;
        for (final Watcher w : watchers)
        {
            union |= w.kinds;
        }
        kinds = union;
    }

    /** @return whether any watcher wants lines of this kind. */
    boolean wants(final int kind)
    {
        return 0 != (kinds & kind);
    }

    /** An item_get line: found, or not found (then the class and size are 0). */
    void itemGet(final byte[] key, final int keyLength, final boolean found, final int classId, final int valueLength)
    {
        if (wants(FETCHERS))
        {
            publish(FETCHERS, "type=item_get key=" + ItemDumps.uriEncode(key, keyLength) + " status=" +
                (found ? "found" : "not_found") + " clsid=" + classId + " cfd=0 size=" + valueLength);
        }
    }

    /** An item_store line; {@code ttl} is seconds left, 0 for none. */
    void itemStore(
        final byte[] key, final int keyLength, final StoreResult result, final StoreMode mode, final long ttl,
        final int classId, final int valueLength)
    {
        if (wants(MUTATIONS))
        {
            publish(MUTATIONS, "type=item_store key=" + ItemDumps.uriEncode(key, keyLength) + " status=" +
                STORE_STATUS[status(result)] + " cmd=" + mode.name().toLowerCase(java.util.Locale.ROOT) + " ttl=" +
                ttl + " clsid=" + classId + " cfd=0 size=" + valueLength);
        }
    }

    /** An eviction line for the item {@code item} is aimed at, about to be evicted. */
    void eviction(final Item item, final long now)
    {
        if (wants(EVICTIONS))
        {
            final long expiresAt = item.expiresAt();
            final byte[] key = item.keyBytes();
            publish(EVICTIONS, "type=eviction key=" + ItemDumps.uriEncode(key, key.length) + " fetch=" +
                (item.hasStatus(ItemLayout.FETCHED) ? "yes" : "no") + " ttl=" +
                (0 == expiresAt ? -1 : expiresAt - now) + " la=" + (now - item.time()) +
                " clsid=" + (item.sizeClass() + 1) + " size=" + item.valueLength());
        }
    }

    /**
     * Writes log_worker_dropped, log_worker_written, log_watcher_skipped, log_watcher_sent and log_watchers.
     *
     * @param sink where the lines go.
     */
    public void stats(final StatSink sink)
    {
        sink.stat("log_worker_dropped", "0");
        sink.stat("log_worker_written", Long.toString(written.sum()));
        sink.stat("log_watcher_skipped", Long.toString(skipped.sum()));
        sink.stat("log_watcher_sent", Long.toString(sent.sum()));
        sink.stat("log_watchers", Integer.toString(watchers.size()));
    }

    private static int status(final StoreResult result)
    {
        return switch (result)
        {
            case NOT_STORED -> 0;
            case STORED -> 1;
            case EXISTS -> 2;
            case NOT_FOUND -> 3;
            case TOO_LARGE -> 4;
            case NO_MEMORY -> 5;
        };
    }

    private void publish(final int kind, final String entry)
    {
        final java.time.Instant now = java.time.Instant.now();
        final String line = "ts=" + now.getEpochSecond() + "." + now.getNano() / 1000 + " gid=" + gid.incrementAndGet() +
            " " + entry + "\n";
        written.increment();
        final byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        for (final Watcher w : watchers)
        {
            if (0 == (w.kinds & kind))
            {
                continue;
            }
            if (w.unsent.get() > BUFFER_BYTES)
            {
                skipped.increment();
                continue;
            }
            w.unsent.addAndGet(bytes.length);
            final ByteBuf buf = w.channel.alloc().buffer(bytes.length).writeBytes(bytes);
            w.channel.writeAndFlush(buf).addListener(f -> w.unsent.addAndGet(-bytes.length));
            sent.increment();
        }
    }

    private static final class Watcher
    {
        final Channel channel;
        final int kinds;
        final AtomicLong unsent = new AtomicLong();

        Watcher(final Channel channel, final int kinds)
        {
            this.channel = channel;
            this.kinds = kinds;
        }
    }
}
