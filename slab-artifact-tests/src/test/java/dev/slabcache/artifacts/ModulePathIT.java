/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.artifacts;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

import dev.slabcache.core.AgronaAccess;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library jars on the module path, beside Agrona's automatic module {@code org.agrona}: each carries a module
 * descriptor that exports its API package only; a program in a module of its own compiles against them with
 * {@code -Xlint:all -Werror} and runs with the module-path flag (without {@code java.management} unless it registers
 * MXBeans); without the flag the library fails with a message naming it, not the class-path one.
 */
class ModulePathIT
{
    // slab-core's one export that is not API: the Agrona check, for the master only (see NarrowedApiIT).
    private static final String CORE_TO_MASTER = "dev.slabcache.core.internal to [dev.slabcache.master] (qualified)";

    private static final String MODULE_PATH_FLAG = "java.base/jdk.internal.misc=org.agrona";

    @TempDir
    static Path consumer;

    /**
     * Compiles the consumer module, src/test/consumer, as a user's build would: against the packaged jars, on the
     * module path, every lint on and warnings as errors.
     */
    @BeforeAll
    static void compileTheConsumer() throws IOException
    {
        final Path sources = Artifacts.ROOT.resolve("slab-artifact-tests").resolve("src").resolve("test")
            .resolve("consumer");
        final List<String> arguments = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror",
            "--module-path", libraries(), "-d", consumer.toString()));
        try (Stream<Path> files = Files.walk(sources))
        {
            files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> arguments.add(file.toString()));
        }
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        final int exitCode = ToolProvider.getSystemJavaCompiler()
            .run(null, errors, errors, arguments.toArray(new String[0]));
        assertEquals(0, exitCode, () -> "javac " + arguments + "\n" + errors.toString(StandardCharsets.UTF_8));
        assertEquals("", errors.toString(StandardCharsets.UTF_8), "javac printed warnings");
    }

    @ParameterizedTest
    @CsvSource({"slab-core, dev.slabcache.core, 'org.agrona'", "slab-master, dev.slabcache.master, " +
        "'dev.slabcache.core,org.agrona,jdk.jfr,static java.management'",
        "slab-micrometer, dev.slabcache.micrometer, 'dev.slabcache.master,micrometer.core'"})
    void shouldDescribeTheModuleAndExportOnlyItsApiPackage(
        final String module, final String name, final String requires)
    {
        final ModuleReference reference = ModuleFinder.of(Artifacts.jar(module, null)).findAll().iterator().next();
        final ModuleDescriptor descriptor = reference.descriptor();

        assertEquals(name, descriptor.name());
        assertFalse(descriptor.isAutomatic(), module + " is an automatic module");
        assertEquals(Set.of(name), descriptor.exports().stream()
            .map((exported) -> exported.isQualified() ? exported + " (qualified)" : exported.source())
            .filter((exported) -> !exported.equals(CORE_TO_MASTER))
            .collect(Collectors.toSet()));
        assertEquals(Set.of(), descriptor.opens());
        final Set<String> required = new TreeSet<>();
        for (final ModuleDescriptor.Requires dependence : descriptor.requires())
        {
            if (!dependence.modifiers().contains(ModuleDescriptor.Requires.Modifier.MANDATED))
            {
                required.add((dependence.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC) ?
                    "static " : "") + dependence.name());
            }
        }
        assertEquals(new TreeSet<>(List.of(requires.split(","))), required);
    }

    @Test
    void shouldRunAConsumerModuleWithTheModulePathFlagAndWithoutJavaManagement()
    {
        // A full JDK binds java.management into every boot layer as a service provider, so the run limits the
        // modules to what the consumer requires, as an image made by jlink would: java.management is not among them.
        // Micrometer, an automatic module, declares nothing, but logs through java.util.logging.
        final Map<String, String> values = runConsumer(List.of("--add-opens", MODULE_PATH_FLAG,
            "--limit-modules", "dev.slabcache.consumer,java.logging"));

        assertEquals("dev.slabcache.consumer", values.get("module"), values::toString);
        assertEquals("true", values.get("jfr"), values::toString);
        assertEquals("false", values.get("management"), values::toString);
        assertEquals("42", values.get("read"), values::toString);
        assertTrue(Integer.parseInt(values.get("slotSize")) >= 1000, values::toString);
        assertEquals("0.0", values.get("used"), values::toString);
    }

    @Test
    void shouldRegisterMXBeansWhenTheConsumerAddsJavaManagement()
    {
        final Map<String, String> values = runConsumer(
            List.of("--add-opens", MODULE_PATH_FLAG, "--add-modules", "java.management"), "jmx");

        assertEquals("true", values.get("management"), values::toString);
        assertEquals("42", values.get("read"), values::toString);
        assertNull(values.get("failure"), values::toString);
    }

    @Test
    void shouldNameTheModulePathFlagWhenAConsumerModuleStartsWithoutIt()
    {
        assertNamesTheModulePathFlag(runConsumer(List.of()));
    }

    @Test
    void shouldLoadAsNamedModulesAndWorkWithTheModulePathFlag()
    {
        final Map<String, String> values = run("--add-opens", MODULE_PATH_FLAG);

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

    /** Runs ModulePathProbe from the class path, with the libraries and Agrona on the module path. */
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
        return values(command);
    }

    /** Runs the compiled consumer as its main module, everything on the module path, nothing on the class path. */
    private static Map<String, String> runConsumer(final List<String> options, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("--module-path");
        command.add(consumer + File.pathSeparator + libraries());
        command.add("--module");
        command.add("dev.slabcache.consumer/dev.slabcache.consumer.Main");
        command.addAll(List.of(args));
        return values(command);
    }

    /** The three libraries' jars as the build packaged them, and what they need, as a module path. */
    private static String libraries()
    {
        return String.join(File.pathSeparator, Artifacts.jar("slab-core", null).toString(),
            Artifacts.jar("slab-master", null).toString(), Artifacts.jar("slab-micrometer", null).toString(),
            location(DirectBuffer.class), location(MeterRegistry.class), location(KeyValue.class),
            location(Observation.class), location(Histogram.class));
    }

    private static Map<String, String> values(final List<String> command)
    {
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
