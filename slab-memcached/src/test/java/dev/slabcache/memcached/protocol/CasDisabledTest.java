/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.ByteBuffer;

import dev.slabcache.memcached.RawClientFixture;
import dev.slabcache.memcached.store.StoreDriver;
import dev.slabcache.memcached.store.StoreResult;
import dev.slabcache.memcached.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * -C (--disable-cas): items keep no cas unique, and every reply is memcached 1.6.18's under -C, taken from it.
 */
class CasDisabledTest
{
    @RegisterExtension
    static final RawClientFixture SERVER = new RawClientFixture("-m", "8", "-t", "1", "-C");

    private static void assertReply(final String request, final String expected)
    {
        SERVER.assertReply(request, expected);
    }

    @Test
    void shouldShowCasZeroAndRefuseEveryCasCommand()
    {
        assertReply("set k 0 0 1\r\na\r\n", "STORED\r\n");
        assertReply("gets k\r\n", "VALUE k 0 1 0\r\na\r\nEND\r\n");
        assertReply("cas k 0 0 1 0\r\nb\r\n", "EXISTS\r\n");
        assertReply("cas k 0 0 1 1\r\nb\r\n", "EXISTS\r\n");
        assertReply("cas nokey 0 0 1 1\r\nb\r\n", "NOT_FOUND\r\n");
        assertReply("get k\r\n", "VALUE k 0 1\r\na\r\nEND\r\n");
        assertReply("mg k c v\r\n", "VA 1 c0\r\na\r\n");
    }

    @Test
    void shouldCompareMetaCasTokensWithZero()
    {
        assertReply("set n 0 0 1\r\n5\r\n", "STORED\r\n");
        assertReply("ma n C5\r\n", "EX\r\n");
        assertReply("ma n C0\r\n", "HD\r\n");
        assertReply("mg n v c\r\n", "VA 1 c0\r\n6\r\n");
        assertReply("md n C7\r\n", "EX\r\n");
        assertReply("ms n 1 C3 I\r\nz\r\n", "EX\r\n");
        assertReply("ms n 1 C3\r\nz\r\n", "EX\r\n");
        assertReply("ms n 1 MA C3\r\nz\r\n", "HD\r\n");
        assertReply("mg n v\r\n", "VA 2\r\n6z\r\n");
        assertReply("md n C0\r\n", "HD\r\n");
        assertReply("mg n v\r\n", "EN\r\n");
    }

    @Test
    void shouldIgnoreTheCasOfABinarySetButNotOfADelete()
    {
        final byte[] extras = BinaryProtocolTest.setExtras(0, 0);
        assertEquals("status 0 cas 0", binary(BinaryProtocolTest.request(BinaryCommands.SET, "bk", extras, "v", 0)));
        assertEquals("status 0 cas 0", binary(BinaryProtocolTest.request(BinaryCommands.SET, "bk", extras, "w", 5)));
        assertEquals("status 0 cas 0", binary(BinaryProtocolTest.request(BinaryCommands.GET, "bk")));
        assertEquals("status 2 cas 0", binary(
            BinaryProtocolTest.request(BinaryCommands.DELETE, "bk", new byte[0], "", 5)));
        assertEquals("status 0 cas 0", binary(BinaryProtocolTest.request(BinaryCommands.DELETE, "bk")));
    }

    /** Sends a binary request and reads its answer: its status and cas. */
    private String binary(final byte[] request)
    {
        final ByteBuffer header = ByteBuffer.wrap(SERVER.client().send(request).read(24));
        SERVER.client().read(header.getInt(8));
        return "status " + header.getShort(6) + " cas " + header.getLong(16);
    }

    @Test
    void shouldSaySoInTheSettingsAndStartTheClassesAtMemcachedsSmallestChunk()
    {
        assertReply("set sized 0 0 10\r\n0123456789\r\n", "STORED\r\n");
        final String settings = SERVER.client().send("stats settings\r\n").readUntil("END\r\n");
        assertTrue(settings.contains("STAT cas_enabled no\r\n"), settings);
        final String slabs = SERVER.client().send("stats slabs\r\n").readUntil("END\r\n");
        assertTrue(slabs.contains("STAT 1:chunk_size 96\r\n"), slabs);
    }

    @Test
    void shouldKeepItemsEightBytesSmallerWithoutTheirCas()
    {
        for (final boolean withCas : new boolean[] {true, false})
        {
            try (StoreDriver items = new StoreDriver(
                new StoreSettings(2L << 20, 1.25, 48, 1 << 20, true, null, 16, withCas)))
            {
                assertEquals(StoreResult.STORED, items.set("sized", "0123456789"));
                assertEquals((withCas ? 56 : 48) + 5 + 10, items.stat("bytes"));
                assertEquals(withCas, 0 != items.view.cas);
                items.get("sized");
                assertEquals(withCas, 0 != items.view.cas);
                assertEquals("0123456789", items.get("sized"));
            }
        }
    }
}
