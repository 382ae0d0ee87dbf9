/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Coverage-guided: the fuzzer picks a segment's shape and a sequence of operations, checked against
 * {@link SegmentModel}. Without {@code JAZZER_FUZZ=1} it replays the inputs committed under
 * {@code src/test/resources/dev/slabcache/core/SlotSegmentFuzzTestInputs}.
 */
class SlotSegmentFuzzTest
{
    @FuzzTest(maxDuration = "60s")
    void fuzzSegmentOperations(final FuzzedDataProvider data)
    {
        final int slotSize = data.consumeInt(SlotSegment.MIN_SLOT_SIZE, 200);
        final int slotAlignment = 1 << data.consumeInt(2, 7);
        final int regionOffset = data.consumeInt(0, 127);
        final int regionLength = data.consumeInt(slotSize + slotAlignment, 4096);
        final UnsafeBuffer buffer =
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(regionOffset + regionLength, 128));

        final SegmentModel model = new SegmentModel(
            buffer, regionOffset, regionLength, slotSize, slotAlignment,
            (bound) -> data.consumeInt(0, bound - 1));
        while (data.remainingBytes() > 0)
        {
            model.step();
        }
        model.checkAllContents();
    }
}
