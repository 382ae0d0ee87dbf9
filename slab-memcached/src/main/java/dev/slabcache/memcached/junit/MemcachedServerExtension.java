/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.junit;

import java.net.InetSocketAddress;

import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.MemcachedServerBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs a memcached server for tests, on a free port of 127.0.0.1 unless the builder says
 * otherwise: one per test class, shared by its tests (and its {@code @Nested} classes), or a fresh one, with an
 * empty store, per test. Register it on a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final MemcachedServerExtension MEMCACHED =
 *     MemcachedServerExtension.perClass(MemcachedServer.builder().memoryLimitMegabytes(16));
 *
 * &#64;Test
 * void shouldCacheTheReply() throws IOException
 * {
 *     final MemcachedClient client = new MemcachedClient(MEMCACHED.address());
 *     ...
 * }
 * </pre>
 * or declare it with {@code @ExtendWith(MemcachedServerExtension.class)} (a server per class, memcached's defaults
 * but a free port) and take the {@link MemcachedServer} as a parameter of a test, constructor or lifecycle method.
 * The JVM running the tests needs {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (Surefire's
 * {@code argLine}), as every JVM that loads slabcache does.
 * <p>
 * A per-test server serves one test at a time: with JUnit's parallel execution, give concurrent test methods
 * per-class servers in separate classes.
 */
public final class MemcachedServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver
{
    private final MemcachedServerBuilder builder;
    private final boolean perClass;
    private MemcachedServer server;
    private int classDepth;

    /**
     * For {@code @ExtendWith}: a server per test class with the builder's defaults.
     */
    public MemcachedServerExtension()
    {
        this(MemcachedServer.builder(), true);
    }

    private MemcachedServerExtension(final MemcachedServerBuilder builder, final boolean perClass)
    {
        this.builder = builder;
        this.perClass = perClass;
    }

    /**
     * A server for the test class: started before its first test and closed after its last. Register it on a static
     * field.
     *
     * @param builder the server's flags.
     * @return the extension.
     */
    public static MemcachedServerExtension perClass(final MemcachedServerBuilder builder)
    {
        return new MemcachedServerExtension(builder, true);
    }

    /**
     * A server for each test: started before it and closed after, so every test finds an empty store (and, with the
     * default port 0, another port).
     *
     * @param builder the server's flags.
     * @return the extension.
     */
    public static MemcachedServerExtension perTest(final MemcachedServerBuilder builder)
    {
        return new MemcachedServerExtension(builder, false);
    }

    /**
     * The server running now.
     *
     * @return the running server.
     * @throws IllegalStateException outside the tests it runs for.
     */
    public MemcachedServer server()
    {
        final MemcachedServer running = server;
        if (null == running)
        {
            throw new IllegalStateException(
                "no memcached server runs now: it runs " + (perClass ? "for the test class" : "for each test") +
                " it is registered on, from before the first callback to after the last");
        }
        return running;
    }

    /**
     * The port to connect to.
     *
     * @return the port the running server listens on.
     * @throws IllegalStateException outside the tests it runs for.
     */
    public int port()
    {
        return server().port();
    }

    /**
     * The address to connect to.
     *
     * @return the address and port the running server listens on.
     * @throws IllegalStateException outside the tests it runs for.
     */
    public InetSocketAddress address()
    {
        return server().address();
    }

    /**
     * Starts the per-class server when the outermost class starts; a {@code @Nested} class shares it.
     *
     * @param context the class's context.
     */
    @Override
    public void beforeAll(final ExtensionContext context)
    {
        if (perClass && 0 == classDepth++)
        {
            server = builder.start();
        }
    }

    /**
     * Closes the per-class server when the outermost class ends.
     *
     * @param context the class's context.
     */
    @Override
    public void afterAll(final ExtensionContext context)
    {
        if (perClass && 0 == --classDepth)
        {
            closeServer();
        }
    }

    /**
     * Starts the per-test server.
     *
     * @param context the test's context.
     * @throws ExtensionConfigurationException when a per-class server was registered on an instance field, where
     *                                         JUnit never tells it that the class starts.
     */
    @Override
    public void beforeEach(final ExtensionContext context)
    {
        if (!perClass)
        {
            server = builder.start();
        }
        else if (null == server)
        {
            throw new ExtensionConfigurationException(
                "a per-class MemcachedServerExtension must be registered on a static field of " +
                context.getRequiredTestClass().getName() + ", or use MemcachedServerExtension.perTest(...)");
        }
    }

    /**
     * Closes the per-test server.
     *
     * @param context the test's context.
     */
    @Override
    public void afterEach(final ExtensionContext context)
    {
        if (!perClass)
        {
            closeServer();
        }
    }

    /**
     * Takes the parameters of type {@link MemcachedServer}.
     *
     * @param parameterContext the parameter.
     * @param extensionContext the test's or class's context.
     * @return whether the parameter is a {@link MemcachedServer}.
     */
    @Override
    public boolean supportsParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext)
    {
        return MemcachedServer.class == parameterContext.getParameter().getType();
    }

    /**
     * Gives the running server.
     *
     * @param parameterContext the parameter.
     * @param extensionContext the test's or class's context.
     * @return the running server.
     */
    @Override
    public Object resolveParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext)
    {
        return server();
    }

    private void closeServer()
    {
        final MemcachedServer running = server;
        server = null;
        if (null != running)
        {
            running.close();
        }
    }
}
