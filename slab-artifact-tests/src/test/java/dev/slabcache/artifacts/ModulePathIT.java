/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.artifacts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.slabcache.core.AgronaAccess;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library jars on the module path, as automatic modules beside Agrona's {@code org.agrona}: they load under
 * their stable names, work with the module-path flag, and without it fail with a message naming that flag, not the
 * class-path one.
 */
class ModulePathIT
{
    @Test
    void shouldLoadAsNamedModulesAndWorkWithTheModulePathFlag()
    {
        final Map<String, String> values = run("--add-opens", "java.base/jdk.internal.misc=org.agrona");

        assertEquals("dev.slabcache.master", values.get("master.module"), values::toString);
        assertEquals("dev.slabcache.core", values.get("core.module"), values::toString);
        assertEquals("org.agrona", values.get("agrona.module"), values::toString);
        assertEquals(AgronaAccess.MODULE_PATH_JVM_FLAG, values.get("flag"), values::toString);
        assertEquals("42", values.get("read"), values::toString);
    }

    @Test
    void shouldNameTheModulePathFlagWhenStartedWithoutAFlag()
    {
        assertNamesTheModulePathFlag(run());
    }

    @Test
    void shouldNameTheModulePathFlagWhenStartedWithTheClassPathFlag()
    {
        assertNamesTheModulePathFlag(run("--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"));
    }

    private static void assertNamesTheModulePathFlag(final Map<String, String> values)
    {
        final String failure = values.get("failure");
        assertTrue(null != failure, values::toString);
        assertTrue(failure.contains(AgronaAccess.MODULE_PATH_JVM_FLAG), failure);
        assertTrue(failure.contains("module path, as module org.agrona"), failure);
        assertFalse(failure.contains("ALL-UNNAMED"), failure);
    }

    private static Map<String, String> run(final String... options)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.add("--module-path");
        command.add(String.join(File.pathSeparator, Artifacts.jar("slab-core", null).toString(),
            Artifacts.jar("slab-master", null).toString(), location(DirectBuffer.class)));
        command.add("--add-modules");
        command.add("ALL-MODULE-PATH");
        command.add("-cp");
        command.add(location(ModulePathProbe.class));
        command.add(ModulePathProbe.class.getName());
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not end: " + command);
            assertEquals(0, process.exitValue(), output);
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

    private static String location(final Class<?> type)
    {
        try
        {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
