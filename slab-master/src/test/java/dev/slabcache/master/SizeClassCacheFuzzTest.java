/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slabcache.core.SlotSegment;

/**
 * Coverage-guided: the fuzzer picks a size-class cache's thread-safety mode, page size, pool size and kind, class
 * layout and a sequence of operations, checked against {@link SizeClassModel}. Without {@code JAZZER_FUZZ=1} it
 * replays the inputs committed under {@code src/test/resources/dev/slabcache/master/SizeClassCacheFuzzTestInputs}.
 */
class SizeClassCacheFuzzTest
{
    private static final int[] PAGE_SIZES = {4096, 8192, 16384, 65536};
    private static final double[] GROWTH_FACTORS = {1.05, 1.25, 1.5, 2.0, 4.0};

    @FuzzTest(maxDuration = "60s")
    void fuzzSizeClassOperations(final FuzzedDataProvider data)
    {
        final ThreadSafety threadSafety = data.pickValue(ThreadSafety.values());
        final int pageSize = data.pickValue(PAGE_SIZES);
        final int pages = data.consumeInt(1, 12);
        final int minSlotSize = data.consumeInt(SlotSegment.MIN_SLOT_SIZE, 256);
        final int smallestClass = (minSlotSize + SizeClassCache.CLASS_ALIGNMENT - 1) / SizeClassCache.CLASS_ALIGNMENT;
        final int maxSlotSize = SizeClassCache.CLASS_ALIGNMENT *
            data.consumeInt(smallestClass, pageSize / SizeClassCache.CLASS_ALIGNMENT);
        final double growthFactor = data.pickValue(GROWTH_FACTORS);
        final int poolKind = data.consumeInt(SizeClassModel.OWN_POOL, SizeClassModel.SHARED_BUFFER_POOL);
        try (SizeClassModel model = new SizeClassModel(
            (bound) -> data.consumeInt(0, bound - 1), threadSafety, pageSize, pages, minSlotSize, maxSlotSize,
            growthFactor, poolKind))
        {
            while (data.remainingBytes() > 0)
            {
                model.step();
            }
            model.checkAllContents();
        }
    }
}
