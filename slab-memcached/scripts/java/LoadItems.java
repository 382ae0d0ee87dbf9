/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads {@code count} items ({@code key:0000000} upward, flags 0, no expiry, {@code valueLength} bytes each) into a
 * memcached-compatible server over the text protocol, pipelined in batches, and checks that every set was STORED,
 * that {@code stats} counts exactly {@code count} current items, and that every 997th item reads back whole.
 * Exits 1 when anything is not so. Run with {@code java LoadItems.java HOST PORT COUNT VALUE_LENGTH}.
 */
public final class LoadItems
{
    private static final int BATCH = 1000;

    /**
     * @param args host, port, item count, value length.
     * @throws IOException when the connection fails.
     */
    public static void main(final String[] args) throws IOException
    {
        if (4 != args.length)
        {
            throw new IllegalArgumentException("usage: java LoadItems.java HOST PORT COUNT VALUE_LENGTH");
        }
        final int count = Integer.parseInt(args[2]);
        final int valueLength = Integer.parseInt(args[3]);
        try (Socket socket = new Socket(args[0], Integer.parseInt(args[1])))
        {
            socket.setTcpNoDelay(true);
            final OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            final InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            for (int first = 0; first < count; first += BATCH)
            {
                final int last = Math.min(count, first + BATCH);
                for (int i = first; i < last; i++)
                {
                    out.write(("set " + key(i) + " 0 0 " + valueLength + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(value(i, valueLength));
                    out.write('\r');
                    out.write('\n');
                }
                out.flush();
                for (int i = first; i < last; i++)
                {
                    final String reply = readLine(in);
                    if (!"STORED".equals(reply))
                    {
                        fail("set " + key(i) + " answered '" + reply + "', not STORED");
                    }
                }
            }

            final Map<String, String> stats = stats(out, in);
            final long currItems = Long.parseLong(stats.getOrDefault("curr_items", "-1"));
            if (currItems != count)
            {
                fail("stats curr_items is " + currItems + " after " + count + " sets of distinct keys");
            }
            for (int i = 0; i < count; i += 997)
            {
                checkValue(out, in, i, valueLength);
            }
            System.out.println("  loaded " + count + " items of " + valueLength + " bytes: curr_items " + currItems +
                ", bytes " + stats.get("bytes") + " (the server's count of item bytes)");
        }
    }

    private static String key(final int i)
    {
        return String.format("key:%07d", i);
    }

    private static byte[] value(final int i, final int length)
    {
        final byte[] value = new byte[length];
        for (int j = 0; j < length; j++)
        {
            value[j] = (byte)('a' + (i + j) % 26);
        }
        return value;
    }

    private static Map<String, String> stats(final OutputStream out, final InputStream in) throws IOException
    {
        out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final Map<String, String> stats = new HashMap<>();
        for (String line = readLine(in); !"END".equals(line); line = readLine(in))
        {
            final String[] parts = line.split(" ", 3);
            if (3 != parts.length || !"STAT".equals(parts[0]))
            {
                fail("stats answered '" + line + "'");
            }
            stats.put(parts[1], parts[2]);
        }
        return stats;
    }

    private static void checkValue(final OutputStream out, final InputStream in, final int i, final int valueLength)
        throws IOException
    {
        out.write(("get " + key(i) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final String header = readLine(in);
        final String expected = "VALUE " + key(i) + " 0 " + valueLength;
        if (!expected.equals(header))
        {
            fail("get " + key(i) + " answered '" + header + "', not '" + expected + "'");
        }
        final byte[] data = in.readNBytes(valueLength + 2);
        if (!Arrays.equals(Arrays.copyOf(data, valueLength), value(i, valueLength)) || !"END".equals(readLine(in)))
        {
            fail("get " + key(i) + " returned a value other than the one set");
        }
    }

    private static String readLine(final InputStream in) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        for (int b = in.read(); '\n' != b; b = in.read())
        {
            if (-1 == b)
            {
                fail("the server closed the connection");
            }
            line.append((char)b);
        }
        final int length = line.length();
        return length > 0 && '\r' == line.charAt(length - 1) ? line.substring(0, length - 1) : line.toString();
    }

    private static void fail(final String message)
    {
        System.err.println("LoadItems: " + message);
        System.exit(1);
    }
}
