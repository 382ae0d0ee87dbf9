/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ArithResult;
import dev.slabcache.memcached.store.DeleteResult;
import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.ItemView;
import dev.slabcache.memcached.store.StoreMode;
import dev.slabcache.memcached.store.StoreResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * memcached's classic text commands, with its argument rules and replies word for word: retrieval, storage,
 * delete, incr and decr and touch; the rest go to {@link AdminCommands}.
 */
final class TextCommands
{

    private static final byte[] GET = Replies.ascii("get");
    private static final byte[] GETS = Replies.ascii("gets");
    private static final byte[] GAT = Replies.ascii("gat");
    private static final byte[] GATS = Replies.ascii("gats");
    private static final byte[] BGET = Replies.ascii("bget");
    private static final byte[] SET = Replies.ascii("set");
    private static final byte[] ADD = Replies.ascii("add");
    private static final byte[] REPLACE = Replies.ascii("replace");
    private static final byte[] APPEND = Replies.ascii("append");
    private static final byte[] PREPEND = Replies.ascii("prepend");
    private static final byte[] CAS = Replies.ascii("cas");
    private static final byte[] DELETE = Replies.ascii("delete");
    private static final byte[] INCR = Replies.ascii("incr");
    private static final byte[] DECR = Replies.ascii("decr");
    private static final byte[] TOUCH = Replies.ascii("touch");
    private static final byte[] ZERO = Replies.ascii("0");
    private static final byte[] HTTP = Replies.ascii("HTTP/");

    private final TextHandler connection;
    private final AdminCommands admin;
    private final ItemStore store;
    private final ItemView view;
    private final byte[] key;

    private StoreMode mode;
    private int keyLength;
    private int flags;
    private long exptime;
    private long compareCas;
    private boolean noreply;

    TextCommands(final TextHandler connection, final ProtocolOptions config)
    {
        this.connection = connection;
        this.admin = new AdminCommands(connection, config);
        this.store = connection.store;
        this.view = connection.view;
        this.key = connection.key;
    }

    void execute(final ChannelHandlerContext ctx, final Tokens t)
    {
        final int count = t.count();
        noreply = false;
        if (t.is(0, GET) || t.is(0, BGET))
        {
            get(ctx, t, count, false, false);
        }
        else if (t.is(0, GETS))
        {
            get(ctx, t, count, true, false);
        }
        else if (t.is(0, GAT))
        {
            get(ctx, t, count, false, true);
        }
        else if (t.is(0, GATS))
        {
            get(ctx, t, count, true, true);
        }
        else if (t.is(0, SET))
        {
            update(ctx, t, count, StoreMode.SET);
        }
        else if (t.is(0, ADD))
        {
            update(ctx, t, count, StoreMode.ADD);
        }
        else if (t.is(0, REPLACE))
        {
            update(ctx, t, count, StoreMode.REPLACE);
        }
        else if (t.is(0, APPEND))
        {
            update(ctx, t, count, StoreMode.APPEND);
        }
        else if (t.is(0, PREPEND))
        {
            update(ctx, t, count, StoreMode.PREPEND);
        }
        else if (t.is(0, CAS))
        {
            update(ctx, t, count, StoreMode.CAS);
        }
        else if (t.is(0, DELETE))
        {
            delete(ctx, t, count);
        }
        else if (t.is(0, INCR) || t.is(0, DECR))
        {
            arith(ctx, t, count, t.is(0, INCR));
        }
        else if (t.is(0, TOUCH))
        {
            touch(ctx, t, count);
        }
        else if (admin.execute(ctx, t, count))
        {
            noreply = false;
        }
        else if (startsWith(t, count - 1, HTTP))
        {
            connection.closeAfterReplies(ctx);
        }
        else
        {
            reply(ctx, Replies.ERROR);
        }
    }

    private void reply(final ChannelHandlerContext ctx, final byte[] line)
    {
        if (noreply)
        {
            noreply = false;
            return;
        }
        connection.out(ctx).writeBytes(line);
    }

