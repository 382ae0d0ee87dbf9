/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.DeleteResult;
import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.ItemView;
import dev.slabcache.memcached.store.StoreMode;
import dev.slabcache.memcached.store.StoreResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * memcached's meta commands (mg, ms, md, ma, mn) as memcached 1.6.18 answers them: return codes HD, VA, EN, NS,
 * EX, NF, MN, the return flags in the order asked, and W, X, Z for stale items.
 */
final class MetaCommands
{
    private static final byte[] MN = Replies.line("MN");
    private static final byte[] FLAGS_TOO_LONG_MG = Replies.line("CLIENT_ERROR options flags are too long");
    private static final byte[] FLAGS_TOO_LONG = Replies.line("CLIENT_ERROR options flags too long");
    private static final byte[] INVALID_OR_DUPLICATE = Replies.line("CLIENT_ERROR invalid or duplicate flag");
    private static final byte[] BAD_MS_MODE = Replies.line("CLIENT_ERROR invalid mode for ms M token");
    static final byte[] VA = Replies.ascii("VA ");
    static final byte[] HD = Replies.ascii("HD");
    private static final byte[] EN = Replies.ascii("EN");
    private static final byte[] NS = Replies.ascii("NS");
    static final byte[] EX = Replies.ascii("EX");
    static final byte[] NF = Replies.ascii("NF");
    private static final byte[] SERVER_TOO_LARGE = Replies.TOO_LARGE;
    private static final int MAX_FLAG_TOKENS = 19;
    private static final int PENDING_OPAQUE = 'O';

    private final TextHandler connection;
    private final MetaArithmetic arithmetic;
    private final ItemStore store;
    private final ItemView view;
    private final byte[] key;
    final MetaFlags flags = new MetaFlags();
    private final byte[] pendingFlags = new byte[MAX_FLAG_TOKENS * (MetaFlags.MAX_OPAQUE_LENGTH + 2)];
    private int pendingFlagsLength;
    int keyLength;
    private StoreMode mode;

    MetaCommands(final TextHandler connection)
    {
        this.connection = connection;
        this.arithmetic = new MetaArithmetic(this, connection);
        this.store = connection.store;
        this.view = connection.view;
        this.key = connection.key;
    }

    void execute(final ChannelHandlerContext ctx, final Tokens t)
    {
        final ByteBuf out = connection.out(ctx);
        switch (t.buffer().getByte(t.start(0) + 1))
        {
            case 'g' -> get(ctx, out, t);
            case 's' -> set(ctx, out, t);
            case 'd' -> delete(out, t);
            case 'a' -> arithmetic.execute(ctx, out, t);
            case 'n' -> out.writeBytes(MN);
            case 'e' -> MetaDebug.execute(store, out, t, key);
            default -> out.writeBytes(Replies.ERROR);
        }
    }

    static long now()
    {
        return System.currentTimeMillis() / 1000;
    }

    /** @return the error line shared by every meta command's first checks, or null. */
    private static byte[] checkShape(final Tokens t, final byte[] flagsTooLong)
    {
        if (t.count() < 2)
        {
            return Replies.ERROR;
        }
        if (t.length(1) > Tokens.KEY_MAX_LENGTH)
        {
            return MetaFlags.BAD_FORMAT;
        }
        return t.count() + 1 > 20 ? flagsTooLong : null;
    }

    /**
     * The first checks of md and ma: the shape, then the flags from token 2, whose every error is memcached's
     * "invalid or duplicate flag".
     *
     * @return the error line, or null.
     */
    byte[] checkFlags(final Tokens t)
    {
        final byte[] error = checkShape(t, FLAGS_TOO_LONG);
        if (null == error && null != flags.parse(t, 2))
        {
            return INVALID_OR_DUPLICATE;
        }
        return error;
    }

    /**
     * Reads the key of token 1 as the parsed flags say (base64 or not) into the connection's key and
     * {@link #keyLength}, then checks the opaque tokens from {@code firstFlag}: the last checks of every meta command
     * that names a key.
     *
     * @return the error line, or null.
     */
    byte[] readKeyAndCheckOpaque(final Tokens t, final int firstFlag)
    {
        keyLength = flags.key(t, key);
        if (keyLength < 0)
        {
            return MetaFlags.BAD_FORMAT;
        }
        return MetaFlags.opaqueTooLong(t, firstFlag) ? MetaFlags.OPAQUE_TOO_LONG : null;
    }

