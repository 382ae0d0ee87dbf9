/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import dev.slabcache.memcached.store.ItemStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The binary protocol of one connection: reads each 24-byte request header, checks the lengths as memcached's
 * dispatch_bin_command does (a bad one is answered "Invalid arguments" and the connection closed), refuses a value
 * over -I before it arrives (and swallows it), then waits for the whole packet and hands it to
 * {@link BinaryCommands}.
 */
final class BinaryHandler extends ConnectionHandler
{
    static final int HEADER_LENGTH = 24;
    static final int REQUEST_MAGIC = 0x80;

    private final BinaryCommands commands;
    private final SaslPlain sasl;
    private long swallow;
    private boolean headerLogged;

    BinaryHandler(
        final ItemStore store, final ProtocolStats stats, final ConnectionRecord record, final ProtocolOptions config,
        final SaslPlain sasl)
    {
        super(store, stats, record);
        this.sasl = sasl;
        this.commands = new BinaryCommands(this, config.flushEnabled(), config.casEnabled());
    }

    @Override
    boolean decodeOne(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        if (null == log)
        {
            return decodePacket(ctx, in);
        }
        if (0 == swallow && !headerLogged && in.readableBytes() >= HEADER_LENGTH)
        {
            log.binaryRequest(in, in.readerIndex());
            headerLogged = true;
        }
        final boolean consumed = decodePacket(ctx, in);
        headerLogged &= !consumed;
        return consumed;
    }

    @Override
    void logReplies(final ByteBuf out, final int from, final int to)
    {
        log.binaryReplies(out, from, to);
    }

    @Override
    String inputStateName()
    {
        return swallow > 0 ? "conn_swallow" : "conn_read";
    }

    private boolean decodePacket(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        if (swallow > 0)
        {
            final int skipped = (int)Math.min(swallow, in.readableBytes());
            in.skipBytes(skipped);
            swallow -= skipped;
            return true;
        }
        if (in.readableBytes() < HEADER_LENGTH)
        {
            return false;
        }
        final int base = in.readerIndex();
        if (REQUEST_MAGIC != in.getUnsignedByte(base))
        {
            closeAfterReplies(ctx);
            return true;
        }
        final int opcode = in.getUnsignedByte(base + 1);
        final int keyLength = in.getUnsignedShort(base + 2);
        final int extrasLength = in.getUnsignedByte(base + 4);
        final long bodyLength = in.getUnsignedInt(base + 8);
        final int opaque = in.getInt(base + 12);
        final ByteBuf out = out(ctx);
        if (keyLength + extrasLength > bodyLength)
        {
            BinaryCommands.error(out, opcode, BinaryCommands.UNKNOWN_COMMAND, opaque);
            closeAfterReplies(ctx);
            return true;
        }
        if (null != sasl && !sasl.allows(opcode))
        {
            // As memcached under -S: refused before its lengths are checked, and the connection closed.
            BinaryCommands.error(out, opcode, BinaryCommands.AUTH_ERROR, opaque);
            closeAfterReplies(ctx);
            return true;
        }
        if (keyLength > Tokens.KEY_MAX_LENGTH ||
            !BinaryCommands.lengthsFit(opcode, keyLength, extrasLength, bodyLength) ||
            null != sasl && SaslPlain.isSasl(opcode) && bodyLength > SaslPlain.MAX_BODY_LENGTH)
        {
            BinaryCommands.error(out, opcode, BinaryCommands.INVALID_ARGUMENTS, opaque);
            closeAfterReplies(ctx);
            return true;
        }
        if (null != sasl && SaslPlain.isSasl(opcode))
        {
            if (in.readableBytes() < HEADER_LENGTH + bodyLength)
            {
                return false;
            }
            in.skipBytes(HEADER_LENGTH + (int)bodyLength);
            sasl.execute(out, in, base + HEADER_LENGTH, opcode, keyLength, (int)bodyLength, opaque);
            return true;
        }
        if (!BinaryCommands.isKnown(opcode))
        {
            if (in.readableBytes() < HEADER_LENGTH + extrasLength + keyLength)
            {
                return false;
            }
            // As memcached: the header, extras and key are read before the command is known, and then it swallows
            // the whole body length again, so that extras or a key leave the stream misaligned (and memcached
            // closes the connection at the next bad magic).
            in.skipBytes(HEADER_LENGTH + extrasLength + keyLength);
            swallow = BinaryCommands.unknownSwallow(opcode, keyLength, bodyLength);
            BinaryCommands.error(out, opcode, BinaryCommands.UNKNOWN_COMMAND, opaque);
            return true;
        }
        final long valueLength = bodyLength - keyLength - extrasLength;
        if (BinaryCommands.isStorage(opcode))
        {
            if (in.readableBytes() < HEADER_LENGTH + extrasLength + keyLength)
            {
                return false;
            }
            in.getBytes(base + HEADER_LENGTH + extrasLength, key, 0, keyLength);
            final int flags = 0 == extrasLength ? 0 : in.getInt(base + HEADER_LENGTH);
            if (valueLength > store.maxValueLength(keyLength, flags))
            {
                in.skipBytes(HEADER_LENGTH + extrasLength + keyLength);
                swallow = valueLength;
                store.admin().refusedTooLarge();
                commands.refuseTooLarge(out, opcode, keyLength, opaque);
                return true;
            }
        }
        if (in.readableBytes() < HEADER_LENGTH + bodyLength)
        {
            return false;
        }
        in.getBytes(base + HEADER_LENGTH + extrasLength, key, 0, keyLength);
        in.skipBytes(HEADER_LENGTH + (int)bodyLength);
        commands.execute(ctx, out, in, base, opcode, keyLength, extrasLength, (int)valueLength, opaque);
        return true;
    }
}
