/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

/**
 * Reads the value of one flag or {@code -o} option, checked against its range; a bad one is a
 * {@link ConfigException} naming the flag, the value and the rule.
 */
final class FlagValues
{
    private FlagValues()
    {
    }

    static long number(final String name, final String value, final long min, final long max)
    {
        final long n;
        try
        {
            n = Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException("flag " + name + " needs a whole number, got '" + value + "'");
        }
        if (n < min || n > max)
        {
            throw new ConfigException("flag " + name + " must be from " + min + " to " + max + ", got " + value);
        }
        return n;
    }

    static int octal(final String name, final String value, final int max)
    {
        if (value.isEmpty() || value.length() > 4 || !value.chars().allMatch(c -> c >= '0' && c <= '7'))
        {
            throw new ConfigException(
                "flag " + name + " needs an octal mode of 1 to 4 digits 0-7 (as chmod), got '" + value + "'");
        }
        final int n = Integer.parseInt(value, 8);
        if (n > max)
        {
            throw new ConfigException(
                "flag " + name + " must be at most " + Integer.toOctalString(max) + " (octal), got " + value);
        }
        return n;
    }

    static double decimal(final String name, final String value)
    {
        try
        {
            return Double.parseDouble(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException("flag " + name + " needs a number, got '" + value + "'");
        }
    }

    static double factor(final String name, final String value)
    {
        final double f = decimal(name, value);
        if (!(f > 1.0 && f <= 8.0))
        {
            throw new ConfigException("flag " + name + " must be above 1.0 and at most 8.0, got " + value);
        }
        return f;
    }

    static int itemSize(final String name, final String value)
    {
        final String lower = value.toLowerCase();
        long unit = 1;
        String digits = lower;
        if (lower.endsWith("k"))
        {
            unit = 1024;
            digits = lower.substring(0, lower.length() - 1);
        }
        else if (lower.endsWith("m"))
        {
            unit = 1024 * 1024;
            digits = lower.substring(0, lower.length() - 1);
        }
        final long n;
        try
        {
            n = Long.parseLong(digits) * unit;
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(
                "flag " + name + " needs a size in bytes with an optional k or m suffix, got '" + value + "'");
        }
        if (n < 1024 || n > 1024L * 1024 * 1024)
        {
            throw new ConfigException("flag " + name + " must be from 1k to 1024m, got " + value);
        }
        return (int)n;
    }

    static String nonEmpty(final String name, final String value, final String what)
    {
        if (value.isEmpty())
        {
            throw new ConfigException("flag " + name + " needs " + what + ", got ''");
        }
        return value;
    }
}
