/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * The magazines a {@link ThreadSafety#MAGAZINES} cache shares between its threads (Bonwick and Adams, 2001): full
 * ones that a thread whose magazines ran empty takes, and empty spares that a thread whose magazines ran full
 * takes in exchange for a full one. Bounded both ways, so it never holds more than it was built for. Under the
 * cache's lock.
 */
final class Depot
{
    private final int magazineSize;
    private final Magazine[] full;
    private int fullCount;
    private final Magazine[] spares;
    private int spareCount;

    /**
     * @param magazineSize   slots in a magazine.
     * @param depotMagazines full magazines it keeps, and empty spares.
     */
    Depot(final int magazineSize, final int depotMagazines)
    {
        this.magazineSize = magazineSize;
        this.full = new Magazine[depotMagazines];
        this.spares = new Magazine[depotMagazines];
    }

    /**
     * @return a full magazine, or null when it keeps none.
     */
    Magazine pollFull()
    {
        if (0 == fullCount)
        {
            return null;
        }
        final Magazine magazine = full[--fullCount];
        full[fullCount] = null;
        return magazine;
    }

    /**
     * @return false when it keeps as many full magazines as it may: the caller keeps {@code magazine}.
     */
    boolean offerFull(final Magazine magazine)
    {
        if (fullCount == full.length)
        {
            return false;
        }
        full[fullCount++] = magazine;
        return true;
    }

    /**
     * @return an empty magazine: a spare, or a new one.
     */
    Magazine takeEmpty()
    {
        return spareCount > 0 ? spares[--spareCount] : new Magazine(magazineSize);
    }

    /**
     * Keeps an emptied magazine as a spare while there is room, else drops it.
     */
    void putEmpty(final Magazine magazine)
    {
        magazine.count = 0;
        if (spareCount < spares.length)
        {
            spares[spareCount++] = magazine;
        }
    }

    /**
     * Drops every full magazine, for a cache that closes once it took their slots back.
     */
    void clear()
    {
        while (fullCount > 0)
        {
            full[--fullCount] = null;
        }
    }

    /**
     * @return a new magazine for a thread.
     */
    Magazine newMagazine()
    {
        return new Magazine(magazineSize);
    }
}
