/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A blocking socket to the server under test that sends raw bytes and reads exact byte counts back: TCP on
 * 127.0.0.1, or a unix domain socket (the JDK's, without a read timeout: its tests carry a JUnit timeout).
 */
public final class RawClient implements AutoCloseable
{
    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final SocketChannel unixChannel;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(final int port)
    {
        try
        {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            unixChannel = null;
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public RawClient(final Path unixSocket)
    {
        try
        {
            socket = null;
            unixChannel = SocketChannel.open(StandardProtocolFamily.UNIX);
            unixChannel.connect(UnixDomainSocketAddress.of(unixSocket));
            in = Channels.newInputStream(unixChannel);
            out = Channels.newOutputStream(unixChannel);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public RawClient send(final byte[] data)
    {
        try
        {
            out.write(data);
            out.flush();
            return this;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public RawClient send(final String text)
    {
        return send(bytes(text));
    }

    /** Sends one byte at a time, each in its own packet as far as TCP_NODELAY goes. */
    public RawClient trickle(final String text)
    {
        for (final byte b : bytes(text))
        {
            send(new byte[]{ b });
        }
        return this;
    }

    public byte[] read(final int length)
    {
        try
        {
            return in.readNBytes(length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public String readText(final int length)
    {
        return new String(read(length), StandardCharsets.ISO_8859_1);
    }

    /** Reads until a line equal to {@code last} ends the reply. */
    public String readUntil(final String last)
    {
        final ByteArrayOutputStream reply = new ByteArrayOutputStream();
        final byte[] end = bytes(last);
        try
        {
            while (true)
            {
                final int b = in.read();
                if (b < 0)
                {
                    return reply.toString(StandardCharsets.ISO_8859_1);
                }
                reply.write(b);
                final byte[] sofar = reply.toByteArray();
                final int start = sofar.length - end.length;
                if (endsWith(sofar, end) && (0 == start || '\n' == sofar[start - 1]))
                {
                    return reply.toString(StandardCharsets.ISO_8859_1);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Reads one line, its "\r\n" included. */
    public String readLine()
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        try
        {
            int b;
            do
            {
                b = in.read();
                if (b >= 0)
                {
                    line.write(b);
                }
            }
            while (b >= 0 && '\n' != b);
            return line.toString(StandardCharsets.ISO_8859_1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static boolean endsWith(final byte[] data, final byte[] suffix)
    {
        if (data.length < suffix.length)
        {
            return false;
        }
        for (int i = 0; i < suffix.length; i++)
        {
            if (data[data.length - suffix.length + i] != suffix[i])
            {
                return false;
            }
        }
        return true;
    }

    /** @return what arrives until the server closes, or null if it does not close in time. */
    public String readToClose()
    {
        try
        {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        catch (final SocketTimeoutException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    /** Sends a request and reads exactly as many bytes as the expected reply has. */
    public String call(final String request, final String expectedReply)
    {
        send(request);
        return readText(bytes(expectedReply).length);
    }

    public void shutdownOutput()
    {
        try
        {
            if (null == socket)
            {
                unixChannel.shutdownOutput();
            }
            else
            {
                socket.shutdownOutput();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            if (null == socket)
            {
                unixChannel.close();
            }
            else
            {
                socket.close();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
