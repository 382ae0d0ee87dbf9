/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArithTest
{
    private static final String MAX = "18446744073709551615";

    private final StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true));

    @AfterEach
    void close()
    {
        items.close();
    }

    @Test
    void shouldIncrementAndDecrement()
    {
        items.set("n", "10");
        assertEquals(ArithResult.OK, items.incr("n", 5));
        assertEquals(15, items.view.number);
        assertEquals(ArithResult.OK, items.decr("n", 6));
        assertEquals(9, items.view.number);
        assertEquals(1, items.stat("incr_hits"));
        assertEquals(1, items.stat("decr_hits"));
    }

    @Test
    void shouldPadAShorterResultWithSpacesAsMemcached()
    {
        items.set("n", "10");
        items.decr("n", 1);
        assertEquals("9 ", items.get("n"));
        assertEquals(2, items.view.valueLength);
        assertEquals(ArithResult.OK, items.incr("n", 1));
        assertEquals("10", items.get("n"));
    }

    @Test
    void shouldStoreALongerResultAsANewItemOfItsDigits()
    {
        items.store(StoreMode.SET, "n", "99", 42, 300, 0, false);
        assertEquals(ArithResult.OK, items.incr("n", 1));
        assertEquals(3, items.view.valueLength);
        assertEquals("100", items.get("n"));
        assertEquals(42, items.view.flags);
        assertEquals(StoreDriver.NOW + 300, items.view.expiresAt);
        assertEquals(1, items.stat("curr_items"));
    }

    @Test
    void shouldWrapAnIncrementAt2To64()
    {
        items.set("n", MAX);
        assertEquals(ArithResult.OK, items.incr("n", 2));
        assertEquals(1, items.view.number);
        assertEquals("1" + " ".repeat(19), items.get("n"));
    }

    @Test
    void shouldTakeAnUnsignedDelta()
    {
        items.set("n", "0");
        assertEquals(ArithResult.OK, items.incr("n", -1L));
        assertEquals(-1L, items.view.number);
        assertEquals(MAX, items.get("n"));
    }

    @Test
    void shouldFloorADecrementAtZero()
    {
        items.set("n", "5");
        assertEquals(ArithResult.OK, items.decr("n", 6));
        assertEquals(0, items.view.number);
        assertEquals(ArithResult.OK, items.decr("n", -1L));
        assertEquals(0, items.view.number);
        assertEquals("0", items.get("n"));
    }

    @Test
    void shouldReadAnyCountOfLeadingZerosButNothingOver2To64AsMemcached1618()
    {
        items.set("a", MAX);
        assertEquals(ArithResult.OK, items.decr("a", 1));
        assertEquals(-2L, items.view.number);
        items.set("b", "18446744073709551616");
        assertEquals(ArithResult.NON_NUMERIC, items.incr("b", 1));
        items.set("c", "0000000000000000000001");
        assertEquals(ArithResult.OK, items.incr("c", 1), "memcached 1.6.18 answers 2");
        assertEquals(2, items.view.number);
        assertEquals("2" + " ".repeat(21), items.get("c"), "written in place, padded to the 22 bytes");
        items.set("d", "0000000000000000000000000" + MAX);
        assertEquals(ArithResult.OK, items.incr("d", 0));
        assertEquals(-1L, items.view.number);
        assertEquals(MAX + " ".repeat(25), items.get("d"));
    }

    @Test
    void shouldReadAsStrtoullAfterAMinusSignAsMemcached1618()
    {
        items.set("n", "-0");
        assertEquals(ArithResult.OK, items.incr("n", 1));
        assertEquals("1 ", items.get("n"));
        items.set("n", "-9223372036854775809");
        assertEquals(ArithResult.OK, items.incr("n", 1), "strtoull negates: 2^64 - 9223372036854775809 + 1");
        assertEquals(Long.MIN_VALUE, items.view.number);
        items.set("n", "18446744073709551615 -");
        assertEquals(ArithResult.NON_NUMERIC, items.incr("n", 1), "negative when signed, and a '-' in the value");
    }

    @Test
    void shouldStopReadingAtTheFirstWhiteSpaceAsMemcached1618()
    {
        items.set("n", "1 2");
        assertEquals(ArithResult.OK, items.incr("n", 1));
        assertEquals("2  ", items.get("n"));
        items.set("n", "2 -");
        assertEquals(ArithResult.OK, items.incr("n", 1));
        assertEquals(3, items.view.number);
    }

    @Test
    void shouldRefuseANonNumericValue()
    {
        for (final String value : new String[] {"", "x", "1x", "-1", " ", "++1", "+", "1+", "-"})
        {
            items.set("n", value);
            assertEquals(ArithResult.NON_NUMERIC, items.incr("n", 1), "value '" + value + "'");
            assertEquals(value, items.get("n"));
        }
        items.set("n", " 7  ");
        assertEquals(ArithResult.OK, items.incr("n", 1));
        assertEquals(8, items.view.number);
        items.set("n", "\t+41\r\n");
        assertEquals(ArithResult.OK, items.incr("n", 1), "as memcached's strtoull: white space and a plus sign");
        assertEquals(42, items.view.number);
        assertEquals("42    ", items.get("n"));
    }

    @Test
    void shouldMissAMissingKeyOrVivify()
    {
        assertEquals(ArithResult.NOT_FOUND, items.incr("n", 1));
        assertEquals(ArithResult.NOT_FOUND, items.decr("n", 1));
        assertEquals(1, items.stat("incr_misses"));
        assertEquals(1, items.stat("decr_misses"));
        final byte[] key = StoreDriver.bytes("n");
        assertEquals(ArithResult.OK,
            items.store.arith(key, 1, true, 5, 0, 60, 42, ItemStore.NO_TOUCH, items.view));
        assertEquals(42, items.view.number);
        assertEquals(0, items.view.flags);
        assertEquals(StoreDriver.NOW + 60, items.view.expiresAt);
        assertEquals("42", items.get("n"));
    }

    @Test
    void shouldCheckCasAndGiveANewOne()
    {
        items.set("n", "1");
        final long cas = items.view.cas;
        assertEquals(ArithResult.EXISTS, items.arith("n", true, 1, cas + 1));
        assertEquals(ArithResult.OK, items.arith("n", true, 1, cas));
        assertTrue(items.view.cas > cas);
        final long after = items.view.cas;
        items.get("n");
        assertEquals(after, items.view.cas);
    }

    @Test
    void shouldTouchWhenAsked()
    {
        items.set("n", "1");
        final byte[] key = StoreDriver.bytes("n");
        assertEquals(ArithResult.OK,
            items.store.arith(key, 1, true, 1, 0, ItemStore.NO_VIVIFY, 0, 10, items.view));
        assertEquals(StoreDriver.NOW + 10, items.view.expiresAt);
        items.clock.advance(10);
        assertNull(items.get("n"));
    }

    @Test
    void shouldReadAndWriteDecimalsExactly()
    {
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[32]);
        final DecimalValue decimal = new DecimalValue();
        final long[] values = {0, 1, 9, 10, 99, 100, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE, -1L};
        for (final long value : values)
        {
            final int digits = DecimalValue.write(buffer, 3, value);
            assertEquals(Long.toUnsignedString(value), buffer.getStringWithoutLengthAscii(3, digits));
            assertTrue(decimal.parse(buffer, 3, digits));
            assertEquals(value, decimal.value());
        }
    }
}
