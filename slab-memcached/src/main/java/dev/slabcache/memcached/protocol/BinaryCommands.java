/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;

import dev.slabcache.memcached.store.ArithResult;
import dev.slabcache.memcached.store.DeleteResult;
import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.ItemView;
import dev.slabcache.memcached.store.StatSink;
import dev.slabcache.memcached.store.StoreMode;
import dev.slabcache.memcached.store.StoreResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * memcached's binary commands, answered as memcached 1.6 answers them: quiet forms say nothing on success (and
 * getq nothing on a miss), errors carry memcached's text, and a response echoes the opcode and opaque.
 */
final class BinaryCommands
{
    static final int GET = 0x00;
    static final int SET = 0x01;
    static final int ADD = 0x02;
    static final int REPLACE = 0x03;
    static final int DELETE = 0x04;
    static final int INCREMENT = 0x05;
    static final int DECREMENT = 0x06;
    static final int QUIT = 0x07;
    static final int FLUSH = 0x08;
    static final int GETQ = 0x09;
    static final int NOOP = 0x0a;
    static final int VERSION = 0x0b;
    static final int GETK = 0x0c;
    static final int GETKQ = 0x0d;
    static final int APPEND = 0x0e;
    static final int PREPEND = 0x0f;
    static final int STAT = 0x10;
    static final int SETQ = 0x11;
    static final int ADDQ = 0x12;
    static final int REPLACEQ = 0x13;
    static final int DELETEQ = 0x14;
    static final int INCREMENTQ = 0x15;
    static final int DECREMENTQ = 0x16;
    static final int QUITQ = 0x17;
    static final int FLUSHQ = 0x18;
    static final int APPENDQ = 0x19;
    static final int PREPENDQ = 0x1a;
    static final int VERBOSITY = 0x1b;
    static final int TOUCH = 0x1c;
    static final int GAT = 0x1d;
    static final int GATQ = 0x1e;
    static final int SASL_LIST_MECHS = 0x20;
    static final int SASL_AUTH = 0x21;
    static final int SASL_STEP = 0x22;
    static final int GATK = 0x23;
    static final int GATKQ = 0x24;

    static final int SUCCESS = 0x00;
    static final int KEY_NOT_FOUND = 0x01;
    static final int KEY_EXISTS = 0x02;
    static final int TOO_BIG = 0x03;
    static final int INVALID_ARGUMENTS = 0x04;
    static final int NOT_STORED = 0x05;
    static final int NON_NUMERIC = 0x06;
    static final int AUTH_ERROR = 0x20;
    static final int UNKNOWN_COMMAND = 0x81;
    static final int OUT_OF_MEMORY = 0x82;

    private static final int RESPONSE_MAGIC = 0x81;
    private static final long NO_VIVIFY_EXPTIME = 0xFFFF_FFFFL;
    private static final byte[] VERSION_BYTES = ProtocolStats.VERSION.getBytes(StandardCharsets.US_ASCII);

    private final BinaryHandler connection;
    private final ItemStore store;
    private final ItemView view;
    private final byte[] key;
    private final boolean flushEnabled;
    private final boolean casEnabled;

    /**
     * @param casEnabled false under -C: as memcached's, a set, add or replace then ignores the request's cas.
     */
    BinaryCommands(final BinaryHandler connection, final boolean flushEnabled, final boolean casEnabled)
    {
        this.flushEnabled = flushEnabled;
        this.casEnabled = casEnabled;
        this.connection = connection;
        this.store = connection.store;
        this.view = connection.view;
        this.key = connection.key;
    }

    static boolean isKnown(final int opcode)
    {
        return opcode <= TOUCH + 2 || GATK == opcode || GATKQ == opcode;
    }

    /**
     * @return the bytes memcached swallows after the header, extras and key of a command it does not serve: the body
     * length (so extras and a key are counted twice), or for the SASL commands, which it refuses without SASL, the
     * body less the key.
     */
    static long unknownSwallow(final int opcode, final int keyLength, final long bodyLength)
    {
        return SASL_LIST_MECHS == opcode || SASL_AUTH == opcode || SASL_STEP == opcode ?
            bodyLength - keyLength : bodyLength;
    }

