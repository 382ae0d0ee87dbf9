/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.slabcache.memcached.MemcachedServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs small test classes through the JUnit launcher, then checks what their tests saw and that every server was
 * closed once they ended. The classes are nested so that Surefire does not run them on their own.
 */
class MemcachedServerExtensionTest
{
    private static final List<MemcachedServer> SEEN = new ArrayList<>();
    private static final List<String> READS = new ArrayList<>();

    @Test
    void shouldShareOneServerAndItsItemsAcrossTheTestsOfAClassAndItsNestedClasses() throws IOException
    {
        final TestExecutionSummary summary = run(PerClass.class);

        assertEquals(0, summary.getTotalFailureCount(), () -> failures(summary));
        assertEquals(3, summary.getTestsSucceededCount());
        assertEquals(3, SEEN.size());
        assertSame(SEEN.get(0), SEEN.get(1));
        assertSame(SEEN.get(0), SEEN.get(2), "the nested class's test");
        assertEquals(List.of("STORED", "VALUE k 0 1", "VALUE k 0 1"), READS);
        assertClosed(SEEN.get(0));
    }

    @Test
    void shouldStartAServerWithAnEmptyStoreForEachTestAndCloseItAfter() throws IOException
    {
        final TestExecutionSummary summary = run(PerTest.class);

        assertEquals(0, summary.getTotalFailureCount(), () -> failures(summary));
        assertEquals(2, SEEN.size());
        assertNotSame(SEEN.get(0), SEEN.get(1));
        assertEquals(List.of("STORED", "END"), READS, "the second test's server does not hold the first one's item");
        assertClosed(SEEN.get(0));
        assertClosed(SEEN.get(1));
    }

    @Test
    void shouldGiveTheServerAsAParameterWhenDeclaredWithExtendWith() throws IOException
    {
        final TestExecutionSummary summary = run(Declared.class);

        assertEquals(0, summary.getTotalFailureCount(), () -> failures(summary));
        assertEquals(1, summary.getTestsSucceededCount());
        assertEquals(2, SEEN.size());
        assertSame(SEEN.get(0), SEEN.get(1), "the @BeforeAll method's and the test's");
        assertEquals(List.of("STORED"), READS);
        assertClosed(SEEN.get(0));
    }

    @Test
    void shouldFailATestWhoseClassRegisteredAPerClassServerOnAnInstanceField()
    {
        final TestExecutionSummary summary = run(OnInstanceField.class);

        assertEquals(1, summary.getTotalFailureCount());
        final Throwable failure = summary.getFailures().get(0).getException();
        assertInstanceOf(ExtensionConfigurationException.class, failure);
        assertTrue(failure.getMessage().contains("static field"), failure.getMessage());
    }

    @Test
    void shouldRefuseTheServerOutsideTheTestsItRunsFor()
    {
        final MemcachedServerExtension extension = MemcachedServerExtension.perTest(MemcachedServer.builder());

        final IllegalStateException ex = assertThrows(IllegalStateException.class, extension::port);
        assertTrue(ex.getMessage().contains("for each test"), ex.getMessage());
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClass
    {
        @RegisterExtension
        static final MemcachedServerExtension MEMCACHED =
            MemcachedServerExtension.perClass(MemcachedServer.builder().memoryLimitMegabytes(2).threads(1));

        @Test
        @Order(1)
        void storesAnItem() throws IOException
        {
            SEEN.add(MEMCACHED.server());
            READS.add(ask(MEMCACHED.port(), "set k 0 0 1\r\nv"));
        }

        @Test
        @Order(2)
        void findsTheItemTheFirstTestStored() throws IOException
        {
            SEEN.add(MEMCACHED.server());
            READS.add(ask(MEMCACHED.address().getPort(), "get k"));
        }

        @Nested
        class Inner
        {
            @Test
            void findsItToo() throws IOException
            {
                SEEN.add(MEMCACHED.server());
                READS.add(ask(MEMCACHED.port(), "get k"));
            }
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTest
    {
        @RegisterExtension
        static final MemcachedServerExtension MEMCACHED =
            MemcachedServerExtension.perTest(MemcachedServer.builder().memoryLimitMegabytes(2).threads(1));

        @Test
        @Order(1)
        void storesAnItem(final MemcachedServer server) throws IOException
        {
            SEEN.add(server);
            READS.add(ask(MEMCACHED.port(), "set k 0 0 1\r\nv"));
        }

        @Test
        @Order(2)
        void doesNotFindIt(final MemcachedServer server) throws IOException
        {
            SEEN.add(server);
            READS.add(ask(server.port(), "get k"));
        }
    }

    @ExtendWith(MemcachedServerExtension.class)
    static class Declared
    {
        @BeforeAll
        static void before(final MemcachedServer server)
        {
            SEEN.add(server);
        }

        @Test
        void getsTheServer(final MemcachedServer server) throws IOException
        {
            SEEN.add(server);
            READS.add(ask(server.port(), "set k 0 0 1\r\nv"));
        }
    }

    static class OnInstanceField
    {
        @RegisterExtension
        final MemcachedServerExtension memcached = MemcachedServerExtension.perClass(MemcachedServer.builder());

        @Test
        void neverRuns()
        {
            SEEN.add(memcached.server());
        }
    }

    private static TestExecutionSummary run(final Class<?> testClass)
    {
        SEEN.clear();
        READS.clear();
        final SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    private static String failures(final TestExecutionSummary summary)
    {
        final StringBuilder text = new StringBuilder();
        summary.getFailures().forEach(f -> text.append(f.getTestIdentifier().getDisplayName())
            .append(": ").append(f.getException()).append('\n'));
        return text.toString();
    }

    /** Sends one command and returns the first line of the reply. */
    private static String ask(final int port, final String command) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", port))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        }
    }

    private static void assertClosed(final MemcachedServer server)
    {
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close(),
            "the server on port " + server.port() + " still listens");
    }
}
