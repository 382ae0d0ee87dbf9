/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds {@code count} entries ({@code key:0000000} upward, each a fresh {@code byte[valueLength]}) in a
 * {@code ConcurrentHashMap<String, byte[]>}, prints "ready", and keeps them reachable for ten minutes so that a
 * script can run a full GC and read the heap ({@code jcmd PID GC.heap_info}), then stop it by PID.
 * Run with {@code java MapHeap.java COUNT VALUE_LENGTH}.
 */
public final class MapHeap
{
    /**
     * @param args item count, value length.
     * @throws InterruptedException when interrupted while holding the map.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (2 != args.length)
        {
            throw new IllegalArgumentException("usage: java MapHeap.java COUNT VALUE_LENGTH");
        }
        final int count = Integer.parseInt(args[0]);
        final int valueLength = Integer.parseInt(args[1]);
        final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++)
        {
            final byte[] value = new byte[valueLength];
            value[i % valueLength] = (byte)i;
            map.put(String.format("key:%07d", i), value);
        }
        System.out.println("ready " + map.size());
        Thread.sleep(600_000L);
        System.out.println(map.size());
    }
}
