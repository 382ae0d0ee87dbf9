/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

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
    private long swallow;

    BinaryHandler(final ItemStore store, final ServerStats stats)
    {
        super(store, stats);
        this.commands = new BinaryCommands(this);
    }

    @Override
    boolean decodeOne(final ChannelHandlerContext ctx, final ByteBuf in)
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
        if (keyLength > Tokens.KEY_MAX_LENGTH ||
            !BinaryCommands.lengthsFit(opcode, keyLength, extrasLength, bodyLength))
        {
            BinaryCommands.error(out, opcode, BinaryCommands.INVALID_ARGUMENTS, opaque);
            closeAfterReplies(ctx);
            return true;
        }
        if (!BinaryCommands.isKnown(opcode))
        {
            in.skipBytes(HEADER_LENGTH);
            swallow = bodyLength;
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
            if (valueLength > store.maxValueLength(keyLength))
            {
                in.skipBytes(HEADER_LENGTH + extrasLength + keyLength);
                swallow = valueLength;
                store.refusedTooLarge();
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
