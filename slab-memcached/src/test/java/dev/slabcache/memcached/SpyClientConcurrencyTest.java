/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.slabcache.memcached.SpyClients.RAW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many client threads at once, half of them on a text connection and half on a binary one.
 */
class SpyClientConcurrencyTest
{
    private static final int THREADS = 8;
    private static final long SEED = 0x5eed_c0ffeeL;

    private static MemcachedServer server;
    private static MemcachedClient textClient;
    private static MemcachedClient binaryClient;
    private ExecutorService executor;

    @BeforeAll
    static void startServer() throws Exception
    {
        server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "64", "-t", "4"));
        textClient = SpyClients.open(Protocol.TEXT, server.port());
        binaryClient = SpyClients.open(Protocol.BINARY, server.port());
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        if (null != textClient)
        {
            textClient.shutdown();
        }
        if (null != binaryClient)
        {
            binaryClient.shutdown();
        }
        if (null != server)
        {
            server.close();
        }
    }

    @BeforeEach
    void startThreads()
    {
        executor = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopThreads() throws InterruptedException
    {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }

    private static MemcachedClient client(final int thread)
    {
        return 0 == (thread & 1) ? textClient : binaryClient;
    }

    private <T> List<T> runOnEveryThread(final ThreadTask<T> task) throws Exception
    {
        final List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++)
        {
            final int thread = t;
            futures.add(executor.submit((Callable<T>)() -> task.run(thread)));
        }
        final List<T> results = new ArrayList<>();
        for (final Future<T> future : futures)
        {
            results.add(future.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void shouldGiveEveryThreadItsOwnLatestWriteOfEverySize() throws Exception
    {
        System.out.println("SpyClientConcurrencyTest seed " + SEED);
        final List<Integer> checked = runOnEveryThread(thread ->
        {
            final MemcachedClient client = client(thread);
            final SplittableRandom random = new SplittableRandom(SEED + thread);
            final int keys = 50;
            final long[] versions = new long[keys];
            int hits = 0;
            for (int op = 0; op < 1_500; op++)
            {
                final int k = random.nextInt(keys);
                final String key = "own-" + thread + "-" + k;
                if (random.nextInt(3) == 0 || 0 == versions[k])
                {
                    final int length = ValueCodec.HEADER_LENGTH + (1 << random.nextInt(17)) + random.nextInt(64);
                    versions[k]++;
                    assertTrue(client.set(key, 0, ValueCodec.encode(key, versions[k], length), RAW).get(), key);
                }
                else
                {
                    final byte[] value = client.get(key, RAW);
                    assertNotNull(value, key + " should hold version " + versions[k]);
                    assertEquals(versions[k], ValueCodec.versionOf(key, value), key);
                    hits++;
                }
            }
            return hits;
        });
        assertTrue(checked.stream().allMatch(hits -> hits > 0), checked.toString());
    }

    @Test
    void shouldLetExactlyOneOfManyRacingCasWin() throws Exception
    {
        final String key = "cas-race";
        for (int round = 0; round < 20; round++)
        {
            assertTrue(textClient.set(key, 0, "start-" + round).get());
            final long cas = textClient.gets(key).getCas();
            final CyclicBarrier start = new CyclicBarrier(THREADS);
            final int r = round;

            final List<CASResponse> responses = runOnEveryThread(thread ->
            {
                start.await();
                return client(thread).cas(key, cas, "winner-" + thread + "-" + r);
            });

            final List<Integer> winners = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                if (CASResponse.OK == responses.get(t))
                {
                    winners.add(t);
                }
                else
                {
                    assertEquals(CASResponse.EXISTS, responses.get(t), "round " + round + ", thread " + t);
                }
            }
            assertEquals(1, winners.size(), "round " + round + ": " + responses);
            final CASValue<Object> stored = binaryClient.gets(key);
            assertEquals("winner-" + winners.get(0) + "-" + round, stored.getValue());
        }
    }

    @Test
    void shouldLoseNoIncrementOnOneKey() throws Exception
    {
        final String key = "counted";
        final int perThread = 1_000;
        assertTrue(textClient.set(key, 0, "0").get());

        final List<long[]> seen = runOnEveryThread(thread ->
        {
            final long[] values = new long[perThread];
            for (int i = 0; i < perThread; i++)
            {
                values[i] = client(thread).incr(key, 1);
            }
            return values;
        });

        final long[] all = seen.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        final long[] expected = new long[THREADS * perThread];
        Arrays.setAll(expected, i -> i + 1);
        assertArrayEquals(expected, all, "every increment answers a number no other one did");
        assertEquals(Integer.toString(THREADS * perThread), ((String)binaryClient.get(key)).trim());
    }

    @Test
    void shouldCountDownToZeroAndNoFurther() throws Exception
    {
        final String key = "counted-down";
        final int perThread = 500;
        final long start = THREADS * perThread / 2;
        assertTrue(textClient.set(key, 0, Long.toString(start)).get());

        final List<Long> zeros = runOnEveryThread(thread ->
        {
            long zeroAnswers = 0;
            for (int i = 0; i < perThread; i++)
            {
                if (0 == client(thread).decr(key, 1))
                {
                    zeroAnswers++;
                }
            }
            return zeroAnswers;
        });

        assertEquals(THREADS * perThread - start + 1, zeros.stream().mapToLong(Long::longValue).sum());
        assertEquals("0", ((String)binaryClient.get(key)).trim());
    }

    @FunctionalInterface
    private interface ThreadTask<T>
    {
        T run(int thread) throws Exception;
    }
}
