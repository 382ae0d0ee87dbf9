/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.artifacts;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where this build put the artifacts it publishes, from the properties the module's pom gives the tests.
 */
final class Artifacts
{
    static final Path ROOT = Path.of(System.getProperty("slabcache.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("slabcache.version");

    private Artifacts()
    {
    }

    /**
     * @param module     a library module, such as {@code slab-core}.
     * @param classifier null for the main jar, else {@code sources} or {@code javadoc}.
     * @return the jar the build packaged; fails the test when it is missing.
     */
    static Path jar(final String module, final String classifier)
    {
        final Path jar = ROOT.resolve(module).resolve("target")
            .resolve(module + "-" + VERSION + (null == classifier ? "" : "-" + classifier) + ".jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build from the root with ./mvnw -B verify");
        return jar;
    }

    /**
     * @param module a module with a runnable jar: {@code slab-memcached} or {@code slab-examples}.
     * @return the shaded jar the build packaged for {@code java -jar}; fails the test when it is missing.
     */
    static Path executableJar(final String module)
    {
        final Path jar = ROOT.resolve(module).resolve("target").resolve(module + ".jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build from the root with ./mvnw -B verify");
        return jar;
    }
}