    static boolean isStorage(final int opcode)
    {
        return switch (opcode)
        {
            case SET, SETQ, ADD, ADDQ, REPLACE, REPLACEQ, APPEND, APPENDQ, PREPEND, PREPENDQ -> true;
            default -> false;
        };
    }

    private static boolean isQuiet(final int opcode)
    {
        return switch (opcode)
        {
            case GETQ, GETKQ, SETQ, ADDQ, REPLACEQ, DELETEQ, INCREMENTQ, DECREMENTQ, QUITQ, FLUSHQ, APPENDQ,
                PREPENDQ, GATQ, GATKQ -> true;
            default -> false;
        };
    }

    /** memcached's length rules per command; an unknown command fits (it is refused for itself). */
    static boolean lengthsFit(final int opcode, final int keyLength, final int extrasLength, final long bodyLength)
    {
        return switch (opcode)
        {
            case VERSION, NOOP, QUIT, QUITQ -> 0 == extrasLength && 0 == keyLength && 0 == bodyLength;
            case FLUSH, FLUSHQ -> 0 == keyLength && bodyLength == extrasLength &&
                (0 == extrasLength || 4 == extrasLength);
            case SET, SETQ, ADD, ADDQ, REPLACE, REPLACEQ -> 8 == extrasLength && 0 != keyLength;
            case GET, GETQ, GETK, GETKQ -> 0 == extrasLength && bodyLength == keyLength && keyLength > 0;
            case DELETE, DELETEQ -> keyLength > 0 && 0 == extrasLength && bodyLength == keyLength;
            case INCREMENT, INCREMENTQ, DECREMENT, DECREMENTQ ->
                keyLength > 0 && 20 == extrasLength && bodyLength == keyLength + 20;
            case APPEND, APPENDQ, PREPEND, PREPENDQ -> keyLength > 0 && 0 == extrasLength;
            case STAT -> 0 == extrasLength && bodyLength == keyLength;
            case VERBOSITY -> 4 == extrasLength && 0 == keyLength && 4 == bodyLength;
            case TOUCH, GAT, GATQ, GATK, GATKQ -> 4 == extrasLength && 0 != keyLength && bodyLength == keyLength + 4;
            case SASL_LIST_MECHS -> 0 == extrasLength && 0 == keyLength && 0 == bodyLength;
            case SASL_AUTH, SASL_STEP -> 0 == extrasLength && 0 != keyLength;
            default -> true;
        };
    }

    static void header(
        final ByteBuf out, final int opcode, final int status, final int extrasLength, final int keyLength,
        final int bodyLength, final int opaque, final long cas)
    {
        out.writeByte(RESPONSE_MAGIC).writeByte(opcode).writeShort(keyLength).writeByte(extrasLength).writeByte(0)
            .writeShort(status).writeInt(bodyLength).writeInt(opaque).writeLong(cas);
    }

    static void error(final ByteBuf out, final int opcode, final int status, final int opaque)
    {
        final String text = switch (status)
        {
            case OUT_OF_MEMORY -> "Out of memory";
            case UNKNOWN_COMMAND -> "Unknown command";
            case KEY_NOT_FOUND -> "Not found";
            case INVALID_ARGUMENTS -> "Invalid arguments";
            case KEY_EXISTS -> "Data exists for key.";
            case TOO_BIG -> "Too large.";
            case NON_NUMERIC -> "Non-numeric server-side value for incr or decr";
            case NOT_STORED -> "Not stored.";
            case AUTH_ERROR -> "Auth failure.";
            default -> "UNHANDLED ERROR";
        };
        header(out, opcode, status, 0, 0, text.length(), opaque, 0);
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
    }

    void refuseTooLarge(final ByteBuf out, final int opcode, final int keyLength, final int opaque)
    {
        if (SET == opcode || SETQ == opcode)
        {
            store.delete(key, keyLength, 0, false, ItemStore.NO_TOUCH);
        }
        error(out, opcode, TOO_BIG, opaque);
    }

