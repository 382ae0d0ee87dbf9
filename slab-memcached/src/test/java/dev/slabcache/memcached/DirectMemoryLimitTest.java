/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression tests of the direct-memory fault: with -Xmx64m (so 64 MiB of direct memory) a server of -m 256 used to
 * start, report 256 MB, then stall every set that needed a page and fail Netty's buffers with OutOfMemoryError. Each
 * runs in a JVM of its own, whose direct-memory limit the test sets.
 */
class DirectMemoryLimitTest
{
    private static final String AGRONA_FLAG = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";

    @Test
    void shouldRefuseToStartOnOneLineWhenTheHeapLimitCapsDirectMemoryBelowMemoryLimit() throws Exception
    {
        // -u: as memcached, the command line refuses to run as root without it.
        final Child child = run(List.of("-Xmx64m", "-XX:+UseG1GC"), Main.class, "-p", "0", "-m", "256",
            "-u", System.getProperty("user.name"));

        assertEquals(Main.EXIT_FAILURE, child.status, child.output);
        assertEquals("slab-memcached: cannot start: -m 256 needs 257 MiB of direct memory for items plus 40 MiB " +
            "for connections (-c 1024, -t 4, -I 1048576); this JVM allows 64 MiB (-XX:MaxDirectMemorySize, by " +
            "default -Xmx): start java with -XX:MaxDirectMemorySize=297m or more, or with bin/slab-memcached, which " +
            "sizes the JVM from -m and -c", child.output.strip());
    }

    @Test
    void shouldReadTheLimitSetByMaxDirectMemorySize() throws Exception
    {
        final Child child = run(List.of("-XX:MaxDirectMemorySize=40m"), JvmLimitProbe.class);

        assertEquals(0, child.status, child.output);
        assertEquals("jvm_limit=" + (40L << 20), child.output.strip());
    }

    @Test
    void shouldMakeEveryPageAndStoreEverySetWhenTheLimitHoldsExactlyTheBudget() throws Exception
    {
        final DirectMemoryBudget budget = DirectMemoryBudget.of(ServerConfig.parse(FullMemoryProbe.FLAGS));
        final long limit = budget.itemBytes() + budget.connectionBytes();

        final Child child = run(List.of("-XX:MaxDirectMemorySize=" + limit), FullMemoryProbe.class);

        assertEquals(0, child.status, child.output);
        final Map<String, String> values = FullMemoryProbe.values(child.output);
        assertEquals("0", values.get("refused"), child.output);
        assertEquals(Long.toString(16L << 20), values.get("total_malloced"), "every page of -m 16 was made");
        assertTrue(Long.parseLong(values.get("evictions")) > 0, child.output);
        assertTrue(Long.parseLong(values.get("direct_used")) <= limit, child.output);
        assertTrue(!child.output.contains("OutOfMemoryError"), child.output);
    }

    private static Child run(final List<String> options, final Class<?> main, final String... args)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(AGRONA_FLAG);
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not end: " + command);
        return new Child(process.exitValue(), output);
    }

    private record Child(int status, String output)
    {
    }

    /**
     * Prints the direct-memory limit the server reads in this JVM.
     */
    static final class JvmLimitProbe
    {
        public static void main(final String[] args)
        {
            System.out.println("jvm_limit=" + DirectMemoryBudget.jvmLimit());
        }
    }
}
