/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The decimal numbers of incr and decr, 64 bits unsigned, read from and written to an item's value without
 * garbage. A value reads as memcached's safe_strtoull reads it: optional white space and a sign, any count of digits
 * (leading zeros included) up to 2^64 - 1, then white space or the value's end (what follows a white space is not
 * read); strtoull negates a number after '-', and one that then reads as negative when signed is refused. One per
 * thread of a store (the writer keeps one per thread): the number parsed last is kept in {@link #value()}.
 */
final class DecimalValue
{
    private static final long MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final int MAX_MOD_10 = (int)Long.remainderUnsigned(-1L, 10);

    private long value;

    /**
     * @return the number {@link #parse} read last, unsigned.
     */
    long value()
    {
        return value;
    }

    /**
     * Reads the value at {@code offset}; on success {@link #value()} is its number.
     *
     * @return whether the value is a number.
     */
    boolean parse(final AtomicBuffer buffer, final int offset, final int length)
    {
        int i = 0;
        while (i < length && isSpace(buffer.getByte(offset + i)))
        {
            i++;
        }
        boolean negative = false;
        if (i < length && ('+' == buffer.getByte(offset + i) || '-' == buffer.getByte(offset + i)))
        {
            negative = '-' == buffer.getByte(offset + i);
            i++;
        }
        long number = 0;
        int digits = 0;
        for (; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b < '0' || b > '9')
            {
                break;
            }
            final int digit = b - '0';
            if (Long.compareUnsigned(number, MAX_DIV_10) > 0 || (number == MAX_DIV_10 && digit > MAX_MOD_10))
            {
                return false;
            }
            number = number * 10 + digit;
            digits++;
        }
        if (0 == digits || (i < length && !isSpace(buffer.getByte(offset + i))))
        {
            return false;
        }
        number = negative ? -number : number;
        if (number < 0 && (negative || holdsMinus(buffer, offset + i, length - i)))
        {
            return false;
        }
        value = number;
        return true;
    }

    private static boolean holdsMinus(final AtomicBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if ('-' == buffer.getByte(offset + i))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(final byte b)
    {
        return ' ' == b || ('\t' <= b && b <= '\r');
    }

    /**
     * @return how many digits {@code value}, unsigned, has.
     */
    static int digits(final long value)
    {
        int digits = 1;
        long rest = Long.divideUnsigned(value, 10);
        while (0 != rest)
        {
            digits++;
            rest /= 10;
        }
        return digits;
    }

    /**
     * Writes the digits of {@code value}, unsigned, at {@code offset}.
     *
     * @return how many were written.
     */
    static int write(final AtomicBuffer buffer, final int offset, final long value)
    {
        final int digits = digits(value);
        long rest = value;
        int index = offset + digits - 1;
        if (rest < 0)
        {
            buffer.putByte(index--, (byte)('0' + Long.remainderUnsigned(rest, 10)));
            rest = Long.divideUnsigned(rest, 10);
        }
        while (index >= offset)
        {
            buffer.putByte(index--, (byte)('0' + rest % 10));
            rest /= 10;
        }
        return digits;
    }
}
