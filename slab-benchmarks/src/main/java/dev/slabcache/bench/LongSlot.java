/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import dev.slabcache.master.SlotFlyweight;

/**
 * The record every cache benchmark writes: one {@code long} at the start of a slot, reached through a
 * {@link SlotFlyweight} because that is the one-lookup way the examples teach to reach a slot.
 */
final class LongSlot extends SlotFlyweight
{
    static final int VALUE_OFFSET = 0;

    long value()
    {
        return buffer().getLong(offset() + VALUE_OFFSET);
    }

    void value(final long value)
    {
        buffer().putLong(offset() + VALUE_OFFSET, value);
    }
}
