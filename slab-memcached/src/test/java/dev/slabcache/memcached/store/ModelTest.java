/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random operations against a HashMap model. With memory to spare the store must agree exactly; with
 * little, every hit must agree, and a key the model holds may be missing only because the store evicted it (or a
 * page move took it): the keys found missing never outnumber the evictions. The seed is printed on failure; pass
 * -Dmodel.seed=N to replay one.
 */
class ModelTest
{
    /** memcached's safe_strtoull: white space, a sign, digits, then nothing or white space and anything. */
    private static final Pattern NUMBER =
        Pattern.compile("[ \\t\\n\\x0B\\f\\r]*([+-]?)([0-9]+)(?:[ \\t\\n\\x0B\\f\\r].*)?", Pattern.DOTALL);
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    @Test
    void shouldAgreeExactlyWhenNothingIsEvicted()
    {
        run(new StoreSettings(64L << 20, 1.25, 48, 1 << 20, true, null), false, 300_000, 2000, 2000);
    }

    @Test
    void shouldAgreeOnEveryHitWhenItemsAreEvicted()
    {
        // Few classes (factor 2), so that each has pages to evict from; the data outgrow 8 MiB several times.
        run(new StoreSettings(8L << 20, 2.0, 48, 1 << 20, true, null), true, 300_000, 30_000, 1500);
    }

    private static void run(
        final StoreSettings settings, final boolean evicting, final int operations, final int keys,
        final int maxValue)
    {
        final long seed = Long.getLong("model.seed", System.nanoTime());
        try (StoreDriver items = new StoreDriver(settings))
        {
            new Run(items, new Random(seed), evicting, keys, maxValue).run(operations);
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError("ModelTest failed with -Dmodel.seed=" + seed + ": " + ex.getMessage(), ex);
        }
    }

    private static final class Entry
    {
        final String value;
        final int flags;
        final long expiresAt;
        final long cas;

        Entry(final String value, final int flags, final long expiresAt, final long cas)
        {
            this.value = value;
            this.flags = flags;
            this.expiresAt = expiresAt;
            this.cas = cas;
        }
    }

    private static final class Run
    {
        private final StoreDriver items;
        private final Random random;
        private final boolean evicting;
        private final int keys;
        private final int maxValue;
        private final Map<String, Entry> model = new HashMap<>();
        private long lost;

        Run(final StoreDriver items, final Random random, final boolean evicting, final int keys, final int maxValue)
        {
            this.items = items;
            this.random = random;
            this.evicting = evicting;
            this.keys = keys;
            this.maxValue = maxValue;
        }

        void run(final int operations)
        {
            for (int i = 0; i < operations; i++)
            {
                step(i);
            }
            for (int k = 0; k < keys; k++)
            {
                get("key" + k);
            }
            if (!evicting)
            {
                assertEquals(0, items.stat("evictions"));
                assertEquals(model.size(), items.stat("curr_items"), "every model key was read: none is dead");
            }
            else
            {
                assertTrue(items.stat("evictions") > 0, "the small store should have evicted");
                System.out.println("ModelTest: " + lost + " keys lost to " + items.stat("evictions") +
                    " evictions and " + items.stat("slab_reassign_evictions_nomem") + " page-move evictions");
            }
        }

        private void step(final int i)
        {
            final String key = "key" + random.nextInt(keys);
            final int op = random.nextInt(100);
            if (op < 25)
            {
                get(key);
            }
            else if (op < 45)
            {
                set(key);
            }
            else if (op < 50)
            {
                add(key);
            }
            else if (op < 55)
            {
                replace(key);
            }
            else if (op < 60)
            {
                concat(key, random.nextBoolean());
            }
            else if (op < 65)
            {
                cas(key);
            }
            else if (op < 72)
            {
                delete(key);
            }
            else if (op < 84)
            {
                arith(key, random.nextBoolean());
            }
            else if (op < 89)
            {
                touch(key);
            }
            else if (op < 94)
            {
                getAndTouch(key);
            }
            else if (op < 97)
            {
                items.clock.advance(1 + random.nextInt(3));
            }
            else if (op < 99)
            {
                if (random.nextInt(10) == 0)
                {
                    items.store.maintain();
                }
            }
            else if (random.nextInt(1000) == 0)
            {
                items.store.flushAll(0);
                model.clear();
            }
        }

        private Entry live(final String key)
        {
            final Entry entry = model.get(key);
            if (null != entry && 0 != entry.expiresAt && entry.expiresAt <= items.clock.getAsLong())
            {
                model.remove(key);
                return null;
            }
            return entry;
        }

