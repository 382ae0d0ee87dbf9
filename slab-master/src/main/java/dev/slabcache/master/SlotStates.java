/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;


/**
 * The state word of every slot of one slab: who holds the slot, and its generation. Its segment's bitmap only knows
 * that a slot left the segment; this word tells a slot in a magazine from one a caller holds, so that a double
 * free, or a free racing another free, is caught without the lock, and its version tells a handle to the slot's
 * current holder from one kept after the slot was freed.
 * <pre>
 *    31                                                       2 1 0
 *   +-----------------------------------------------------------+---+
 *   |                        version                            | s |
 *   +-----------------------------------------------------------+---+
 *
 *   s = FREE   0: in the segment, under the cache's lock
 *       CACHED 1: out of the segment, in a magazine (a thread's or the depot's)
 *       LIVE   2: held by a caller
 * </pre>
 * The version moves on by one each time a caller frees the slot, so the generation a handle carries, the low
 * {@value SlotHandle#GENERATION_BITS} bits of the version the slot had when it was handed out
 * ({@link #generation(int)}), moves by exactly one per reuse on every path, and a handle is live only while the
 * word is LIVE with those bits.
 * <p>
 * Moves between FREE and the other two happen under the lock; CACHED and LIVE swap without it, each by one
 * compare-and-set of the slot's own word. A magazine entry carries the word it expects: a slot taken back into its
 * segment from a magazine moves the version bits above the generation, so an entry left behind in some magazine
 * can never claim it again, while the generation stays as its last free left it.
 * <p>
 * Words are kept in pages of {@value #PAGE_SLOTS} slots, each made when the first slot in it leaves the segment,
 * in a table that grows with them, so a huge slab costs nothing until it is used. A page, once made, is never
 * dropped; the table is replaced whole when it grows, so a reader without the lock sees a consistent one.
 */
final class SlotStates
{
    static final int FREE = 0;
    static final int CACHED = 1;
    static final int LIVE = 2;

    static final int PAGE_SLOTS = 1 << 12;

    private static final int STATE_MASK = 3;
    private static final int VERSION_SHIFT = 2;
    private static final int NEXT_VERSION = 1 << VERSION_SHIFT;
    // Added as a slot goes back into its segment from a magazine: a new word that keeps the generation.
    private static final int NEXT_ENTRY = SlotHandle.GENERATIONS << VERSION_SHIFT;
    // The state and the version bits a handle carries: one compare checks both.
    private static final int HANDLE_MASK = (SlotHandle.GENERATIONS - 1) << VERSION_SHIFT | STATE_MASK;
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = PAGE_SLOTS - 1;
    // A cache line of ints before and after a page's words: every access reads the array's length in its header,
    // and a neighbouring object may be written by anyone, so no thread's slot word may share a line with either.
    private static final int PADDING = 64 / Integer.BYTES;
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(int[].class);

    private final int capacity;
    // The words of a slab of at most one page, made with it: no table to read on the hot path. Null for a larger
    // slab, whose pages are made as they are first used.
    private final int[] onlyPage;
    private volatile int[][] pages = new int[1][];

    /**
     * @param capacity slots in the slab.
     */
    SlotStates(final int capacity)
    {
        this.capacity = capacity;
        this.onlyPage = capacity <= PAGE_SLOTS ? new int[PADDING + capacity + PADDING] : null;
    }

    static int state(final int word)
    {
        return word & STATE_MASK;
    }

    /**
     * @return the slot generation a handle to a slot with this word carries.
     */
    static int generation(final int word)
    {
        return word >>> VERSION_SHIFT;
    }

    /**
     * @return true when the word is that of a slot a caller holds through a handle of this generation.
     */
    static boolean isLive(final int word, final int generation)
    {
        return (word & HANDLE_MASK) == ((generation << VERSION_SHIFT | LIVE) & HANDLE_MASK);
    }

    /**
     * The word of a slot; FREE for a slot whose page was never made.
     */
    int word(final int slot)
    {
        final int[] page = page(slot);
        return null == page ? FREE : (int)WORDS.get(page, index(slot));
    }

    /**
     * Marks a slot the segment just handed out. Under the lock; no other thread writes a FREE word.
     *
     * @param state CACHED for a magazine, LIVE for a caller.
     * @return the slot's new word.
     */
    int leaveSegment(final int slot, final int state)
    {
        final int[] page = null != onlyPage ? onlyPage : makePage(slot);

        // Only compare-and-sets that expect a CACHED or LIVE word race this write, and they fail on a FREE one; the
        // lock's release, or the hand-over of the handle, publishes it to the thread that receives the slot.
        final int word = (int)WORDS.get(page, index(slot)) | state;
        WORDS.set(page, index(slot), word);
        return word;
    }

