/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The items of a warm restart, over the text protocol, pipelined in batches. {@code load} sets {@code count} items
 * ({@code key:0000000} upward, flags i, no expiry, {@code valueLength} bytes made from i), then reads each one's cas
 * unique with {@code gets} and writes them to {@code CAS_FILE}. {@code check} reads every item with {@code gets} and
 * checks its value, flags and cas against the file; it prints how many it checked and exits 1 at the first item
 * missing or wrong. Run with {@code java RestartItems.java load|check HOST PORT COUNT VALUE_LENGTH CAS_FILE}.
 */
public final class RestartItems
{
    private static final int BATCH = 1000;

    /**
     * @param args mode, host, port, item count, value length, cas file.
     * @throws IOException when the connection or the file fails.
     */
    public static void main(final String[] args) throws IOException
    {
        if (6 != args.length || !("load".equals(args[0]) || "check".equals(args[0])))
        {
            throw new IllegalArgumentException(
                "usage: java RestartItems.java load|check HOST PORT COUNT VALUE_LENGTH CAS_FILE");
        }
        final boolean load = "load".equals(args[0]);
        final int count = Integer.parseInt(args[3]);
        final int valueLength = Integer.parseInt(args[4]);
        final Path casFile = Path.of(args[5]);
        final long[] cas = new long[count];
        if (!load)
        {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(casFile))))
            {
                for (int i = 0; i < count; i++)
                {
                    cas[i] = in.readLong();
                }
            }
        }
        try (Socket socket = new Socket(args[1], Integer.parseInt(args[2])))
        {
            socket.setTcpNoDelay(true);
            final OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            final InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            if (load)
            {
                for (int first = 0; first < count; first += BATCH)
                {
                    final int end = Math.min(count, first + BATCH);
                    for (int i = first; i < end; i++)
                    {
                        out.write(("set " + key(i) + " " + i + " 0 " + valueLength + "\r\n").getBytes(
                            StandardCharsets.US_ASCII));
                        out.write(value(i, valueLength));
                        out.write('\r');
                        out.write('\n');
                    }
                    out.flush();
                    for (int i = first; i < end; i++)
                    {
                        expect(line(in), "STORED", i);
                    }
                }
            }
            for (int first = 0; first < count; first += BATCH)
            {
                final int end = Math.min(count, first + BATCH);
                final StringBuilder gets = new StringBuilder("gets");
                for (int i = first; i < end; i++)
                {
                    gets.append(' ').append(key(i));
                }
                out.write(gets.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = first; i < end; i++)
                {
                    final String reply = line(in);
                    final String[] header = reply.split(" ");
                    if (5 != header.length)
                    {
                        fail("at item " + i + " expected a VALUE line with a cas but read '" + reply + "'");
                    }
                    expect(header[0] + " " + header[1] + " " + header[2] + " " + header[3],
                        "VALUE " + key(i) + " " + i + " " + valueLength, i);
                    final long unique = Long.parseLong(header[4]);
                    final byte[] value = in.readNBytes(valueLength + 2);
                    expect(new String(value, 0, valueLength, StandardCharsets.US_ASCII),
                        new String(value(i, valueLength), StandardCharsets.US_ASCII), i);
                    if (load)
                    {
                        cas[i] = unique;
                    }
                    else if (cas[i] != unique)
                    {
                        fail("item " + i + " has cas " + unique + ", had " + cas[i]);
                    }
                }
                expect(line(in), "END", end);
            }
        }
        if (load)
        {
            try (DataOutputStream file = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(casFile))))
            {
                for (final long unique : cas)
                {
                    file.writeLong(unique);
                }
            }
            System.out.println("loaded " + count + " items");
        }
        else
        {
            System.out.println("checked " + count + " items: every value, flag and cas as loaded");
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
            value[j] = (byte)('a' + (i * 31 + j) % 26);
        }
        return value;
    }

    private static String line(final InputStream in) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        int c;
        while ('\n' != (c = in.read()))
        {
            if (c < 0)
            {
                fail("the server closed the connection");
            }
            if ('\r' != c)
            {
                line.append((char)c);
            }
        }
        return line.toString();
    }

    private static void expect(final String actual, final String expected, final int item)
    {
        if (!expected.equals(actual))
        {
            fail("at item " + item + " expected '" + expected + "' but read '" + actual + "'");
        }
    }

    private static void fail(final String message)
    {
        System.err.println("ERROR: " + message);
        System.exit(1);
    }
}
