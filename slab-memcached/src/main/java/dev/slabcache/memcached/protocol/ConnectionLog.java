/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The -vv log of one connection on stderr, in memcached's words with the connection's id for its file descriptor:
 * "&lt;ID new auto-negotiating client connection", the protocol chosen, each command line ("&lt;ID get foo"), each
 * reply line ("&gt;ID END", "&gt;ID sending key foo" for a value), binary headers dumped as hex, and
 * "&lt;ID connection closed.". A connection has one only when verbosity is 2 or more, so that a quiet server pays
 * nothing. As memcached, replies to "stats" and to meta commands other than mn are not logged.
 * <p>
 * Public so that the server logs its listener at start.
 */
public final class ConnectionLog
{
    private static final int BINARY_HEADER_LENGTH = 24;

    private final long id;
    private final PrintStream err;
    private boolean quiet;

    /**
     * @param id  the connection's id.
     * @param err where the lines go.
     */
    ConnectionLog(final long id, final PrintStream err)
    {
        this.id = id;
        this.err = err;
    }

    /**
     * Logs a listener bound, as memcached does at start.
     *
     * @param id  the listener's id.
     * @param err where the line goes.
     */
    public static void listening(final long id, final PrintStream err)
    {
        err.println("<" + id + " server listening (auto-negotiate)");
    }

    void opened()
    {
        err.println("<" + id + " new auto-negotiating client connection");
    }

    /** @param binary whether the first byte chose the binary protocol. */
    void protocol(final boolean binary)
    {
        err.println(id + ": Client using the " + (binary ? "binary" : "ascii") + " protocol");
    }

    void closed()
    {
        err.println("<" + id + " connection closed.");
    }

    /**
     * Logs a text command line, and whether its replies are logged.
     *
     * @param in   the input.
     * @param from the line's first byte.
     * @param end  the index after its last byte, before CRLF.
     */
    void command(final ByteBuf in, final int from, final int end)
    {
        final String line = in.toString(from, end - from, StandardCharsets.ISO_8859_1);
        quiet = line.startsWith("stats") || (line.length() >= 2 && 'm' == line.charAt(0) &&
            (2 == line.length() || ' ' == line.charAt(2)) && !line.startsWith("mn"));
        err.println("<" + id + " " + line);
    }

    /**
     * Logs the text replies written to {@code out} between two indexes: each line, or "sending key" for a value.
     *
     * @param out  the reply buffer.
     * @param from the first byte not logged yet.
     * @param to   the end of the replies.
     */
    void textReplies(final ByteBuf out, final int from, final int to)
    {
        if (quiet)
        {
            return;
        }
        int i = from;
        while (i < to)
        {
            final int eol = out.indexOf(i, to, (byte)'\n');
            if (eol < 0)
            {
                return;
            }
            final int end = eol > i && '\r' == out.getByte(eol - 1) ? eol - 1 : eol;
            final String line = out.toString(i, end - i, StandardCharsets.ISO_8859_1);
            i = eol + 1;
            final String[] parts = line.startsWith("VALUE ") ? line.split(" ") : null;
            if (null != parts && parts.length > 3 && isLength(parts[3]))
            {
                err.println(">" + id + " sending key " + parts[1]);
                i += Integer.parseInt(parts[3]) + 2;
            }
            else
            {
                err.println(">" + id + " " + line);
            }
        }
    }

    private static boolean isLength(final String token)
    {
        return !token.isEmpty() && token.length() < 10 && token.chars().allMatch(Character::isDigit);
    }

    /**
     * Logs a binary request header as memcached's "Read binary protocol data" dump.
     *
     * @param in   the input.
     * @param base the header's first byte.
     */
    void binaryRequest(final ByteBuf in, final int base)
    {
        err.print(dump("<" + id + " Read binary protocol data:", "\n<" + id + "   ", in, base));
    }

    /**
     * Logs the header of each binary response written to {@code out} between two indexes.
     *
     * @param out  the reply buffer.
     * @param from the first response not logged yet.
     * @param to   the end of the responses.
     */
    void binaryReplies(final ByteBuf out, final int from, final int to)
    {
        int i = from;
        while (i + BINARY_HEADER_LENGTH <= to)
        {
            err.print(dump(">" + id + " Writing bin response:", "\n>" + id + "  ", out, i));
            i += BINARY_HEADER_LENGTH + (int)out.getUnsignedInt(i + 8);
        }
    }

    private static String dump(final String title, final String rowPrefix, final ByteBuf buffer, final int base)
    {
        final StringBuilder text = new StringBuilder(256).append(title);
        for (int i = 0; i < BINARY_HEADER_LENGTH; i++)
        {
            if (0 == i % 4)
            {
                text.append(rowPrefix);
            }
            text.append(String.format(" 0x%02x", buffer.getUnsignedByte(base + i)));
        }
        return text.append('\n').toString();
    }
}
