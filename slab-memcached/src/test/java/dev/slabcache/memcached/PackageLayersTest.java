/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.memcached.protocol.ProtocolDetector;
import dev.slabcache.memcached.store.ItemStore;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's packages layer one way, as DESIGN.md says: the server ({@code dev.slabcache.memcached}) over the
 * protocol ({@code .protocol}) over the store ({@code .store}) over slab-master, with the JUnit extension
 * ({@code .junit}) on top. The main classes only: tests may reach across.
 */
class PackageLayersTest
{
    private static final String SERVER = "dev.slabcache.memcached";
    private static final String PROTOCOL = "dev.slabcache.memcached.protocol..";
    private static final String STORE = "dev.slabcache.memcached.store..";
    private static final String JUNIT = "dev.slabcache.memcached.junit..";

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.slabcache");

    @Test
    void shouldImportEveryLayer()
    {
        assertTrue(CLASSES.contain(MemcachedServer.class));
        assertTrue(CLASSES.contain(ProtocolDetector.class));
        assertTrue(CLASSES.contain(ItemStore.class));
        assertTrue(CLASSES.contain(SizeClassCache.class));
    }

    @Test
    void shouldLayerServerOverProtocolOverStore()
    {
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("junit").definedBy(JUNIT)
            .layer("server").definedBy(SERVER)
            .layer("protocol").definedBy(PROTOCOL)
            .layer("store").definedBy(STORE)
            .whereLayer("junit").mayNotBeAccessedByAnyLayer()
            .whereLayer("server").mayOnlyBeAccessedByLayers("junit")
            .whereLayer("protocol").mayOnlyBeAccessedByLayers("server")
            .whereLayer("store").mayOnlyBeAccessedByLayers("protocol", "server")
            .check(CLASSES);
    }

    @Test
    void shouldLeaveTheSlabCacheToTheStore()
    {
        noClasses().that().resideInAnyPackage(PROTOCOL, JUNIT)
            .should().dependOnClassesThat().resideInAnyPackage("dev.slabcache.master..", "dev.slabcache.core..")
            .check(CLASSES);
    }

    @Test
    void shouldHaveNoCycleBetweenPackages()
    {
        slices().matching("dev.slabcache.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
