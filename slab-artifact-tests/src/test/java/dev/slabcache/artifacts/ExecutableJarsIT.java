/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import dev.slabcache.core.AgronaAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runnable jars, {@code slab-memcached.jar} and {@code slab-examples.jar}: a plain {@code java -jar}, with no JVM
 * flag, runs them; the demo run from the class path without the flag names it in the library's words; and the server's
 * jar carries its Netty and Agrona under its own package so that it never clashes with another copy on a class path.
 */
class ExecutableJarsIT
{
    private static final String SHADED = "dev/slabcache/memcached/shaded/";

    @ParameterizedTest
    @CsvSource({"slab-memcached, dev.slabcache.memcached.Main", "slab-examples, dev.slabcache.examples.QuickStart"})
    void shouldOpenJdkInternalMiscInTheManifest(final String module, final String mainClass) throws IOException
    {
        try (JarFile jar = new JarFile(Artifacts.executableJar(module).toFile()))
        {
            final Attributes attributes = jar.getManifest().getMainAttributes();
            assertEquals(mainClass, attributes.getValue("Main-Class"));
            assertEquals("java.base/jdk.internal.misc", attributes.getValue("Add-Opens"));
        }
    }

    @Test
    void shouldEnableNativeAccessForNettysEpollLibraryInTheServersManifest() throws IOException
    {
        try (JarFile jar = new JarFile(Artifacts.executableJar("slab-memcached").toFile()))
        {
            assertEquals("ALL-UNNAMED", jar.getManifest().getMainAttributes().getValue("Enable-Native-Access"));
        }
    }

    @Test
    void shouldRelocateNettyAndAgronaInsideTheServersJar() throws IOException
    {
        final List<String> unrelocated = new ArrayList<>();
        try (JarFile jar = new JarFile(Artifacts.executableJar("slab-memcached").toFile()))
        {
            final Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements())
            {
                final String name = entries.nextElement().getName();
                if (name.startsWith("io/netty/") || name.startsWith("org/agrona/") ||
                    name.startsWith("META-INF/native/libnetty"))
                {
                    unrelocated.add(name);
                }
            }
            assertEquals(List.of(), unrelocated);
            assertNotNull(jar.getEntry(SHADED + "io/netty/channel/epoll/Epoll.class"));
            assertNotNull(jar.getEntry(SHADED + "org/agrona/concurrent/UnsafeBuffer.class"));
            // Netty loads its native transport by its package prefix, dots as underscores.
            assertNotNull(jar.getEntry(
                "META-INF/native/libdev_slabcache_memcached_shaded_netty_transport_native_epoll_x86_64.so"));
            assertNull(jar.getEntry("dev/slabcache/memcached/junit/MemcachedServerExtension.class"),
                "the JUnit extension belongs to the library jar only");
        }
    }

    @Test
    void shouldRunTheExamplesWithAPlainJavaJar(@TempDir final Path dir) throws Exception
    {
        final Path log = dir.resolve("out.txt");
        final Process process = javaJar("slab-examples", log);

        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the examples did not end");
        final String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Every session logged out"), output);
    }

    @Test
    void shouldNameTheFlagInTheLibrarysWordsWhenTheDemoRunsFromTheClassPathWithoutIt(@TempDir final Path dir)
        throws Exception
    {
        // On the class path the JVM ignores the jar's Add-Opens: only the library's check stands between the user
        // and Agrona's IllegalAccessError.
        final Path log = dir.resolve("out.txt");
        final Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", Artifacts.executableJar("slab-examples").toString(), "dev.slabcache.examples.QuickStart")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the demo did not end");
        final String output = Files.readString(log);
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.startsWith("slabcache cannot use Agrona buffers in this JVM: start it with the option " +
            AgronaAccess.REQUIRED_JVM_FLAG), output);
        assertFalse(output.contains("IllegalAccessError"), output);
        assertFalse(output.contains("slabcache quick start"), output);
    }

    @Test
    void shouldServeWithAPlainJavaJarOverTheRelocatedEpollTransport(@TempDir final Path dir) throws Exception
    {
        final int port;
        try (ServerSocket free = new ServerSocket(0))
        {
            port = free.getLocalPort();
        }
        final Path log = dir.resolve("out.txt");
        // -u: as memcached, the server refuses to run as root without it; as any other user it changes nothing.
        final Process process = javaJar("slab-memcached", log, "-p", Integer.toString(port), "-t", "1", "-m", "8",
            "-u", System.getProperty("user.name"));
        try
        {
            assertEquals("STORED\r\nVALUE k 0 5\r\nhello\r\nEND\r\n",
                ask(process, log, port, "set k 0 0 5\r\nhello\r\nget k\r\n", "END\r\n"));

            assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
                "the jar carries Netty's epoll library for Linux x86_64 only");
            final String threads = jcmd(process.pid(), "Thread.print");
            assertTrue(threads.contains("dev.slabcache.memcached.shaded.io.netty.channel.epoll.Native.epollWait"),
                threads);
        }
        finally
        {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
        }
    }

    private static Process javaJar(final String module, final Path log, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", Artifacts.executableJar(module).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Connects once the server listens (a minute at most) and reads the reply up to and with its last line. */
    private static String ask(
        final Process process, final Path log, final int port, final String command, final String last)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true)
        {
            assertTrue(process.isAlive(), () -> "the server exited: " + read(log));
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                socket.setSoTimeout(10_000);
                final OutputStream out = socket.getOutputStream();
                out.write(command.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final InputStream in = socket.getInputStream();
                final StringBuilder reply = new StringBuilder();
                while (!reply.toString().endsWith(last))
                {
                    final int b = in.read();
                    assertTrue(-1 != b, () -> "the server closed the connection after '" + reply + "'");
                    reply.append((char)b);
                }
                return reply.toString();
            }
            catch (final ConnectException ex)
            {
                assertTrue(System.nanoTime() < deadline, () -> "the server never listened: " + read(log));
                Thread.sleep(100);
            }
        }
    }

    private static String jcmd(final long pid, final String command) throws Exception
    {
        final Process jcmd = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command)
            .redirectErrorStream(true).start();
        final String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS), "jcmd did not end");
        return output;
    }

    private static String read(final Path log)
    {
        try
        {
            return Files.readString(log);
        }
        catch (final IOException ex)
        {
            return "(no output: " + ex + ")";
        }
    }
}
