/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * A stack of free slots, each an entry of the slot's handle and the {@link SlotStates} word it had when it went
 * in. Owned by one thread at a time: a thread's loaded or previous magazine, or the depot's under the lock. A sweep
 * under the lock may read another thread's magazine without synchronisation: every entry it acts on is checked by
 * a compare-and-set of the slot's word, so a stale or torn read can only make it skip an entry.
 */
final class Magazine
{
    final long[] handles;
    final int[] words;
    int count;

    Magazine(final int capacity)
    {
        handles = new long[capacity];
        words = new int[capacity];
    }

    boolean isEmpty()
    {
        return 0 == count;
    }

    boolean isFull()
    {
        return handles.length == count;
    }

    /**
     * Turns the entries upside down, so the first pushed is popped first.
     */
    void reverse()
    {
        for (int low = 0, high = count - 1; low < high; low++, high--)
        {
            final long handle = handles[low];
            handles[low] = handles[high];
            handles[high] = handle;
            final int word = words[low];
            words[low] = words[high];
            words[high] = word;
        }
    }

    void push(final long handle, final int word)
    {
        handles[count] = handle;
        words[count] = word;
        count++;
    }
}