    void execute(
        final ChannelHandlerContext ctx, final ByteBuf out, final ByteBuf in, final int base, final int opcode,
        final int keyLength, final int extrasLength, final int valueLength, final int opaque)
    {
        final int extras = base + BinaryHandler.HEADER_LENGTH;
        final long cas = in.getLong(base + 16);
        final boolean quiet = isQuiet(opcode);
        switch (opcode)
        {
            case GET, GETQ, GETK, GETKQ -> get(ctx, out, opcode, keyLength, ItemStore.NO_TOUCH, opaque, quiet);
            case TOUCH, GAT, GATQ, GATK, GATKQ ->
                get(ctx, out, opcode, keyLength, in.getUnsignedInt(extras), opaque, quiet);
            case SET, SETQ, ADD, ADDQ, REPLACE, REPLACEQ ->
            {
                // memcached keeps the request's cas in the new item and compares only if it is there, so not under -C.
                final long compareCas = casEnabled ? cas : 0;
                final StoreMode mode = 0 != compareCas ? StoreMode.CAS :
                    SET == opcode || SETQ == opcode ? StoreMode.SET :
                    ADD == opcode || ADDQ == opcode ? StoreMode.ADD : StoreMode.REPLACE;
                store(out, opcode, mode, in.getInt(extras), in.getUnsignedInt(extras + 4), compareCas,
                    in, extras + 8 + keyLength, keyLength, valueLength, opaque, quiet);
            }
            case APPEND, APPENDQ, PREPEND, PREPENDQ ->
                store(out, opcode, APPEND == opcode || APPENDQ == opcode ? StoreMode.APPEND : StoreMode.PREPEND,
                    0, 0, cas, in, extras + keyLength, keyLength, valueLength, opaque, quiet);
            case DELETE, DELETEQ ->
            {
                final DeleteResult result = store.delete(key, keyLength, cas, false, ItemStore.NO_TOUCH);
                respond(out, opcode, DeleteResult.DELETED == result ? SUCCESS :
                    DeleteResult.EXISTS == result ? KEY_EXISTS : KEY_NOT_FOUND, opaque, 0, quiet);
            }
            case INCREMENT, INCREMENTQ, DECREMENT, DECREMENTQ -> arith(out, in, extras, opcode, keyLength, cas, opaque);
            case QUIT, QUITQ ->
            {
                respond(out, opcode, SUCCESS, opaque, 0, quiet);
                connection.closeAfterReplies(ctx);
            }
            case FLUSH, FLUSHQ ->
            {
                if (flushEnabled)
                {
                    store.flushAll(4 == extrasLength ? in.getUnsignedInt(extras) : 0);
                }
                respond(out, opcode, flushEnabled ? SUCCESS : AUTH_ERROR, opaque, 0, quiet);
            }
            case NOOP, VERBOSITY -> respond(out, opcode, SUCCESS, opaque, 0, false);
            case VERSION ->
            {
                header(out, opcode, SUCCESS, 0, 0, VERSION_BYTES.length, opaque, 0);
                out.writeBytes(VERSION_BYTES);
            }
            case STAT -> stat(out, in, extras, keyLength, opaque);
            default -> error(out, opcode, UNKNOWN_COMMAND, opaque);
        }
    }

    private static void respond(
        final ByteBuf out, final int opcode, final int status, final int opaque, final long cas, final boolean quiet)
    {
        if (SUCCESS != status)
        {
            error(out, opcode, status, opaque);
        }
        else if (!quiet)
        {
            header(out, opcode, SUCCESS, 0, 0, 0, opaque, cas);
        }
    }

