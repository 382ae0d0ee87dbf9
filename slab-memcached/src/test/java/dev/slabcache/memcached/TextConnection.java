/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A blocking text-protocol connection for pipelined tests: commands are buffered until {@link #flush()}, and
 * replies are read back in order, one call per command.
 */
public final class TextConnection implements AutoCloseable
{
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final StringBuilder line = new StringBuilder();

    /**
     * @param port the server's port on 127.0.0.1.
     * @throws IOException when it cannot connect.
     */
    public TextConnection(final int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    public void writeLine(final String command) throws IOException
    {
        out.write(command.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    public void writeStorage(final String verb, final String key, final byte[] value) throws IOException
    {
        writeLine(verb + " " + key + " 0 0 " + value.length);
        out.write(value);
        out.write('\r');
        out.write('\n');
    }

    public void flush() throws IOException
    {
        out.flush();
    }

    /** @return the next reply line without its CRLF. */
    public String readLine() throws IOException
    {
        line.setLength(0);
        while (true)
        {
            final int b = in.read();
            if (-1 == b)
            {
                throw new EOFException("the server closed the connection after '" + line + "'");
            }
            if ('\n' == b)
            {
                final int length = line.length();
                if (0 == length || '\r' != line.charAt(length - 1))
                {
                    throw new IOException("a reply line not ended by CRLF: '" + line + "'");
                }
                line.setLength(length - 1);
                return line.toString();
            }
            line.append((char)b);
        }
    }

    /** @return the next line ended by LF alone, as a metadump's lines are, without it. */
    public String readLfLine() throws IOException
    {
        line.setLength(0);
        for (int b = in.read(); '\n' != b; b = in.read())
        {
            if (-1 == b)
            {
                throw new EOFException("the server closed the connection after '" + line + "'");
            }
            line.append((char)b);
        }
        return line.toString();
    }

    /**
     * Reads the reply to a one-key get.
     *
     * @param key the key asked for.
     * @return the value, or null on a miss.
     * @throws IOException when the reply is not a get's.
     */
    public byte[] readGet(final String key) throws IOException
    {
        final String header = readLine();
        if ("END".equals(header))
        {
            return null;
        }
        final String prefix = "VALUE " + key + " 0 ";
        if (!header.startsWith(prefix))
        {
            throw new IOException("get " + key + " answered '" + header + "'");
        }
        final int length = Integer.parseInt(header.substring(prefix.length()));
        final byte[] value = in.readNBytes(length);
        if (value.length != length || '\r' != in.read() || '\n' != in.read())
        {
            throw new IOException("get " + key + ": the value is not " + length + " bytes and CRLF");
        }
        final String end = readLine();
        if (!"END".equals(end))
        {
            throw new IOException("get " + key + ": '" + end + "' after the value, not END");
        }
        return value;
    }

    /**
     * Sends "stats" (or "stats ARG") and reads the reply.
     *
     * @param argument null for plain "stats", or the group ("slabs", "items", "settings").
     * @return the statistics by name, in the server's order.
     * @throws IOException when the reply is not a stats reply.
     */
    public Map<String, String> stats(final String argument) throws IOException
    {
        writeLine(null == argument ? "stats" : "stats " + argument);
        flush();
        final Map<String, String> stats = new LinkedHashMap<>();
        for (String reply = readLine(); !"END".equals(reply); reply = readLine())
        {
            final String[] parts = reply.split(" ", 3);
            if (3 != parts.length || !"STAT".equals(parts[0]))
            {
                throw new IOException("not a STAT line: '" + reply + "'");
            }
            stats.put(parts[1], parts[2]);
        }
        return stats;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