    private void get(final ChannelHandlerContext ctx, final ByteBuf out, final Tokens t)
    {
        byte[] error = checkShape(t, FLAGS_TOO_LONG_MG);
        error = null == error ? flags.parse(t, 2) : error;
        error = null == error ? readKeyAndCheckOpaque(t, 2) : error;
        if (null != error)
        {
            out.writeBytes(error);
            return;
        }
        final ByteBuf value = connection.scratch(ctx);
        if (!store.metaGet(
            key, keyLength, flags.touch, flags.recache, flags.vivify, view, flags.value ? value : null))
        {
            if (!flags.noreply)
            {
                out.writeBytes(EN);
                writeOpaqueAndKey(out, t, 2);
                out.writeBytes(Replies.CRLF);
            }
            return;
        }
        if (flags.value)
        {
            out.writeBytes(VA);
            Replies.writeLong(out, view.valueLength);
        }
        else
        {
            out.writeBytes(HD);
        }
        for (int i = 2; i < t.count(); i++)
        {
            switch (t.first(i))
            {
                case 's' -> number(out, 's', view.valueLength);
                case 't' -> number(out, 't', 0 == view.expiresAt ? -1 : view.expiresAt - now());
                case 'c' ->
                {
                    out.writeByte(' ').writeByte('c');
                    Replies.writeUnsigned(out, view.cas);
                }
                case 'f' -> number(out, 'f', view.flags & 0xFFFF_FFFFL);
                case 'l' -> number(out, 'l', Math.max(0, now() - view.lastAccess));
                case 'h' -> number(out, 'h', view.fetched ? 1 : 0);
                case 'O' -> out.writeByte(' ').writeBytes(t.buffer(), t.start(i), t.length(i));
                case 'k' -> MetaFlags.writeKey(out, key, keyLength, view.binaryKey);
                default ->
                {
                }
            }
        }
        if (view.tokenSent)
        {
            out.writeByte(' ').writeByte('Z');
        }
        if (view.stale)
        {
            out.writeByte(' ').writeByte('X');
        }
        if (view.win)
        {
            out.writeByte(' ').writeByte('W');
        }
        out.writeBytes(Replies.CRLF);
        if (flags.value)
        {
            out.writeBytes(value).writeBytes(Replies.CRLF);
        }
    }

    static void number(final ByteBuf out, final char flag, final long number)
    {
        out.writeByte(' ').writeByte(flag);
        Replies.writeLong(out, number);
    }

    /** Writes the 'k' return flag of the key as the request sent it. */
    void writeKey(final ByteBuf out)
    {
        MetaFlags.writeKey(out, key, keyLength, flags.base64);
    }

    void writeOpaqueAndKey(final ByteBuf out, final Tokens t, final int first)
    {
        for (int i = first; i < t.count(); i++)
        {
            if ('O' == t.first(i))
            {
                out.writeByte(' ').writeBytes(t.buffer(), t.start(i), t.length(i));
            }
            else if ('k' == t.first(i))
            {
                writeKey(out);
            }
        }
    }