    private void get(
        final ChannelHandlerContext ctx, final ByteBuf out, final int opcode, final int keyLength,
        final long touch, final int opaque, final boolean quiet)
    {
        final boolean withKey = GETK == opcode || GETKQ == opcode || GATK == opcode || GATKQ == opcode;
        final boolean withValue = TOUCH != opcode;
        final ByteBuf value = connection.scratch(ctx);
        if (store.get(key, keyLength, touch, view, withValue ? value : null))
        {
            final int shownKey = withKey ? keyLength : 0;
            final int valueBytes = withValue ? value.readableBytes() : 0;
            header(out, opcode, SUCCESS, 4, shownKey, 4 + shownKey + valueBytes, opaque, view.cas);
            out.writeInt(view.flags).writeBytes(key, 0, shownKey).writeBytes(value);
        }
        else if (!quiet)
        {
            if (withKey)
            {
                header(out, opcode, KEY_NOT_FOUND, 0, keyLength, keyLength, opaque, 0);
                out.writeBytes(key, 0, keyLength);
            }
            else
            {
                error(out, opcode, KEY_NOT_FOUND, opaque);
            }
        }
    }

    private void store(
        final ByteBuf out, final int opcode, final StoreMode mode, final int flags, final long exptime,
        final long cas, final ByteBuf in, final int valueIndex, final int keyLength, final int valueLength,
        final int opaque, final boolean quiet)
    {
        final StoreResult result = store.store(
            mode, key, keyLength, flags, exptime, cas, false, in, valueIndex, valueLength, view);
        final int status = switch (result)
        {
            case STORED -> SUCCESS;
            case EXISTS -> KEY_EXISTS;
            case NOT_FOUND -> KEY_NOT_FOUND;
            case TOO_LARGE -> TOO_BIG;
            case NO_MEMORY -> OUT_OF_MEMORY;
            case NOT_STORED -> StoreMode.ADD == mode ? KEY_EXISTS :
                StoreMode.REPLACE == mode ? KEY_NOT_FOUND : NOT_STORED;
        };
        respond(out, opcode, status, opaque, view.cas, quiet);
    }

    private void arith(
        final ByteBuf out, final ByteBuf in, final int extras, final int opcode, final int keyLength,
        final long cas, final int opaque)
    {
        final boolean increment = INCREMENT == opcode || INCREMENTQ == opcode;
        final long delta = in.getLong(extras);
        final long initial = in.getLong(extras + 8);
        final long exptime = in.getUnsignedInt(extras + 16);
        final ArithResult result = store.arith(
            key, keyLength, increment, delta, cas, NO_VIVIFY_EXPTIME == exptime ? ItemStore.NO_VIVIFY : exptime,
            initial, ItemStore.NO_TOUCH, view);
        switch (result)
        {
            case OK ->
            {
                if (INCREMENT == opcode || DECREMENT == opcode)
                {
                    header(out, opcode, SUCCESS, 0, 0, 8, opaque, view.cas);
                    out.writeLong(view.number);
                }
            }
            case NOT_FOUND -> error(out, opcode, KEY_NOT_FOUND, opaque);
            case NON_NUMERIC -> error(out, opcode, NON_NUMERIC, opaque);
            case EXISTS -> error(out, opcode, KEY_EXISTS, opaque);
            case NO_MEMORY -> error(out, opcode, OUT_OF_MEMORY, opaque);
        }
    }

    private void stat(final ByteBuf out, final ByteBuf in, final int extras, final int keyLength, final int opaque)
    {
        final String group = in.toString(extras, keyLength, StandardCharsets.US_ASCII);
        final StatSink sink = (name, value) ->
        {
            final int nameLength = name.length();
            final int valueLength = value.length();
            header(out, STAT, SUCCESS, 0, nameLength, nameLength + valueLength, opaque, 0);
            out.writeCharSequence(name, StandardCharsets.US_ASCII);
            out.writeCharSequence(value, StandardCharsets.US_ASCII);
        };
        switch (group)
        {
            case "" -> connection.stats.general(store, sink);
            case "settings" -> connection.stats.settings(store, sink);
            case "slabs" -> store.admin().statsSlabs(sink);
            case "items" -> store.admin().statsItems(sink);
            case "reset" ->
            {
                connection.stats.reset();
                store.admin().resetStats();
            }
            default ->
            {
                error(out, STAT, KEY_NOT_FOUND, opaque);
                return;
            }
        }
        header(out, STAT, SUCCESS, 0, 0, 0, opaque, 0);
    }
}
