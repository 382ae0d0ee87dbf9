/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.management.ManagementFactory;
import java.util.List;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regressions of {@link SizeClassCache}: a page move whose visitor throws is counted as moved out, and after
 * {@link SizeClassCache#close()} what answers and what throws is what the Javadoc says.
 * <p>
 * 4 KiB pages and three classes: 64 bytes (64 slots a page), 128 and 256.
 */
class SizeClassCacheDefectsTest
{
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String NAME = "sc-defects";
    private static final int PAGE = PagePool.MIN_PAGE_SIZE;
    private static final int SMALL = 64;
    private static final int MEDIUM = 128;
    private static final int LARGE = 256;

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountAPageMoveWhoseVisitorThrowsAsMovedOutAndThrowItsException(final ThreadSafety mode)
        throws JMException
    {
        final String name = NAME + "-" + mode;
        final ObjectName bean = new ObjectName("dev.slabcache:type=SizeClassCache,name=\"" + name + "\"");
        try (SizeClassCache cache = builder(PagePool.direct(PAGE, 4L * PAGE)).name(name).threadSafety(mode)
            .registerMBean(true).build())
        {
            for (int i = 0; i < 20; i++)
            {
                cache.allocate(SMALL);
            }
            final IllegalStateException thrown = new IllegalStateException("visitor failed");

            final IllegalStateException caught = assertThrows(IllegalStateException.class, () ->
                cache.movePage(0, 1, (handle, buffer, offset) ->
                {
                    throw thrown;
                }));

            assertSame(thrown, caught);
            final SizeClassStats stats = cache.stats();
            assertEquals(1, stats.classes().get(0).pagesMovedOut(), "the page drains on: moved out");
            assertEquals(0, stats.classes().get(1).pagesMovedIn(), "the page went to no class");
            assertEquals(1, stats.classes().get(0).slotsEvicted(), "the slot shown to the visitor");
            assertEquals(1, stats.pagesMoved());
            assertEquals(1L, SERVER.getAttribute(bean, "PagesMoved"));

            assertEquals(PageMove.NO_PAGE, cache.movePage(0, 1, (handle, buffer, offset) -> { }));
            assertEquals(1, cache.stats().pagesMoved(), "a move that found no page moved none");
            assertEquals(1L, SERVER.getAttribute(bean, "PagesMoved"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void shouldAnswerWhatTheBuilderFixedAndTheDebugReportsAfterClose(final boolean debug)
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final SizeClassCache cache = builder(pool).debug(debug).build();
        final List<SizeClass> classes = cache.classes();
        cache.allocate(SMALL);

        cache.close();

        assertEquals(NAME, cache.name());
        assertEquals(1, cache.classFor(SMALL + 1));
        assertEquals(2, cache.classFor(LARGE));
        assertThrows(IllegalArgumentException.class, () -> cache.classFor(LARGE + 1));
        assertEquals(classes, cache.classes());
        assertSame(pool, cache.pagePool());
        assertEquals(debug, cache.isDebug());
        assertTrue(cache.toString().startsWith("SizeClassCache{name='" + NAME + "', classes=3 from 64 to 256"),
            cache::toString);
        assertEquals(0, cache.quarantinedSlots());
        assertEquals(debug ? 1 : 0, cache.leakReport().size(), "the live slot's site, sampled in debug mode");
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectATrimAndAFlyweightAfterCloseNamingTheCache(final ThreadSafety mode)
    {
        final SizeClassCache cache = builder(PagePool.direct(PAGE, 4L * PAGE)).threadSafety(mode).build();
        final long live = cache.allocate(MEDIUM);
        final SmallCaches.LongRecord record = new SmallCaches.LongRecord();

        cache.close();

        final IllegalStateException trim = assertThrows(IllegalStateException.class, cache::trim);
        assertTrue(trim.getMessage().contains(NAME), trim::getMessage);
        final IllegalStateException wrap = assertThrows(IllegalStateException.class, () -> record.wrap(cache, live));
        assertTrue(wrap.getMessage().contains(NAME), wrap::getMessage);
    }

    private static SizeClassCacheBuilder builder(final PagePool pool)
    {
        return SizeClassCache.builder().name(NAME).minSlotSize(SMALL).maxSlotSize(LARGE).growthFactor(2)
            .pagePool(pool);
    }
}