    private static boolean startsWith(final Tokens t, final int token, final byte[] prefix)
    {
        if (t.length(token) < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (t.buffer().getByte(t.start(token) + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private void get(
        final ChannelHandlerContext ctx, final Tokens t, final int count, final boolean withCas, final boolean touch)
    {
        if (count < 2)
        {
            reply(ctx, Replies.ERROR);
            return;
        }
        long touchExptime = ItemStore.NO_TOUCH;
        int from = t.start(1);
        if (touch)
        {
            if (!t.parseI32(1))
            {
                reply(ctx, Replies.BAD_EXPTIME);
                return;
            }
            touchExptime = t.value;
            from = t.end(1);
        }
        final ByteBuf in = t.buffer();
        final int lineEnd = t.lineEnd();
        final ByteBuf out = connection.out(ctx);
        final int mark = out.writerIndex();
        int i = from;
        while (i < lineEnd)
        {
            if (' ' == in.getByte(i))
            {
                i++;
                continue;
            }
            int end = in.indexOf(i, lineEnd, (byte)' ');
            end = end < 0 ? lineEnd : end;
            final int length = Tokens.copyKey(in, i, end, key);
            if (length < 0)
            {
                out.writerIndex(mark);
                out.writeBytes(Replies.BAD_FORMAT);
                return;
            }
            final ByteBuf value = connection.scratch(ctx);
            final boolean hit = store.get(key, length, touchExptime, view, value);
            store.admin().prefixStats().recordGet(key, length, hit);
            if (hit)
            {
                out.writeBytes(Replies.VALUE).writeBytes(key, 0, length).writeByte(' ');
                Replies.writeLong(out, view.flags & 0xFFFF_FFFFL);
                out.writeByte(' ');
                Replies.writeLong(out, view.valueLength);
                if (withCas)
                {
                    out.writeByte(' ');
                    Replies.writeUnsigned(out, view.cas);
                }
                out.writeBytes(Replies.CRLF).writeBytes(value).writeBytes(Replies.CRLF);
            }
            i = end;
        }
        out.writeBytes(Replies.END);
    }

    private void update(final ChannelHandlerContext ctx, final Tokens t, final int count, final StoreMode storeMode)
    {
        final boolean cas = StoreMode.CAS == storeMode;
        if (count != (cas ? 6 : 5) && count != (cas ? 7 : 6))
        {
            reply(ctx, Replies.ERROR);
            return;
        }
        noreply = t.lastIsNoreply();
        final int length = t.copyKey(1, key);
        if (length < 0)
        {
            reply(ctx, Replies.BAD_FORMAT);
            return;
        }
        if (!t.parseU32(2))
        {
            reply(ctx, Replies.BAD_FORMAT);
            return;
        }
        flags = (int)t.value;
        if (!t.parseI32(3))
        {
            reply(ctx, Replies.BAD_FORMAT);
            return;
        }
        exptime = t.value;
        if (!t.parseI32(4))
        {
            reply(ctx, Replies.BAD_FORMAT);
            return;
        }
        final long valueLength = t.value;
        compareCas = 0;
        if (cas)
        {
            if (!t.parseU64(5))
            {
                reply(ctx, Replies.BAD_FORMAT);
                return;
            }
            compareCas = t.value;
        }
        if (valueLength < 0 || valueLength > Integer.MAX_VALUE - 2)
        {
            reply(ctx, Replies.BAD_FORMAT);
            return;
        }
        store.admin().prefixStats().recordSet(key, length);
        if (valueLength > store.maxValueLength(length, flags))
        {
            store.admin().refusedTooLarge();
            reply(ctx, Replies.TOO_LARGE);
            connection.swallow(valueLength + 2);
            if (StoreMode.SET == storeMode)
            {
                store.delete(key, length, 0, false, ItemStore.NO_TOUCH);
            }
            return;
        }
        mode = storeMode;
        keyLength = length;
        connection.expectData((int)valueLength, false);
    }

    void completeStore(
        final ChannelHandlerContext ctx, final ByteBuf in, final int index, final int length, final boolean wellEnded)
    {
        if (!wellEnded)
        {
            reply(ctx, Replies.BAD_DATA_CHUNK);
            return;
        }
        final StoreResult result = store.store(
            mode, key, keyLength, flags, exptime, compareCas, false, in, index, length, view);
        reply(ctx, switch (result)
        {
            case STORED -> Replies.STORED;
            case NOT_STORED -> Replies.NOT_STORED;
            case EXISTS -> Replies.EXISTS;
            case NOT_FOUND -> Replies.NOT_FOUND;
            case TOO_LARGE -> Replies.TOO_LARGE;
            case NO_MEMORY -> Replies.NO_MEMORY_STORING;
        });
    }

    private void delete(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        if (count < 2 || count > 4)
        {
            reply(ctx, Replies.ERROR);
            return;
        }
        if (count > 2)
        {
            final boolean holdIsZero = t.is(2, ZERO);
            noreply = t.lastIsNoreply();
            final boolean valid = (3 == count && (holdIsZero || noreply)) || (4 == count && holdIsZero && noreply);
            if (!valid)
            {
                reply(ctx, Replies.BAD_DELETE);
                return;
            }
        }
        final int length = copyKey(ctx, t);
        if (length < 0)
        {
            return;
        }
        store.admin().prefixStats().recordDelete(key, length);
        final DeleteResult result = store.delete(key, length, 0, false, ItemStore.NO_TOUCH);
        reply(ctx, DeleteResult.DELETED == result ? Replies.DELETED : Replies.NOT_FOUND);
    }

    private void arith(final ChannelHandlerContext ctx, final Tokens t, final int count, final boolean increment)
    {
        final int length = keyAndNumber(ctx, t, count, true);
        if (length < 0)
        {
            return;
        }
        final ArithResult result = store.arith(
            key, length, increment, t.value, 0, ItemStore.NO_VIVIFY, 0, ItemStore.NO_TOUCH, view);
        switch (result)
        {
            case OK ->
            {
                if (!noreply)
                {
                    final ByteBuf out = connection.out(ctx);
                    Replies.writeUnsigned(out, view.number);
                    out.writeBytes(Replies.CRLF);
                }
            }
            case NON_NUMERIC -> reply(ctx, Replies.NON_NUMERIC);
            case NO_MEMORY -> reply(ctx, Replies.NO_MEMORY);
            case NOT_FOUND, EXISTS -> reply(ctx, Replies.NOT_FOUND);
        }
        noreply = false;
    }

    private void touch(final ChannelHandlerContext ctx, final Tokens t, final int count)
    {
        final int length = keyAndNumber(ctx, t, count, false);
        if (length < 0)
        {
            return;
        }
        reply(ctx, store.touch(key, length, t.value) ? Replies.TOUCHED : Replies.NOT_FOUND);
    }

    /**
     * Reads the arguments that incr, decr and touch share, "key number [noreply]", with memcached's checks in its
     * order: the token count, noreply, the key (into {@link #key}), then the number (into {@link Tokens#value}).
     *
     * @return the key's length, or -1 when an argument was wrong and its error has been replied.
     */
    private int keyAndNumber(final ChannelHandlerContext ctx, final Tokens t, final int count, final boolean isDelta)
    {
        if (3 != count && 4 != count)
        {
            reply(ctx, Replies.ERROR);
            return -1;
        }
        noreply = t.lastIsNoreply();
        final int length = copyKey(ctx, t);
        if (length < 0)
        {
            return -1;
        }
        final boolean parsed = isDelta ? t.parseU64(2) : t.parseI32(2);
        if (!parsed)
        {
            reply(ctx, isDelta ? Replies.BAD_DELTA : Replies.BAD_EXPTIME);
            return -1;
        }
        return length;
    }

    /**
     * Copies the key of token 1 into {@link #key}.
     *
     * @return its length, or -1 when it is empty or too long and the bad format error has been replied.
     */
    private int copyKey(final ChannelHandlerContext ctx, final Tokens t)
    {
        final int length = t.copyKey(1, key);
        if (length < 0)
        {
            reply(ctx, Replies.BAD_FORMAT);
        }
        return length;
    }
}
