/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.artifacts;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The members issue 22 took out of the API stay out of it in the built jars: each is gone, package-private, or in a
 * package exported to the master only. The classes are read from the packaged slab-core and slab-master jars
 * (with Agrona beside them), never from the reactor's classes directories.
 */
class NarrowedApiIT
{
    private static URLClassLoader jars;

    @BeforeAll
    static void loadTheJars() throws IOException
    {
        final URL agrona = DirectBuffer.class.getProtectionDomain().getCodeSource().getLocation();
        jars = new URLClassLoader(new URL[]{
            Artifacts.jar("slab-core", null).toUri().toURL(), Artifacts.jar("slab-master", null).toUri().toURL(),
            agrona}, ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void closeTheJars() throws IOException
    {
        jars.close();
    }

    @Test
    void shouldKeepACachesOwnPathToAPoolOutOfReach() throws Exception
    {
        final Class<?> pool = type("dev.slabcache.master.PagePool");
        final Class<?> provider = type("dev.slabcache.core.SlabProvider");
        final Class<?> buffer = type("org.agrona.concurrent.AtomicBuffer");

        assertTrue(provider.isAssignableFrom(pool), "PagePool is a SlabProvider, as DESIGN.md fixes");
        assertNotPublic(pool.getDeclaredMethod("take", int.class, int.class));
        assertNotPublic(pool.getDeclaredMethod("giveBack", buffer));
        assertNotPublic(pool.getDeclaredMethod("provider"));
        assertTrue(Modifier.isPublic(type("dev.slabcache.master.SlabCacheBuilder")
            .getMethod("pagePool", pool).getModifiers()), "a SlabCache is built over a pool by its builder");
    }

    @Test
    void shouldMakeTheStockProvidersOnlyThroughTheirFactories() throws Exception
    {
        for (final String name :
            new String[]{"dev.slabcache.core.DirectSlabProvider", "dev.slabcache.core.HeapSlabProvider"})
        {
            final Constructor<?>[] constructors = type(name).getConstructors();
            assertEquals(0, constructors.length, name + ": " + Arrays.toString(constructors));
        }
    }

    @Test
    void shouldExportTheAgronaCheckToTheMasterOnly() throws Exception
    {
        assertNoPublicMember(type("dev.slabcache.core.AgronaAccess"), "ensureAvailable");
        final ModuleDescriptor core = ModuleFinder.of(Artifacts.jar("slab-core", null)).find("dev.slabcache.core")
            .orElseThrow().descriptor();
        final Map<String, Set<String>> exports = core.exports().stream()
            .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));

        assertEquals(Map.of("dev.slabcache.core", Set.of(), "dev.slabcache.core.internal",
            Set.of("dev.slabcache.master")), exports);
    }

    @Test
    void shouldKeepHandlePackingAndWriteAfterFreeInTheMasterWithNoWayToForgeEither() throws Exception
    {
        try (JarFile core = new JarFile(Artifacts.jar("slab-core", null).toFile()))
        {
            assertNull(core.getEntry("dev/slabcache/core/SlotHandle.class"));
            assertNull(core.getEntry("dev/slabcache/core/WriteAfterFreeException.class"));
        }
        final Class<?> handle = type("dev.slabcache.master.SlotHandle");
        assertNotPublic(handle.getDeclaredMethod("pack", int.class, int.class, int.class));
        assertTrue(Modifier.isPublic(handle.getMethod("slot", long.class).getModifiers()), "handles stay readable");
        final Class<?> writeAfterFree = type("dev.slabcache.master.WriteAfterFreeException");
        assertTrue(Modifier.isPublic(writeAfterFree.getModifiers()), "callers catch it");
        assertEquals(0, writeAfterFree.getConstructors().length);
    }

    @Test
    void shouldKeepTheCachesInternalsAndTestHooksOutOfTheApi() throws Exception
    {
        final Class<?> cache = type("dev.slabcache.master.SlabCache");
        assertNoPublicMember(cache, "PARTIAL_BINS");
        assertNoPublicMember(cache, "CLOSE_WARNING_SLABS");
        assertNoPublicMember(cache, "closeReport");
        assertNoPublicMember(cache, "closeListing");
        for (final String builder : new String[]{"dev.slabcache.master.SlabCacheBuilder",
            "dev.slabcache.master.SizeClassCacheBuilder"})
        {
            assertNoPublicMember(type(builder), "nanoClock");
        }
    }

    private static Class<?> type(final String name) throws ClassNotFoundException
    {
        final Class<?> type = Class.forName(name, false, jars);
        assertNotNull(type.getProtectionDomain().getCodeSource());
        final Path from = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(name.startsWith("org.agrona") || from.toString().endsWith(".jar"), name + " from " + from);
        return type;
    }

    private static void assertNotPublic(final Method method)
    {
        assertFalse(Modifier.isPublic(method.getModifiers()) || Modifier.isProtected(method.getModifiers()),
            method + " is API");
    }

    /**
     * No public method or field of that name, declared or inherited.
     */
    private static void assertNoPublicMember(final Class<?> type, final String name)
    {
        for (final Method method : type.getMethods())
        {
            assertFalse(name.equals(method.getName()), method + " is API");
        }
        for (final Field field : type.getFields())
        {
            assertFalse(name.equals(field.getName()), field + " is API");
        }
    }
}
