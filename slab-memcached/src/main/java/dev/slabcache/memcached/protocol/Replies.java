/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The text protocol's replies, word for word as memcached writes them, and writers of numbers into a reply
 * without making strings.
 */
final class Replies
{
    static final byte[] CRLF = ascii("\r\n");
    static final byte[] ERROR = line("ERROR");
    static final byte[] STORED = line("STORED");
    static final byte[] NOT_STORED = line("NOT_STORED");
    static final byte[] EXISTS = line("EXISTS");
    static final byte[] NOT_FOUND = line("NOT_FOUND");
    static final byte[] DELETED = line("DELETED");
    static final byte[] TOUCHED = line("TOUCHED");
    static final byte[] END = line("END");
    static final byte[] OK = line("OK");
    static final byte[] RESET = line("RESET");
    static final byte[] VALUE = ascii("VALUE ");
    static final byte[] STAT = ascii("STAT ");
    static final byte[] BAD_FORMAT = line("CLIENT_ERROR bad command line format");
    static final byte[] BAD_DATA_CHUNK = line("CLIENT_ERROR bad data chunk");
    static final byte[] BAD_EXPTIME = line("CLIENT_ERROR invalid exptime argument");
    static final byte[] BAD_DELTA = line("CLIENT_ERROR invalid numeric delta argument");
    static final byte[] NON_NUMERIC = line("CLIENT_ERROR cannot increment or decrement non-numeric value");
    static final byte[] BAD_DELETE = line("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
    static final byte[] LINE_TOO_LONG = line("CLIENT_ERROR line too long");
    static final byte[] TOO_LARGE = line("SERVER_ERROR object too large for cache");
    static final byte[] NO_MEMORY_STORING = line("SERVER_ERROR out of memory storing object");
    static final byte[] NO_MEMORY = line("SERVER_ERROR out of memory");
    static final byte[] NO_MEMORY_READING = line("SERVER_ERROR out of memory reading request");
    static final byte[] VERSION = line("VERSION " + ProtocolStats.VERSION);

    private static final byte[] MIN_LONG = ascii("-9223372036854775808");

    private Replies()
    {
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] line(final String text)
    {
        return ascii(text + "\r\n");
    }

    /**
     * Writes a number in decimal as unsigned 64 bits.
     *
     * @param out   the reply.
     * @param value 64 bits unsigned.
     */
    static void writeUnsigned(final ByteBuf out, final long value)
    {
        if (value >= 0)
        {
            writeLong(out, value);
        }
        else
        {
            final long quotient = (value >>> 1) / 5;
            writeLong(out, quotient);
            out.writeByte('0' + (int)(value - quotient * 10));
        }
    }

    /**
     * Writes a signed number in decimal.
     *
     * @param out   the reply.
     * @param value the number.
     */
    static void writeLong(final ByteBuf out, final long value)
    {
        if (Long.MIN_VALUE == value)
        {
            out.writeBytes(MIN_LONG);
            return;
        }
        long v = value;
        if (v < 0)
        {
            out.writeByte('-');
            v = -v;
        }
        final int digits = digits(v);
        final int start = out.writerIndex();
        out.ensureWritable(digits);
        int index = start + digits - 1;
        do
        {
            out.setByte(index--, '0' + (int)(v % 10));
            v /= 10;
        }
        while (v != 0);
        out.writerIndex(start + digits);
    }

    private static int digits(final long value)
    {
        int digits = 1;
        long limit = 10;
        while (digits < 19 && value >= limit)
        {
            digits++;
            limit *= 10;
        }
        return digits;
    }

    /**
     * Writes "STAT name value\r\n".
     *
     * @param out   the reply.
     * @param name  the statistic.
     * @param value its value.
     */
    static void writeStat(final ByteBuf out, final String name, final String value)
    {
        out.writeBytes(STAT);
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(value, StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
    }
}
