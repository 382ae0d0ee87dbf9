/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client of tls-cost.sh: {@code --connections} threads, each with its own connection, plain or TLS (with
 * {@code --ca FILE}, the certificate authority the server's certificate must chain to), send one request at a time:
 * 90% gets and 10% sets of 100-byte values over 10,000 keys, all stored first, for {@code --warmup} seconds (5, not
 * counted) and then for {@code --seconds}. Every reply is read and checked (a get of a stored key must return its
 * value); any other reply, or an I/O error, fails the run (exit 1, naming it). Prints "mark start" and "mark end"
 * around the timed part, for the script to read the server's CPU time, then "result OPERATIONS SECONDS". With
 * {@code --probe} it only connects and asks "version", for the script to wait for a server to listen.
 * <p>
 * One request at a time on each connection, so that the TLS record per request and per reply is what is measured,
 * as a client without pipelining pays it.
 */
public final class TlsCost
{
    private static final int KEYS = 10_000;
    private static final int VALUE_LENGTH = 100;
    private static final AtomicReference<String> FAILURE = new AtomicReference<>();

    private TlsCost()
    {
    }

    /**
     * @param args {@code --port P [--ca FILE] [--seconds S] [--warmup S] [--connections C] [--probe]}.
     * @throws Exception when the run is interrupted.
     */
    public static void main(final String[] args) throws Exception
    {
        int port = 0;
        String ca = null;
        int seconds = 10;
        int warmup = 5;
        int connections = 16;
        boolean probe = false;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--ca" -> ca = args[++i];
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--probe" -> probe = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        final SocketFactory factory = null == ca ? SocketFactory.getDefault() : tls(ca).getSocketFactory();
        if (probe)
        {
            try (Socket socket = factory.createSocket("127.0.0.1", port))
            {
                socket.setSoTimeout(2_000);
                socket.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                System.exit(line(new BufferedInputStream(socket.getInputStream())).startsWith("VERSION") ? 0 : 1);
            }
            catch (final IOException ex)
            {
                System.exit(1);
            }
        }

        try (Socket socket = factory.createSocket("127.0.0.1", port))
        {
            final OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            final InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int key = 0; key < KEYS; key++)
            {
                set(out, in, key);
            }
        }

        phase(factory, port, connections, warmup, new AtomicLong());
        final AtomicLong operations = new AtomicLong();
        System.out.println("mark start");
        System.out.flush();
        final long start = System.nanoTime();
        phase(factory, port, connections, seconds, operations);
        final double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.println("mark end");
        if (null != FAILURE.get())
        {
            System.err.println("FAILED: " + FAILURE.get());
            System.exit(1);
        }
        System.out.printf("result %d %.3f%n", operations.get(), elapsed);
    }

    /** Runs the connections' threads for {@code seconds}, counting their operations. */
    private static void phase(
        final SocketFactory factory, final int port, final int connections, final int seconds,
        final AtomicLong operations) throws InterruptedException
    {
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        final Thread[] threads = new Thread[connections];
        for (int t = 0; t < connections; t++)
        {
            final long seed = t;
            threads[t] = new Thread(() -> run(factory, port, seed, end, operations));
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
    }

    private static void run(
        final SocketFactory factory, final int port, final long seed, final long end, final AtomicLong operations)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        try (Socket socket = factory.createSocket("127.0.0.1", port))
        {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            final OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            final InputStream in = new BufferedInputStream(socket.getInputStream());
            long done = 0;
            while (System.nanoTime() < end && null == FAILURE.get())
            {
                final int key = random.nextInt(KEYS);
                if (random.nextInt(10) == 0)
                {
                    set(out, in, key);
                }
                else
                {
                    get(out, in, key);
                }
                done++;
            }
            operations.addAndGet(done);
        }
        catch (final IOException | RuntimeException ex)
        {
            FAILURE.compareAndSet(null, ex.toString());
        }
    }

    private static void set(final OutputStream out, final InputStream in, final int key) throws IOException
    {
        out.write(("set k:" + key + " 0 0 " + VALUE_LENGTH + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(value(key));
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect("STORED", line(in), "set k:" + key);
    }

    private static void get(final OutputStream out, final InputStream in, final int key) throws IOException
    {
        out.write(("get k:" + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect("VALUE k:" + key + " 0 " + VALUE_LENGTH, line(in), "get k:" + key);
        final byte[] value = in.readNBytes(VALUE_LENGTH + 2);
        if (!new String(value, 0, VALUE_LENGTH, StandardCharsets.US_ASCII).equals(
            new String(value(key), StandardCharsets.US_ASCII)))
        {
            throw new IllegalStateException("get k:" + key + " returned another value");
        }
        expect("END", line(in), "get k:" + key);
    }

    private static byte[] value(final int key)
    {
        final byte[] value = new byte[VALUE_LENGTH];
        for (int i = 0; i < VALUE_LENGTH; i++)
        {
            value[i] = (byte)('a' + (key + i) % 26);
        }
        return value;
    }

    private static void expect(final String expected, final String line, final String request)
    {
        if (!expected.equals(line))
        {
            throw new IllegalStateException(request + ": expected '" + expected + "', got '" + line + "'");
        }
    }

    private static String line(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ('\n' != (b = in.read()))
        {
            if (-1 == b)
            {
                throw new IOException("the server closed the connection");
            }
            line.write(b);
        }
        final String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static SSLContext tls(final String caFile) throws Exception
    {
        final KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (FileInputStream in = new FileInputStream(caFile))
        {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