    private int[] makePage(final int slot)
    {
        final int pageIndex = slot >>> PAGE_SHIFT;
        int[][] pages = this.pages;
        if (pageIndex >= pages.length)
        {
            pages = Arrays.copyOf(pages, Math.max(pageIndex + 1, 2 * pages.length));
            this.pages = pages;
        }
        int[] page = pages[pageIndex];
        if (null == page)
        {
            final int slots = Math.min(PAGE_SLOTS, capacity - (pageIndex << PAGE_SHIFT));
            page = new int[PADDING + slots + PADDING];
            pages[pageIndex] = page;
        }
        return page;
    }

    /**
     * CACHED to LIVE, for the thread that popped the slot's entry from its magazine.
     *
     * @param cachedWord the word the entry carries.
     * @return false when the entry is stale: the slot was taken back into its segment since.
     */
    boolean claim(final int slot, final int cachedWord)
    {
        final int[] page = page(slot);
        return null != page && WORDS.compareAndSet(page, index(slot), cachedWord, cachedWord + (LIVE - CACHED));
    }

    /**
     * LIVE to CACHED with the next version, for a caller's free without the lock. Exactly one of two racing frees
     * of a slot succeeds.
     *
     * @param generation the generation of the handle being freed.
     * @return the word found: the slot was released when {@link #isLive(int, int)} holds for it, and then its new
     * word is {@link #released(int)} of it; any other word means the handle named no slot a caller holds, and
     * nothing changed.
     */
    int release(final int slot, final int generation)
    {
        final int[] page = page(slot);
        if (null == page)
        {
            return FREE;
        }

        final int index = index(slot);
        int word;
        do
        {
            word = (int)WORDS.getVolatile(page, index);
        }
        while (isLive(word, generation) && !WORDS.compareAndSet(page, index, word, released(word)));
        return word;
    }

    /**
     * @return the CACHED word a LIVE word becomes when {@link #release(int, int)} frees it.
     */
    static int released(final int liveWord)
    {
        return liveWord - (LIVE - CACHED) + NEXT_VERSION;
    }

    /**
     * CACHED back to FREE with a new version but the same generation, under the lock, as the slot goes back into
     * its segment from a magazine: its free, if a caller held it, already moved the generation.
     *
     * @param expected the word the slot must still have.
     * @return false when it no longer has it (claimed, or already taken back): the slot stays where it is.
     */
    boolean enterSegment(final int slot, final int expected)
    {
        final int[] page = page(slot);
        return null != page && WORDS.compareAndSet(page, index(slot), expected, (expected & ~STATE_MASK) + NEXT_ENTRY);
    }

    /**
     * LIVE back to FREE with the next version, for a caller's free under the lock of a cache without magazines,
     * where no other thread writes the word.
     *
     * @param generation the generation of the handle being freed.
     * @return the word found: the slot was freed when {@link #isLive(int, int)} holds for it; any other word means
     * the handle named no slot a caller holds, and nothing changed.
     */
    int free(final int slot, final int generation)
    {
        final int[] page = page(slot);
        if (null == page)
        {
            return FREE;
        }

        final int index = index(slot);
        final int word = (int)WORDS.get(page, index);
        if (isLive(word, generation))
        {
            WORDS.set(page, index, nextFree(word));
        }
        return word;
    }

    private static int nextFree(final int word)
    {
        return (word & ~STATE_MASK) + NEXT_VERSION;
    }

    /**
     * Counts the slots among the first {@code highWaterMark} whose state is {@code state}. O(highWaterMark): for
     * detach and listings, not for the hot path.
     */
    int count(final int highWaterMark, final int state)
    {
        int count = 0;
        for (int slot = 0; slot < highWaterMark; slot++)
        {
            if (state == state(word(slot)))
            {
                count++;
            }
        }
        return count;
    }

    private static int index(final int slot)
    {
        return PADDING + (slot & PAGE_MASK);
    }

    /**
     * The page of a slot, or null when it was never made. Callers pass only slots below the slab's capacity: a
     * handle's slot is checked against it before its word is read.
     */
    private int[] page(final int slot)
    {
        if (null != onlyPage)
        {
            return onlyPage;
        }
        final int[][] pages = this.pages;
        final int pageIndex = slot >>> PAGE_SHIFT;
        return slot < capacity && pageIndex < pages.length ? pages[pageIndex] : null;
    }
}
