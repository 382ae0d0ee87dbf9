/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.junit.jupiter.api.Test;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOT_SIZE;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MXBeans of {@link SlabCacheBuilder#registerMBean(boolean)} and
 * {@link SizeClassCacheBuilder#registerMBean(boolean)}: their names, attributes and operation, their life with
 * the cache's, and a clash of names.
 */
class CacheMBeansTest
{
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final int PAGE = 64 * 1024;

    @Test
    void shouldShowTheStatsAsAttributesUntilClose() throws JMException
    {
        final ObjectName name = new ObjectName("dev.slabcache:type=SlabCache,name=\"jmx, \\\"quoted\\\"\"");
        final SlabCache cache = builder(ThreadSafety.LOCKED, new RecordingProvider()).name("jmx, \"quoted\"")
            .retainEmptySlabs(2).registerMBean(true).build();
        try
        {
            assertTrue(SERVER.isRegistered(name), name + " in " + registered());
            final long[] handles = allocate(cache, 20);

            final SlabCacheStats stats = cache.stats();
            assertEquals("jmx, \"quoted\"", SERVER.getAttribute(name, "Name"));
            assertEquals(2, SERVER.getAttribute(name, "Slabs"));
            assertEquals(20L, SERVER.getAttribute(name, "SlotsInUse"));
            assertEquals(20L, SERVER.getAttribute(name, "Allocations"));
            assertEquals(stats.slotCapacity(), SERVER.getAttribute(name, "SlotCapacity"));
            assertEquals(2L * SLAB_SIZE, SERVER.getAttribute(name, "BytesHeld"));
            assertEquals(20L * SLOT_SIZE, SERVER.getAttribute(name, "BytesInUse"));
            assertEquals(2L * SLAB_SIZE - 20L * SLOT_SIZE, SERVER.getAttribute(name, "BytesIdle"));

            free(cache, handles, 0, 20);
            assertEquals(2, SERVER.invoke(name, "trim", new Object[0], new String[0]));
            assertEquals(0, SERVER.getAttribute(name, "Slabs"));
            assertEquals(2L, SERVER.getAttribute(name, "Releases"));
        }
        finally
        {
            cache.close();
        }
        assertFalse(SERVER.isRegistered(name));
    }

    @Test
    void shouldNotRegisterUnlessAsked()
    {
        try (SlabCache cache = builder(ThreadSafety.LOCKED, new RecordingProvider()).name("jmx-off").build())
        {
            assertEquals("jmx-off", cache.name());
            assertTrue(registered().stream().noneMatch((n) -> n.toString().contains("jmx-off")));
        }
    }

    @Test
    void shouldRefuseATakenNameAndLeaveTheFirstCacheRegistered() throws JMException
    {
        final ObjectName name = new ObjectName("dev.slabcache:type=SlabCache,name=\"jmx-twice\"");
        try (SlabCache first = builder(ThreadSafety.MAGAZINES, new RecordingProvider()).name("jmx-twice")
            .registerMBean(true).build())
        {
            first.free(first.allocate());
            final SlabCacheBuilder second =
                builder(ThreadSafety.MAGAZINES, new RecordingProvider()).name("jmx-twice").registerMBean(true);

            final IllegalStateException ex = assertThrows(IllegalStateException.class, second::build);

            assertTrue(ex.getMessage().contains(name.toString()), ex.getMessage());
            assertTrue(SERVER.isRegistered(name));
            assertEquals(1L, SERVER.getAttribute(name, "Allocations"), "still the first cache's bean");
        }
        assertFalse(SERVER.isRegistered(name));
        try (SlabCache again = builder(ThreadSafety.MAGAZINES, new RecordingProvider()).name("jmx-twice")
            .registerMBean(true).build())
        {
            assertTrue(SERVER.isRegistered(name), "the name is free again once its cache closed");
            again.free(again.allocate());
            assertEquals(1L, SERVER.getAttribute(name, "Allocations"));
        }
    }

    @Test
    void shouldUnregisterOnlyOnceWhenClosedTwice() throws JMException
    {
        final ObjectName name = new ObjectName("dev.slabcache:type=SlabCache,name=\"jmx-close-twice\"");
        final SlabCache first = builder(ThreadSafety.LOCKED, new RecordingProvider()).name("jmx-close-twice")
            .registerMBean(true).build();
        first.close();
        try (SlabCache second = builder(ThreadSafety.LOCKED, new RecordingProvider()).name("jmx-close-twice")
            .registerMBean(true).build())
        {
            first.close();
            assertTrue(SERVER.isRegistered(name), "closing the first cache again left the second's bean alone");
            assertEquals(second.name(), SERVER.getAttribute(name, "Name"));
        }
    }

    @Test
    void shouldRegisterOnlyTheWholeSizeClassCacheUnlessAskedForItsClasses() throws JMException
    {
        final ObjectName whole = new ObjectName("dev.slabcache:type=SizeClassCache,name=\"jmx-whole\"");
        try (SizeClassCache cache = sizeClasses("jmx-whole").registerMBean(true).build())
        {
            final Set<ObjectName> names =
                SERVER.queryNames(new ObjectName("dev.slabcache:type=SizeClassCache,name=\"jmx-whole\",*"), null);
            assertEquals(Set.of(whole), names);
            cache.free(cache.allocate(100));
            assertEquals(cache.classes().size(), SERVER.getAttribute(whole, "ClassCount"));
        }
        assertTrue(registered().stream().noneMatch((n) -> n.toString().contains("jmx-whole")), registered()::toString);
    }

    @Test
    void shouldRegisterASizeClassCacheAndEachOfItsClasses() throws JMException
    {
        final ObjectName whole = new ObjectName("dev.slabcache:type=SizeClassCache,name=\"jmx-classes\"");
        try (SizeClassCache cache = sizeClasses("jmx-classes").registerClassMBeans(true).build())
        {
            final Set<ObjectName> names =
                SERVER.queryNames(new ObjectName("dev.slabcache:type=SizeClassCache,name=\"jmx-classes\",*"), null);
            assertEquals(1 + cache.classes().size(), names.size(), names.toString());
            final ObjectName class128 =
                new ObjectName("dev.slabcache:type=SizeClassCache,name=\"jmx-classes\",slotSize=128");
            assertTrue(names.contains(class128), names.toString());

            final long handle = cache.allocate(100);
            assertEquals(1L, SERVER.getAttribute(class128, "SlotsInUse"));
            assertEquals("jmx-classes[128]", SERVER.getAttribute(class128, "Name"));
            assertEquals(1L, SERVER.getAttribute(whole, "Pages"));
            assertEquals((long)PAGE, SERVER.getAttribute(whole, "BytesHeld"));
            assertEquals(128L, SERVER.getAttribute(whole, "BytesInUse"));
            assertEquals(cache.classes().size(), SERVER.getAttribute(whole, "ClassCount"));
            cache.free(handle);
            assertEquals(1, SERVER.invoke(whole, "trim", new Object[0], new String[0]));
            assertEquals(0L, SERVER.getAttribute(whole, "Pages"));
        }
        assertTrue(registered().stream().noneMatch((n) -> n.toString().contains("jmx-classes")),
            registered()::toString);
    }

    @Test
    void shouldRegisterNoneOfASizeClassCacheWhoseClassNameIsTaken() throws JMException
    {
        final ObjectName taken = new ObjectName("dev.slabcache:type=SizeClassCache,name=\"jmx-clash\",slotSize=256");
        SERVER.registerMBean(new StandardMBean((Runnable)() -> { }, Runnable.class, false), taken);
        try
        {
            final IllegalStateException ex =
                assertThrows(IllegalStateException.class,
                () -> sizeClasses("jmx-clash").registerMBean(true).registerClassMBeans(true).build());

            assertTrue(ex.getMessage().contains(taken.toString()), ex.getMessage());
            final Set<ObjectName> left =
                SERVER.queryNames(new ObjectName("dev.slabcache:type=SizeClassCache,name=\"jmx-clash\",*"), null);
            assertEquals(Set.of(taken), left);
        }
        finally
        {
            SERVER.unregisterMBean(taken);
        }
    }

    private static SizeClassCacheBuilder sizeClasses(final String name)
    {
        return SizeClassCache.builder().name(name).minSlotSize(64).maxSlotSize(1024).growthFactor(2).pageSize(PAGE)
            .memoryLimit(4L * PAGE).threadSafety(ThreadSafety.LOCKED);
    }

    private static Set<ObjectName> registered()
    {
        return SERVER.queryNames(null, null);
    }
}
