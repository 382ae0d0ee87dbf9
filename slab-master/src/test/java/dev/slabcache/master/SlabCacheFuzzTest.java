/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: the fuzzer picks a cache's thread-safety mode and shape and a sequence of operations, checked
 * against {@link CacheModel}. Without {@code JAZZER_FUZZ=1} it replays the inputs committed under
 * {@code src/test/resources/dev/slabcache/master/SlabCacheFuzzTestInputs}.
 */
class SlabCacheFuzzTest
{
    @FuzzTest(maxDuration = "60s")
    void fuzzCacheOperations(final FuzzedDataProvider data)
    {
        final ThreadSafety threadSafety = data.pickValue(ThreadSafety.values());
        final int slotSize = data.consumeInt(4, 72);
        final int slabSize = data.consumeInt(slotSize, 1024);
        final int maxSlabs = data.consumeInt(0, 6);
        final int retainEmptySlabs = data.consumeInt(0, 3);
        final int magazineSize = data.consumeInt(1, 8);
        final int depotMagazines = data.consumeInt(0, 3);
        try (CacheModel model = new CacheModel(
            (bound) -> data.consumeInt(0, bound - 1), threadSafety, slotSize, slabSize, maxSlabs, retainEmptySlabs,
            magazineSize, depotMagazines))
        {
            while (data.remainingBytes() > 0)
            {
                model.step();
            }
            model.checkAllContents();
        }
    }
}
