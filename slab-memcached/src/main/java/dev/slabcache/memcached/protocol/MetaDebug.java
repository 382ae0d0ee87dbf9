/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.util.Base64;

import dev.slabcache.memcached.store.ItemDumps;
import dev.slabcache.memcached.store.ItemStore;
import io.netty.buffer.ByteBuf;

/**
 * memcached's meta debug command, "me key [b]": one item's metadata in a line (see {@link ItemDumps#me}), the key
 * given in base64 with "b".
 */
final class MetaDebug
{
    private static final byte[] B = Replies.ascii("b");

    private MetaDebug()
    {
    }

    /**
     * Answers "me".
     *
     * @param key a buffer for the key, at least 250 bytes.
     */
    static void execute(final ItemStore store, final ByteBuf out, final Tokens t, final byte[] key)
    {
        final int count = t.count();
        int length = count < 2 ? -1 : t.copyKey(1, key);
        if (length > 0 && count >= 3 && t.is(2, B))
        {
            length = decode(key, length);
        }
        if (length <= 0)
        {
            out.writeBytes(Replies.BAD_FORMAT);
            return;
        }
        final int keyLength = length;
        store.admin().dump((dumps, now) -> dumps.me(key, keyLength, now, out));
    }

    private static int decode(final byte[] key, final int length)
    {
        // memcached's decoder takes whole 4-character groups only.
        if (0 != length % 4)
        {
            return -1;
        }
        try
        {
            final byte[] decoded = Base64.getDecoder().decode(java.util.Arrays.copyOf(key, length));
            System.arraycopy(decoded, 0, key, 0, decoded.length);
            return decoded.length;
        }
        catch (final IllegalArgumentException ex)
        {
            return -1;
        }
    }
}
