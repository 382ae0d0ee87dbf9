/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.testing.JavadocExample;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The examples in the Javadoc of the entry points, run here line for line: each test runs the code between its
 * markers, checks what the example's comments say, and checks that the Javadoc shows that very code.
 */
class JavadocExamplesTest
{
    @Test
    void shouldRunTheSlabCacheExample()
    {
        // Javadoc example of SlabCache: begin
        final SlabCache cache = SlabCache.builder().name("orders").slotSize(16).build();
        final long handle = cache.allocate();
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        buffer.putLong(offset, 42L);
        final long orderId = buffer.getLong(offset); // 42
        cache.free(handle);
        cache.close();
        // Javadoc example of SlabCache: end

        assertEquals(42L, orderId);
        assertThrows(IllegalStateException.class, cache::allocate);
        JavadocExample.assertRunsAsDocumented(SlabCache.class, JavadocExamplesTest.class);
    }

    @Test
    void shouldRunTheSizeClassCacheExample()
    {
        // Javadoc example of SizeClassCache: begin
        final SizeClassCache cache = SizeClassCache.builder().name("items").memoryLimit(8 * 1024 * 1024).build();
        final long handle = cache.allocate(100);
        final int slotSize = cache.slotSize(handle); // 104: the smallest class that holds 100 bytes
        cache.buffer(handle).putInt(cache.offset(handle), 100);
        cache.free(handle);
        cache.close();
        // Javadoc example of SizeClassCache: end

        assertEquals(104, slotSize);
        assertEquals(80, cache.classes().get(cache.classFor(100) - 1).slotSize());
        JavadocExample.assertRunsAsDocumented(SizeClassCache.class, JavadocExamplesTest.class);
    }

    @Test
    void shouldRunThePagePoolExample()
    {
        // Javadoc example of PagePool: begin
        final PagePool pool = PagePool.direct(64 * 1024, 16 * 1024 * 1024);
        final SizeClassCache small = SizeClassCache.builder().name("small").pagePool(pool).maxSlotSize(1024).build();
        final SizeClassCache large = SizeClassCache.builder().name("large").pagePool(pool).minSlotSize(2048).build();
        final long session = small.allocate(100);
        final long document = large.allocate(10_000);
        final int pagesInUse = pool.pagesInUse(); // 2: a page for each class that holds a slot
        small.free(session);
        large.free(document);
        small.close();
        large.close(); // every page is back in the pool, for the next cache that shares it
        // Javadoc example of PagePool: end

        assertEquals(2, pagesInUse);
        assertEquals(0, pool.pagesInUse());
        assertEquals(256, pool.pagesFree());
        JavadocExample.assertRunsAsDocumented(PagePool.class, JavadocExamplesTest.class);
    }
}
