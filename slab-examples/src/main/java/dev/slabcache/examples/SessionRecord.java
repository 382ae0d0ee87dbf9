/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlotFlyweight;

/**
 * A user's login session as a fixed-layout record in one slot of a {@link SlabCache}. It is a flyweight: one
 * instance, re-aimed with {@link #wrap(SlabCache, long)}, reads and writes any number of sessions and makes no
 * garbage.
 * <p>
 * Layout of the slot:
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          Session id                           |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                            User id                            |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                     Last seen, nanoseconds                    |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                             Flags                             |
 *   +---------------------------------------------------------------+
 * </pre>
 * Once its slot is freed, the first 4 bytes of a session hold the slab's free list: a freed session is gone.
 */
public final class SessionRecord extends SlotFlyweight
{
    /**
     * Offset of the session id, a {@code long}.
     */
    public static final int SESSION_ID_OFFSET = 0;

    /**
     * Offset of the id of the user who logged in, a {@code long}.
     */
    public static final int USER_ID_OFFSET = SESSION_ID_OFFSET + Long.BYTES;

    /**
     * Offset of the time the session was last seen, in nanoseconds, a {@code long}.
     */
    public static final int LAST_SEEN_NANOS_OFFSET = USER_ID_OFFSET + Long.BYTES;

    /**
     * Offset of the flags, an {@code int} of {@code FLAG_} bits.
     */
    public static final int FLAGS_OFFSET = LAST_SEEN_NANOS_OFFSET + Long.BYTES;

    /**
     * Bytes in a session: the slot size of a cache of sessions.
     */
    public static final int SIZE = FLAGS_OFFSET + Integer.BYTES;

    /**
     * Flag bit set for a session with administrator rights.
     */
    public static final int FLAG_ADMIN = 1;

    /**
     * A session aimed at no slot yet.
     */
    public SessionRecord()
    {
    }

    /**
     * Aims this record at a live slot; returns the record itself so that calls chain.
     *
     * @param cache  the cache that minted {@code handle}.
     * @param handle a live handle.
     * @return this record.
     * @throws dev.slabcache.core.InvalidHandleException when {@code handle} is not a live slot of {@code cache}.
     */
    @Override
    public SessionRecord wrap(final SlabCache cache, final long handle)
    {
        super.wrap(cache, handle);
        return this;
    }

    /**
     * @return the session id.
     */
    public long sessionId()
    {
        return buffer().getLong(offset() + SESSION_ID_OFFSET);
    }

    /**
     * @param sessionId the session id.
     * @return this record.
     */
    public SessionRecord sessionId(final long sessionId)
    {
        buffer().putLong(offset() + SESSION_ID_OFFSET, sessionId);
        return this;
    }

    /**
     * @return the id of the user who logged in.
     */
    public long userId()
    {
        return buffer().getLong(offset() + USER_ID_OFFSET);
    }

    /**
     * @param userId the id of the user who logged in.
     * @return this record.
     */
    public SessionRecord userId(final long userId)
    {
        buffer().putLong(offset() + USER_ID_OFFSET, userId);
        return this;
    }

    /**
     * @return when the session was last seen, in nanoseconds.
     */
    public long lastSeenNanos()
    {
        return buffer().getLong(offset() + LAST_SEEN_NANOS_OFFSET);
    }

    /**
     * @param lastSeenNanos when the session was last seen, in nanoseconds.
     * @return this record.
     */
    public SessionRecord lastSeenNanos(final long lastSeenNanos)
    {
        buffer().putLong(offset() + LAST_SEEN_NANOS_OFFSET, lastSeenNanos);
        return this;
    }

    /**
     * @return the flags, {@code FLAG_} bits.
     */
    public int flags()
    {
        return buffer().getInt(offset() + FLAGS_OFFSET);
    }

    /**
     * @param flags the flags, {@code FLAG_} bits.
     * @return this record.
     */
    public SessionRecord flags(final int flags)
    {
        buffer().putInt(offset() + FLAGS_OFFSET, flags);
        return this;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        if (null == buffer())
        {
            return "SessionRecord{not wrapped}";
        }

        return "SessionRecord{sessionId=" + sessionId() + ", userId=" + userId() + ", lastSeenNanos=" +
            lastSeenNanos() + ", admin=" + (0 != (flags() & FLAG_ADMIN)) + '}';
    }
}
