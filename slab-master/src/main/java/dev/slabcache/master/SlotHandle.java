/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * Reads the handles a master cache hands out: a slot's address packed into one positive {@code long}, never 0:
 * <pre>
 *    63 62                                  32 31        24 23                            0
 *   +--+--------------------------------------+------------+------------------------------+
 *   |0 |             slab serial              |  slot gen  |             slot             |
 *   +--+--------------------------------------+------------+------------------------------+
 *                     31 bits                     8 bits              24 bits
 * </pre>
 * <ul>
 *   <li>slab serial: 1 to {@value #MAX_SERIAL}, drawn from one counter for every slab that any cache in the JVM
 *       attaches, so it names cache, slab and the slab's incarnation at once: a handle into a detached slab, or
 *       of another cache, or of a closed one, names no attached slab until the counter wraps, after
 *       {@value #MAX_SERIAL} slabs were attached in the JVM. It is never 0, so no handle is 0.</li>
 *   <li>slot gen: the low {@value #GENERATION_BITS} bits of the slot's generation when the handle was made. The
 *       generation moves on each time the slot is freed, so a handle kept after its slot was freed and handed out
 *       again is rejected, unless the slot was freed a multiple of {@value #GENERATIONS} times since.</li>
 *   <li>slot: the slot's index in its slab; up to {@value #MAX_SLOTS} slots per slab.</li>
 * </ul>
 */
public final class SlotHandle
{
    /**
     * Bits of the slot index.
     */
    public static final int SLOT_BITS = 24;

    /**
     * Bits of the slot generation.
     */
    public static final int GENERATION_BITS = 8;

    /**
     * Bits of the slab serial.
     */
    public static final int SERIAL_BITS = 31;

    /**
     * Slots a slab may hold.
     */
    public static final int MAX_SLOTS = 1 << SLOT_BITS;

    /**
     * Distinct slot generations a handle tells apart.
     */
    public static final int GENERATIONS = 1 << GENERATION_BITS;

    /**
     * The largest slab serial.
     */
    public static final int MAX_SERIAL = Integer.MAX_VALUE;

    private static final int GENERATION_SHIFT = SLOT_BITS;
    private static final int SERIAL_SHIFT = Integer.SIZE;

    private SlotHandle()
    {
    }

    /**
     * Packs a handle. The fields are masked, not checked: callers pass values in range. Package-private: only the
     * cache that owns a slot makes its handle.
     *
     * @param serial     the slab's serial, 1 to {@link #MAX_SERIAL}.
     * @param generation the slot's generation, any int: only its low {@value #GENERATION_BITS} bits are kept.
     * @param slot       0 to {@link #MAX_SLOTS} - 1.
     * @return the handle, positive when {@code serial} is in range.
     */
    static long pack(final int serial, final int generation, final int slot)
    {
        return (long)serial << SERIAL_SHIFT | (long)(generation & (GENERATIONS - 1)) << GENERATION_SHIFT | slot;
    }

    /**
     * Reads the serial of the slab a handle names.
     *
     * @param handle a handle.
     * @return its slab serial; 0 or negative means the value is not a handle.
     */
    public static int serial(final long handle)
    {
        return (int)(handle >>> SERIAL_SHIFT);
    }

    /**
     * Reads the generation of the slot a handle names, which a stale handle does not match.
     *
     * @param handle a handle.
     * @return its slot generation, {@code 0} to {@link #GENERATIONS} - 1.
     */
    public static int generation(final long handle)
    {
        return (int)handle >>> GENERATION_SHIFT;
    }

    /**
     * Reads the index of the slot a handle names within its slab.
     *
     * @param handle a handle.
     * @return its slot index.
     */
    public static int slot(final long handle)
    {
        return (int)handle & (MAX_SLOTS - 1);
    }

    /**
     * Spells out a handle's fields for an exception message or a log.
     *
     * @param handle a handle.
     * @return the handle in hex with its fields, for messages.
     */
    public static String describe(final long handle)
    {
        return "0x" + Long.toHexString(handle) + " (slab serial=" + serial(handle) + ", slot=" + slot(handle) +
            ", gen=" + generation(handle) + ")";
    }
}
