/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user of the published jars relies on: stable module names (a module descriptor in each library but the
 * server's), the licence inside each jar, sources and Javadoc beside each library, a BOM that names every library at
 * the build's version, and reproducible entries.
 */
class ArtifactsIT
{
    private static final String[] LIBRARIES = {"slab-core", "slab-master", "slab-micrometer", "slab-memcached"};

    @ParameterizedTest
    @CsvSource({"slab-core, dev.slabcache.core", "slab-master, dev.slabcache.master",
        "slab-micrometer, dev.slabcache.micrometer", "slab-memcached, dev.slabcache.memcached"})
    void shouldNameTheModule(final String module, final String moduleName)
    {
        // The libraries by their module-info.class, slab-memcached by the Automatic-Module-Name in its manifest.
        final Set<ModuleReference> found = ModuleFinder.of(Artifacts.jar(module, null)).findAll();
        assertEquals(1, found.size(), found::toString);
        assertEquals(moduleName, found.iterator().next().descriptor().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slab-core", "slab-master", "slab-micrometer", "slab-memcached"})
    void shouldCarryTheLicenceAndNoticeOfTheRepository(final String module) throws IOException
    {
        final byte[] licence = Files.readAllBytes(Artifacts.ROOT.resolve("LICENSE"));
        final String text = new String(licence, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(text.contains("Apache License") && text.contains("Version 2.0, January 2004"), "LICENSE");

        try (JarFile jar = new JarFile(Artifacts.jar(module, null).toFile()))
        {
            assertArrayEquals(licence, read(jar, "META-INF/LICENSE"));
            assertArrayEquals(Files.readAllBytes(Artifacts.ROOT.resolve("NOTICE")), read(jar, "META-INF/NOTICE"));
        }
    }

    @ParameterizedTest
    @CsvSource({"slab-core, dev/slabcache/core/SlotSegment, dev.slabcache.core/",
        "slab-master, dev/slabcache/master/SlabCache, dev.slabcache.master/",
        "slab-micrometer, dev/slabcache/micrometer/SlabCacheMetrics, dev.slabcache.micrometer/",
        "slab-memcached, dev/slabcache/memcached/MemcachedServer, dev.slabcache.memcached/"})
    void shouldShipSourcesAndJavadocBesideTheJar(final String module, final String type, final String moduleDirectory)
        throws IOException
    {
        try (JarFile sources = new JarFile(Artifacts.jar(module, "sources").toFile());
            JarFile javadoc = new JarFile(Artifacts.jar(module, "javadoc").toFile()))
        {
            assertNotNull(sources.getEntry(type + ".java"), module + " sources");
            assertNotNull(javadoc.getEntry("index.html"), module + " javadoc");
            // Javadoc puts a module's pages under the module's name, an automatic module's (slab-memcached's) too.
            assertNotNull(javadoc.getEntry(moduleDirectory + type + ".html"), module + " javadoc");
        }
    }

    @Test
    void shouldStampEveryEntryOfEveryLibraryJarWithTheOutputTimestamp() throws IOException
    {
        final Instant timestamp = Instant.parse(System.getProperty("slabcache.outputTimestamp"));
        final List<String> off = new ArrayList<>();
        for (final String module : LIBRARIES)
        {
            for (final String classifier : new String[]{null, "sources", "javadoc"})
            {
                try (JarFile jar = new JarFile(Artifacts.jar(module, classifier).toFile()))
                {
                    final Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements())
                    {
                        final JarEntry entry = entries.nextElement();
                        final Instant time = entry.getLastModifiedTime().toInstant();
                        if (Math.abs(time.getEpochSecond() - timestamp.getEpochSecond()) > 2)
                        {
                            off.add(jar.getName() + "!" + entry.getName() + " at " + time);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), off, "entries not stamped with project.build.outputTimestamp " + timestamp);
    }

    @Test
    void shouldManageEveryLibraryAtTheBuildsVersionInTheBom() throws Exception
    {
        final Document bom = parse(Artifacts.ROOT.resolve("slab-bom").resolve("pom.xml"));
        final Element project = bom.getDocumentElement();
        assertEquals(Artifacts.VERSION, child(project, "version").getTextContent());
        assertEquals("pom", child(project, "packaging").getTextContent());

        final List<String> managed = new ArrayList<>();
        final NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++)
        {
            final Element dependency = (Element)dependencies.item(i);
            assertEquals("dev.slabcache", child(dependency, "groupId").getTextContent());
            assertEquals("${project.version}", child(dependency, "version").getTextContent());
            managed.add(child(dependency, "artifactId").getTextContent());
        }
        assertEquals(List.of(LIBRARIES), managed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slab-examples", "slab-benchmarks", "slab-jcstress", "slab-artifact-tests"})
    void shouldNotPublishModulesThatOnlyTheRepositoryRuns(final String module) throws Exception
    {
        final Element project = parse(Artifacts.ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();

        assertEquals("true", child(child(project, "properties"), "maven.deploy.skip").getTextContent(), module);
    }

    private static byte[] read(final JarFile jar, final String name) throws IOException
    {
        final JarEntry entry = jar.getJarEntry(name);
        assertNotNull(entry, jar.getName() + " has no " + name);
        try (InputStream in = jar.getInputStream(entry))
        {
            return in.readAllBytes();
        }
    }

    private static Document parse(final Path pom) throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(final Element parent, final String name)
    {
        final NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++)
        {
            if (children.item(i) instanceof Element && name.equals(children.item(i).getNodeName()))
            {
                return (Element)children.item(i);
            }
        }
        throw new AssertionError(parent.getNodeName() + " has no <" + name + ">");
    }
}
