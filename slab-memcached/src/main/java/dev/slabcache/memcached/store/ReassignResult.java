/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * What a "slabs reassign" did, as memcached's reassign_result_type; it is done at once, so never "BUSY".
 * <p>
 * Public for the protocol's "slabs reassign" reply.
 */
public enum ReassignResult
{
    /** A page moved. */
    OK,
    /** The source and destination are the same class. */
    SAME,
    /** A class id is out of range. */
    BADCLASS,
    /** The source holds fewer than two pages. */
    NOSPARE
}
