/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * One class of a {@link SizeClassCache}.
 *
 * @param index        the class's place, smallest first: what {@link SizeClassCache#classFor(int)} returns.
 * @param slotSize     bytes in each of its slots.
 * @param slotsPerPage slots in each of its pages.
 */
public record SizeClass(int index, int slotSize, int slotsPerPage)
{
}
