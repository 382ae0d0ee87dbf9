/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a class's {@code main} in a JVM of its own, on this JVM's class path, for what one JVM cannot show: a
 * missing flag, a direct-memory limit, figures of the JVM's buffer pools no other test disturbs. slab-core's test jar
 * shares it with the other modules' tests.
 */
public final class ForkedJvm
{
    private ForkedJvm()
    {
    }

    /**
     * Like {@link #run(Class, String...)} in a JVM started with the flag Agrona needs.
     */
    public static String runWithAgrona(final Class<?> main, final String... options)
    {
        final List<String> all = new ArrayList<>(List.of("--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"));
        all.addAll(List.of(options));
        return run(main, all.toArray(new String[0]));
    }

    /**
     * @param options JVM options placed before the class path.
     * @return what the child printed, stdout and stderr together; fails the test unless it exits with 0.
     */
    public static String run(final Class<?> main, final String... options)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        return run(command);
    }

    /**
     * @return what the child printed; fails the test unless it exits with 0 within a minute.
     */
    public static String run(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not end: " + command);
            assertEquals(0, process.exitValue(), output);
            return output;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return the {@code key=value} lines a child printed, by key.
     */
    public static Map<String, String> values(final String output)
    {
        final Map<String, String> values = new HashMap<>();
        for (final String line : output.split("\\R"))
        {
            final int equals = line.indexOf('=');
            if (equals > 0)
            {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    /**
     * @return a {@code long} a child printed as {@code key=value}; fails the test when it is missing.
     */
    public static long longValue(final Map<String, String> values, final String key)
    {
        assertTrue(values.containsKey(key), () -> key + " missing from " + values);
        return Long.parseLong(values.get(key));
    }
}
