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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regressions of {@link SizeClassCache}: a page move whose visitor throws is counted as moved out.
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

    private static SizeClassCache.Builder builder(final PagePool pool)
    {
        return SizeClassCache.builder().name(NAME).minSlotSize(SMALL).maxSlotSize(LARGE).growthFactor(2)
            .pagePool(pool);
    }
}