        private void lost(final String key, final String what)
        {
            if (!evicting)
            {
                fail(what + ": key " + key + " lost with nothing evicted");
            }
            model.remove(key);
            lost++;
            final long evicted = items.stat("evictions") + items.stat("slab_reassign_evictions_nomem");
            assertTrue(lost <= evicted, lost + " keys lost but " + evicted + " evicted (" + what + " " + key + ")");
        }

        private void get(final String key)
        {
            final Entry entry = live(key);
            final String value = items.get(key);
            if (null == value)
            {
                if (null != entry)
                {
                    lost(key, "get");
                }
                return;
            }
            if (null == entry)
            {
                fail("get " + key + " hit '" + value + "' but the model has none");
            }
            assertEquals(entry.value, value, "value of " + key);
            assertEquals(entry.flags, items.view.flags, "flags of " + key);
            assertEquals(entry.cas, items.view.cas, "cas of " + key);
            assertEquals(entry.expiresAt, items.view.expiresAt, "expiry of " + key);
        }

        private void getAndTouch(final String key)
        {
            final Entry entry = live(key);
            final long exptime = exptime();
            final String value = items.getAndTouch(key, exptime);
            if (null == value)
            {
                if (null != entry)
                {
                    lost(key, "gat");
                }
                return;
            }
            if (null == entry)
            {
                fail("gat " + key + " hit but the model has none");
            }
            assertEquals(entry.value, value, "value of " + key);
            model.put(key, new Entry(entry.value, entry.flags, expiresAt(exptime), entry.cas));
        }

        private void touch(final String key)
        {
            final Entry entry = live(key);
            final long exptime = exptime();
            if (items.touch(key, exptime))
            {
                if (null == entry)
                {
                    fail("touch " + key + " hit but the model has none");
                }
                model.put(key, new Entry(entry.value, entry.flags, expiresAt(exptime), entry.cas));
            }
            else if (null != entry)
            {
                lost(key, "touch");
            }
        }

        private void set(final String key)
        {
            live(key);
            final String value = value();
            final int flags = random.nextInt();
            final long exptime = exptime();
            final StoreResult result = items.store(StoreMode.SET, key, value, flags, exptime, 0, false);
            if (StoreResult.NO_MEMORY == result && evicting)
            {
                model.remove(key);
                return;
            }
            assertEquals(StoreResult.STORED, result, "set " + key);
            model.put(key, new Entry(value, flags, expiresAt(exptime), items.view.cas));
        }

        private void add(final String key)
        {
            final Entry entry = live(key);
            final String value = value();
            final StoreResult result = items.store(StoreMode.ADD, key, value, 5, 0, 0, false);
            if (StoreResult.NO_MEMORY == result && evicting)
            {
                if (null != entry)
                {
                    lost(key, "add");
                }
                return;
            }
            if (null != entry && StoreResult.STORED == result)
            {
                lost(key, "add");
            }
            else if (null != entry)
            {
                assertEquals(StoreResult.NOT_STORED, result, "add " + key);
                return;
            }
            assertEquals(StoreResult.STORED, result, "add " + key);
            model.put(key, new Entry(value, 5, 0, items.view.cas));
        }

        private void replace(final String key)
        {
            final Entry entry = live(key);
            final String value = value();
            final StoreResult result = items.store(StoreMode.REPLACE, key, value, 6, 0, 0, false);
            if (null == entry)
            {
                assertEquals(StoreResult.NOT_STORED, result, "replace " + key);
            }
            else if (StoreResult.NOT_STORED == result)
            {
                lost(key, "replace");
            }
            else if (StoreResult.NO_MEMORY != result || !evicting)
            {
                assertEquals(StoreResult.STORED, result, "replace " + key);
                model.put(key, new Entry(value, 6, 0, items.view.cas));
            }
        }

        private void concat(final String key, final boolean append)
        {
            final Entry entry = live(key);
            final String data = "+".repeat(random.nextInt(50)) + random.nextInt(10);
            final StoreResult result = items.store(append ? StoreMode.APPEND : StoreMode.PREPEND, key, data);
            if (null == entry)
            {
                assertEquals(StoreResult.NOT_STORED, result, "append " + key);
                return;
            }
            final String value = append ? entry.value + data : data + entry.value;
            if (value.length() > items.store.maxValueLength(key.length(), entry.flags))
            {
                assertEquals(StoreResult.NOT_STORED, result, "append beyond -I, as memcached: " + key);
            }
            else if (StoreResult.NOT_STORED == result)
            {
                final String stored = items.get(key);
                if (null == stored)
                {
                    lost(key, "append");
                }
                else
                {
                    assertTrue(evicting, "append " + key + " not stored with nothing evicted");
                    assertEquals(entry.value, stored, "a joined item that finds no memory leaves the old one");
                }
            }
            else
            {
                assertEquals(StoreResult.STORED, result, "append " + key);
                model.put(key, new Entry(value, entry.flags, entry.expiresAt, items.view.cas));
            }
        }

