/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

/**
 * Base of the bounded single-producer single-consumer rings that hand objects from one benchmark thread to
 * another. A cell is empty when it holds 0 or null, so the producer and the consumer each keep their own index
 * and never read the other's (FastForward style); the two indexes sit 128 bytes apart, on cache lines of
 * their own, because each is written by its own thread on every hand-over.
 * <p>
 * Hand-written because Agrona's queues hold references: a {@code long} handle would be boxed, one object per
 * hand-over, and the benchmark must not allocate. The Netty peers use the same ring over references so the
 * queue costs the same in every variant.
 */
abstract class SpscRing extends SpscRingConsumerIndex
{
    private static final int YIELD_EVERY = 64;

    long p30, p31, p32, p33, p34, p35, p36, p37, p38, p39, p3a, p3b, p3c, p3d, p3e, p3f;

    final int mask;

    SpscRing(final int capacity)
    {
        if (capacity < 2 || 0 != (capacity & (capacity - 1)))
        {
            throw new IllegalArgumentException("capacity=" + capacity + " must be a power of two of at least 2");
        }
        this.mask = capacity - 1;
    }

    /**
     * Waits a little after a failed offer or poll: a spin hint, and now and then a yield, because on two cores
     * the other side of the ring may have been descheduled.
     *
     * @param attempt how many times in a row the caller has failed.
     */
    static void idle(final int attempt)
    {
        if (0 == (attempt & (YIELD_EVERY - 1)))
        {
            Thread.yield();
        }
        else
        {
            Thread.onSpinWait();
        }
    }
}

/**
 * Padding before the producer's index.
 */
abstract class SpscRingPad0
{
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
}

/**
 * The producer's index, written by the producer only.
 */
abstract class SpscRingProducerIndex extends SpscRingPad0
{
    long producerIndex;
}

/**
 * Padding between the two indexes.
 */
abstract class SpscRingPad1 extends SpscRingProducerIndex
{
    long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
}

/**
 * The consumer's index, written by the consumer only.
 */
abstract class SpscRingConsumerIndex extends SpscRingPad1
{
    long consumerIndex;
}
