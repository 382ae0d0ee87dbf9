/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Where debug mode saw a slot allocated or freed: the stack of the thread that did it. The stack is taken cheaply
 * when made and turned into frames only when shown, with the cache's own frames cut off so that the first frame is
 * its caller's.
 */
final class SlotTrace extends Throwable
{
    private static final long serialVersionUID = 1L;
    private static final Set<String> OWN_CLASSES = Set.of(
        SlotTrace.class.getName(), LeakTracker.class.getName(), DebugPath.class.getName(),
        CacheCore.class.getName(), SlabCache.class.getName(), SizeClassCache.class.getName());

    private transient boolean trimmed;

    SlotTrace(final String message)
    {
        super(message, null, false, true);
    }

    /**
     * Cuts the cache's own frames off the top of the stack, once.
     *
     * @return this trace.
     */
    SlotTrace trimmed()
    {
        if (!trimmed)
        {
            trimmed = true;
            final StackTraceElement[] stack = getStackTrace();
            int first = 0;
            while (first < stack.length - 1 && OWN_CLASSES.contains(stack[first].getClassName()))
            {
                first++;
            }
            setStackTrace(Arrays.copyOfRange(stack, first, stack.length));
        }
        return this;
    }

    /**
     * @return the frames from the cache's caller out.
     */
    List<StackTraceElement> frames()
    {
        return List.of(trimmed().getStackTrace());
    }
}
