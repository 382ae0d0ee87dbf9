/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoarseClockTest
{
    @Test
    void shouldReadTheSystemClockInUnixSecondsAtEachTick()
    {
        final CoarseClock clock = new CoarseClock();
        final long before = System.currentTimeMillis() / 1000;
        clock.tick();
        final long after = System.currentTimeMillis() / 1000;
        final long seconds = clock.getAsLong();
        assertTrue(seconds >= before && seconds <= after, seconds + " must be in [" + before + ", " + after + "]");
    }

    @Test
    void shouldExpireAnItemOnTheServerAsItsClockTicks() throws Exception
    {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8"));
            RawClient client = new RawClient(server.port()))
        {
            assertEquals("STORED\r\n", client.call("set k 0 1 1\r\nv\r\n", "STORED\r\n"));
            final String hit = "VALUE k 0 1\r\nv\r\nEND\r\n";
            assertEquals(hit, client.call("get k\r\n", hit));
            Thread.sleep(2_100);
            assertEquals("END\r\n", client.call("get k\r\n", "END\r\n"), "gone two seconds after an exptime of 1");
        }
    }
}