        private void cas(final String key)
        {
            final Entry entry = live(key);
            final long cas = null == entry ? 1 + random.nextInt(1000) :
                random.nextInt(4) == 0 ? entry.cas + 1 : entry.cas;
            final String value = value();
            final StoreResult result = items.store(StoreMode.CAS, key, value, 7, 0, cas, false);
            if (null == entry)
            {
                assertEquals(StoreResult.NOT_FOUND, result, "cas " + key);
            }
            else if (StoreResult.NOT_FOUND == result)
            {
                lost(key, "cas");
            }
            else if (cas != entry.cas)
            {
                assertEquals(StoreResult.EXISTS, result, "cas " + key);
            }
            else if (StoreResult.NO_MEMORY != result || !evicting)
            {
                assertEquals(StoreResult.STORED, result, "cas " + key);
                model.put(key, new Entry(value, 7, 0, items.view.cas));
            }
        }

        private void delete(final String key)
        {
            final Entry entry = live(key);
            final DeleteResult result = items.delete(key);
            if (null == entry)
            {
                assertEquals(DeleteResult.NOT_FOUND, result, "delete " + key);
            }
            else if (DeleteResult.NOT_FOUND == result)
            {
                lost(key, "delete");
            }
            else
            {
                assertEquals(DeleteResult.DELETED, result, "delete " + key);
                model.remove(key);
            }
        }

        /** @return the number memcached 1.6.18's safe_strtoull reads from the value, or null when it refuses it. */
        private static BigInteger strtoull(final String value)
        {
            final Matcher matcher = NUMBER.matcher(value);
            if (!matcher.matches())
            {
                return null;
            }
            BigInteger number = new BigInteger(matcher.group(2));
            if (number.compareTo(TWO_TO_64) >= 0)
            {
                return null;
            }
            if ("-".equals(matcher.group(1)))
            {
                number = TWO_TO_64.subtract(number).mod(TWO_TO_64);
            }
            final boolean negativeWhenSigned = number.testBit(63);
            return negativeWhenSigned && value.indexOf('-') >= 0 ? null : number;
        }

        private void arith(final String key, final boolean increment)
        {
            final Entry entry = live(key);
            final long delta = random.nextInt(10) == 0 ? random.nextLong() : random.nextInt(1000);
            final ArithResult result = items.arith(key, increment, delta, 0);
            if (null == entry)
            {
                assertEquals(ArithResult.NOT_FOUND, result, "incr " + key);
                return;
            }
            if (ArithResult.NOT_FOUND == result)
            {
                lost(key, "incr");
                return;
            }
            final BigInteger number = strtoull(entry.value);
            if (null == number)
            {
                assertEquals(ArithResult.NON_NUMERIC, result, "incr of '" + entry.value + "'");
                return;
            }
            if (ArithResult.NO_MEMORY == result && evicting)
            {
                return;
            }
            assertEquals(ArithResult.OK, result, "incr " + key);
            final BigInteger unsignedDelta = new BigInteger(Long.toUnsignedString(delta));
            final BigInteger next = increment ? number.add(unsignedDelta).mod(TWO_TO_64) :
                number.subtract(unsignedDelta).max(BigInteger.ZERO);
            final String digits = next.toString();
            final String value = digits.length() <= entry.value.length() ?
                digits + " ".repeat(entry.value.length() - digits.length()) : digits;
            assertEquals(next.longValue(), items.view.number);
            model.put(key, new Entry(value, entry.flags, entry.expiresAt, items.view.cas));
        }

        private String value()
        {
            final int kind = random.nextInt(10);
            if (kind < 3)
            {
                return Long.toUnsignedString(random.nextLong() >>> random.nextInt(64));
            }
            if (kind < 4)
            {
                return "x" + random.nextInt(100);
            }
            final char c = (char)('a' + random.nextInt(26));
            return String.valueOf(c).repeat(random.nextInt(maxValue));
        }

        private long exptime()
        {
            final int kind = random.nextInt(20);
            if (kind == 0)
            {
                return -1;
            }
            return kind < 4 ? 1 + random.nextInt(20) : 0;
        }

        private long expiresAt(final long exptime)
        {
            return ExpiryRules.expiresAt(exptime, items.clock.getAsLong());
        }
    }
}