    private void set(final ChannelHandlerContext ctx, final ByteBuf out, final Tokens t)
    {
        byte[] error = checkShape(t, FLAGS_TOO_LONG);
        if (null == error && 2 == t.count())
        {
            error = MetaFlags.BAD_FORMAT;
        }
        if (null == error && (!t.parseI32(2) || t.value < 0 || t.value > Integer.MAX_VALUE - 2))
        {
            error = MetaFlags.BAD_FORMAT;
        }
        if (null != error)
        {
            out.writeBytes(error);
            return;
        }
        final int valueLength = (int)t.value;
        error = flags.parse(t, 3);
        error = null == error ? readKeyAndCheckOpaque(t, 3) : error;
        if (null == error)
        {
            mode = switch (flags.mode)
            {
                case 0, 'S' -> StoreMode.SET;
                case 'E' -> StoreMode.ADD;
                case 'A' -> StoreMode.APPEND;
                case 'P' -> StoreMode.PREPEND;
                case 'R' -> StoreMode.REPLACE;
                default -> null;
            };
            error = null == mode ? BAD_MS_MODE : null;
        }
        if (null == error && valueLength > store.maxValueLength(keyLength, flags.clientFlags))
        {
            store.delete(key, keyLength, 0, false, ItemStore.NO_TOUCH);
            store.admin().refusedTooLarge();
            error = SERVER_TOO_LARGE;
        }
        if (null != error)
        {
            out.writeBytes(error);
            connection.swallow(valueLength + 2L);
            return;
        }
        if (flags.hasCas && (StoreMode.SET == mode || StoreMode.REPLACE == mode))
        {
            mode = StoreMode.CAS;
        }
        pendingFlagsLength = 0;
        for (int i = 3; i < t.count(); i++)
        {
            final byte flag = t.first(i);
            if ('O' == flag)
            {
                pendingFlags[pendingFlagsLength++] = (byte)PENDING_OPAQUE;
                pendingFlags[pendingFlagsLength++] = (byte)t.length(i);
                t.buffer().getBytes(t.start(i), pendingFlags, pendingFlagsLength, t.length(i));
                pendingFlagsLength += t.length(i);
            }
            else if ('k' == flag || 'c' == flag)
            {
                pendingFlags[pendingFlagsLength++] = flag;
            }
        }
        connection.expectData(valueLength, true);
    }

    void completeSet(
        final ChannelHandlerContext ctx, final ByteBuf in, final int index, final int length, final boolean wellEnded)
    {
        final ByteBuf out = connection.out(ctx);
        if (!wellEnded)
        {
            out.writeBytes(Replies.BAD_DATA_CHUNK);
            return;
        }
        final long exptime = ItemStore.NO_TOUCH == flags.touch ? 0 : flags.touch;
        final long compareCas = flags.hasCas && StoreMode.ADD != mode ? flags.cas : 0;
        final StoreResult result = store.store(
            mode, key, keyLength, flags.clientFlags, exptime, compareCas, flags.invalidate && StoreMode.CAS == mode,
            flags.base64, in, index, length, view);
        switch (result)
        {
            case STORED ->
            {
                if (flags.noreply)
                {
                    return;
                }
                out.writeBytes(HD);
            }
            case NOT_STORED -> out.writeBytes(NS);
            case EXISTS -> out.writeBytes(EX);
            case NOT_FOUND -> out.writeBytes(NF);
            case TOO_LARGE ->
            {
                out.writeBytes(Replies.TOO_LARGE);
                return;
            }
            case NO_MEMORY ->
            {
                out.writeBytes(Replies.NO_MEMORY_STORING);
                return;
            }
        }
        int i = 0;
        while (i < pendingFlagsLength)
        {
            final byte flag = pendingFlags[i++];
            if (PENDING_OPAQUE == flag)
            {
                final int opaqueLength = pendingFlags[i++];
                out.writeByte(' ').writeBytes(pendingFlags, i, opaqueLength);
                i += opaqueLength;
            }
            else if ('k' == flag)
            {
                writeKey(out);
            }
            else
            {
                out.writeByte(' ').writeByte('c');
                Replies.writeUnsigned(out, view.cas);
            }
        }
        out.writeBytes(Replies.CRLF);
    }

    private void delete(final ByteBuf out, final Tokens t)
    {
        byte[] error = checkFlags(t);
        error = null == error ? readKeyAndCheckOpaque(t, 2) : error;
        if (null != error)
        {
            out.writeBytes(error);
            return;
        }
        final DeleteResult result = store.delete(
            key, keyLength, flags.hasCas ? flags.cas : 0, flags.invalidate, flags.touch);
        switch (result)
        {
            case DELETED ->
            {
                if (flags.noreply)
                {
                    return;
                }
                out.writeBytes(HD);
            }
            case NOT_FOUND -> out.writeBytes(NF);
            case EXISTS -> out.writeBytes(EX);
        }
        writeOpaqueAndKey(out, t, 2);
        out.writeBytes(Replies.CRLF);
    }
}
