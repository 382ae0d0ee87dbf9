/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.util.Arrays;

import dev.slabcache.memcached.store.ItemStore;
import io.netty.buffer.ByteBuf;

/**
 * The flags of one meta command, read as memcached's _meta_flag_preparse reads them: each flag at most once, a
 * number after N, T, R, F, C, J and D, one mode letter after M. Reused by one connection.
 */
final class MetaFlags
{
    static final byte[] BAD_FORMAT = Replies.line("CLIENT_ERROR bad command line format");
    static final byte[] DUPLICATE = Replies.line("CLIENT_ERROR duplicate flag");
    static final byte[] INVALID = Replies.line("CLIENT_ERROR invalid flag");
    static final byte[] BAD_TOKEN = Replies.line("CLIENT_ERROR bad token in command line format");
    static final byte[] BAD_M_LENGTH = Replies.line("CLIENT_ERROR incorrect length for M token");
    static final byte[] BAD_INITIAL = Replies.line("CLIENT_ERROR invalid numeric initial value");
    static final byte[] BAD_DELTA = Replies.line("CLIENT_ERROR invalid numeric delta value");
    static final byte[] BAD_KEY_ENCODING = Replies.line("CLIENT_ERROR error decoding key");
    static final byte[] OPAQUE_TOO_LONG = Replies.line("CLIENT_ERROR opaque token too long");

    /** memcached's limit on an opaque token, its 'O' included. */
    static final int MAX_OPAQUE_LENGTH = 32;

    private final boolean[] seen = new boolean[127];
    private final byte[] decodedKey = new byte[Tokens.KEY_MAX_LENGTH];
    private int decodedKeyLength;

    boolean base64;
    boolean noreply;
    boolean value;
    boolean hasCas;
    boolean invalidate;
    long cas;
    long touch;
    long vivify;
    long recache;
    long initial;
    long delta;
    int clientFlags;
    byte mode;

    /**
     * Reads the flags from token {@code first} on.
     *
     * @return null, or the error line to answer.
     */
    byte[] parse(final Tokens t, final int first)
    {
        Arrays.fill(seen, false);
        base64 = false;
        noreply = false;
        value = false;
        hasCas = false;
        invalidate = false;
        cas = 0;
        touch = ItemStore.NO_TOUCH;
        vivify = ItemStore.NO_VIVIFY;
        recache = 0;
        initial = 0;
        delta = 1;
        clientFlags = 0;
        mode = 0;
        byte[] error = null;
        for (int i = first; i < t.count(); i++)
        {
            final int flag = t.first(i) & 0xFF;
            if (flag >= 127 || seen[flag])
            {
                return DUPLICATE;
            }
            seen[flag] = true;
            final int from = t.start(i) + 1;
            final int to = t.end(i);
            switch (flag)
            {
                case 'b' ->
                {
                    // As memcached, decoded where the flag stands, so that an error of a later flag wins.
                    base64 = true;
                    decodedKeyLength = KeyBase64.decode(t.buffer(), t.start(1), t.end(1), decodedKey);
                    if (0 == decodedKeyLength)
                    {
                        error = BAD_KEY_ENCODING;
                    }
                }
                case 'N' ->
                {
                    if (t.parseI32(from, to))
                    {
                        vivify = t.value;
                    }
                    else
                    {
                        error = BAD_TOKEN;
                    }
                }
                case 'T' ->
                {
                    if (t.parseI32(from, to))
                    {
                        touch = t.value;
                    }
                    else
                    {
                        error = BAD_TOKEN;
                    }
                }
                case 'R' ->
                {
                    if (t.parseI32(from, to))
                    {
                        recache = t.value;
                    }
                    else
                    {
                        error = BAD_TOKEN;
                    }
                }
                case 'l', 'O', 'P', 'L', 'k', 's', 't', 'c', 'f', 'h', 'u' ->
                {
                }
                case 'v' -> value = true;
                case 'q' -> noreply = true;
                case 'F' ->
                {
                    if (t.parseU32(from, to))
                    {
                        clientFlags = (int)t.value;
                    }
                    else
                    {
                        error = null == error ? BAD_FORMAT : error;
                    }
                }
                case 'C' ->
                {
                    if (t.parseU64(from, to))
                    {
                        cas = t.value;
                        hasCas = true;
                    }
                    else
                    {
                        error = BAD_TOKEN;
                    }
                }
                case 'M' ->
                {
                    if (2 != t.length(i))
                    {
                        error = BAD_M_LENGTH;
                    }
                    else
                    {
                        mode = t.buffer().getByte(from);
                    }
                }
                case 'J' ->
                {
                    if (t.parseU64(from, to))
                    {
                        initial = t.value;
                    }
                    else
                    {
                        error = BAD_INITIAL;
                    }
                }
                case 'D' ->
                {
                    if (t.parseU64(from, to))
                    {
                        delta = t.value;
                    }
                    else
                    {
                        error = BAD_DELTA;
                    }
                }
                case 'I' -> invalidate = true;
                default ->
                {
                    return INVALID;
                }
            }
        }
        return error;
    }

    /** @return whether an opaque token of the command is longer than memcached allows. */
    static boolean opaqueTooLong(final Tokens t, final int first)
    {
        for (int i = first; i < t.count(); i++)
        {
            if ('O' == t.first(i) && t.length(i) > MAX_OPAQUE_LENGTH)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the key of token 1 into {@code key}, as {@link #parse} decoded it under 'b'.
     *
     * @return its length, or -1 when it is not a key.
     */
    int key(final Tokens t, final byte[] key)
    {
        if (!base64)
        {
            return t.copyKey(1, key);
        }
        System.arraycopy(decodedKey, 0, key, 0, decodedKeyLength);
        return decodedKeyLength;
    }

    /**
     * Writes the 'k' return flag: " k" and the key, or under {@code binary} its base64 and " b", as memcached's
     * META_KEY.
     */
    static void writeKey(final ByteBuf out, final byte[] key, final int keyLength, final boolean binary)
    {
        out.writeByte(' ').writeByte('k');
        if (binary)
        {
            KeyBase64.encode(key, keyLength, out);
            out.writeByte(' ').writeByte('b');
        }
        else
        {
            out.writeBytes(key, 0, keyLength);
        }
    }
}
