/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * What {@link SizeClassCache#movePage(int, int, SlotVisitor)} did.
 */
public enum PageMove
{
    /**
     * The page went back to the pool and the class that wanted it grew into it.
     */
    MOVED,

    /**
     * The page went back to the pool, but the class that wanted it could not grow: another class took the page
     * first. The page serves that class.
     */
    RELEASED,

    /**
     * Every live slot was visited, but a slot freed into a thread's magazine as the page began to drain is still
     * on its way back; the page goes back to the pool once it is, and the class that wanted it grows on its next
     * allocation that finds no slot.
     */
    PENDING,

    /**
     * The class that should give a page has none.
     */
    NO_PAGE
}
