/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.master.PageMove;
import dev.slabcache.master.PagePool;
import dev.slabcache.master.SizeClass;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlotVisitor;
import org.agrona.IoUtil;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Records of many sizes in one memory-mapped file: a {@link SizeClassCache} whose classes take their pages from a
 * {@link PagePool} over the file. Small session records and large documents fill the file's pages; once every
 * page is taken, free session slots cannot serve a new document, so a page move takes the session page with the
 * fewest live slots, evicts its sessions from the owner index (copying the admin sessions to new slots first) and
 * gives the page to the documents.
 * <p>
 * Each record is its length then its UTF-8 bytes, in a slot of the smallest class that holds both:
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        Length in bytes                        |
 *   +---------------------------------------------------------------+
 *   |                          UTF-8 bytes                         ...
 *   +---------------------------------------------------------------+
 * </pre>
 * Run it with:
 * <pre>
 *   java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
 *       -cp slab-examples/target/slab-examples.jar dev.slabcache.examples.SizeClassExample
 * </pre>
 */
public final class SizeClassExample
{
    /**
     * Bytes of the mapped file: the whole page pool.
     */
    public static final int FILE_LENGTH = 1024 * 1024;

    /**
     * Bytes in a page of the pool.
     */
    public static final int PAGE_SIZE = 64 * 1024;

    private static final int LENGTH_OFFSET = 0;
    private static final int BYTES_OFFSET = LENGTH_OFFSET + Integer.BYTES;

    // With its length, every document takes a slot of one class (4224 bytes) and every session of another (64).
    private static final int DOCUMENTS = 30;
    private static final int SHORTEST_DOCUMENT = 3400;
    private static final int DOCUMENT_GROWTH = 25;
    private static final String DOCUMENT_FILLER = "lorem ipsum dolor sit amet ";
    private static final long FIRST_USER_ID = 1000;
    private static final int CART_SIZES = 7;
    private static final int ADMIN_EVERY = 100;
    private static final int LOG_OUT_EVERY = 3;
    private static final String ADMIN_ROLE = ";role=admin";
    private static final int QUOTED_LENGTH = 32;

    private SizeClassExample()
    {
    }

    /**
     * Runs the example and prints what it does.
     *
     * @param args ignored.
     * @throws IOException when the temporary file cannot be made, mapped or deleted.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path file = Files.createTempFile("slab-examples-", ".dat");
        try
        {
            final MappedByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_LENGTH);
            }
            try
            {
                final PagePool pool = PagePool.of(new UnsafeBuffer(mapped), PAGE_SIZE);
                System.out.println("Mapped a temporary file of " + FILE_LENGTH + " bytes as a PagePool of " +
                    pool.pageLimit() + " pages of " + pool.pageSize() + " bytes: " + file);
                fillAndMove(pool);
                System.out.println("Closed the cache: the pool has " + pool.pagesInUse() + " of " + pool.pageLimit() +
                    " pages in use.");
            }
            finally
            {
                // Only once the cache is closed: after unmap, a page of the pool would point at nothing.
                IoUtil.unmap(mapped);
            }
        }
        finally
        {
            Files.delete(file);
        }
        System.out.println("Deleted the temporary file " + file);
    }

    private static void fillAndMove(final PagePool pool)
    {
        try (SizeClassCache cache = SizeClassCache.builder().name("records").pagePool(pool).build())
        {
            final SizeClass documentClass = cache.classes().get(cache.classFor(recordSize(document(0))));
            final SizeClass sessionClass = cache.classes().get(cache.classFor(recordSize(session(0))));

            // The owner index: who holds each handle. A page move evicts by removing handles from it.
            final Long2ObjectHashMap<String> owners = new Long2ObjectHashMap<>();
            final long[] documents = new long[DOCUMENTS];
            for (int i = 0; i < DOCUMENTS; i++)
            {
                documents[i] = store(cache, document(i));
                owners.put(documents[i], "doc-" + i);
            }
            final long[] sessions = new long[pool.pageLimit() * sessionClass.slotsPerPage()];
            int sessionCount = 0;
            long handle;
            while (SlabCache.NULL_HANDLE != (handle = tryStore(cache, session(sessionCount))))
            {
                owners.put(handle, "session-" + sessionCount);
                sessions[sessionCount++] = handle;
            }
            System.out.println("Stored " + DOCUMENTS + " documents in class " + documentClass.index() + " (" +
                documentClass.slotSize() + "-byte slots, " + documentClass.slotsPerPage() + " a page), then " +
                sessionCount + " sessions in class " + sessionClass.index() + " (" + sessionClass.slotSize() +
                "-byte slots, " + sessionClass.slotsPerPage() + " a page) until the pool had no page left.");
            System.out.println("Read back " + describe(cache, owners, sessions[1]) + " and " +
                describe(cache, owners, documents[DOCUMENTS - 1]) + ".");

            int loggedOut = 0;
            for (int i = 0; i < sessionCount; i += LOG_OUT_EVERY)
            {
                owners.remove(sessions[i]);
                cache.free(sessions[i]);
                loggedOut++;
            }
            final String newDocument = document(DOCUMENTS);
            final long refused = tryStore(cache, newDocument);
            System.out.println("Logged out one session in " + LOG_OUT_EVERY + " (" + loggedOut + "), yet a new " +
                "document gets " + (SlabCache.NULL_HANDLE == refused ? "NULL_HANDLE" : "a slot") +
                ": no session page is empty, so none went back to the pool. Before the page move:");
            System.out.println(cache.stats());

            final SessionEvictor evictor = new SessionEvictor(cache, owners);
            final PageMove move = cache.movePage(sessionClass.index(), documentClass.index(), evictor);
            System.out.println("movePage(" + sessionClass.index() + ", " + documentClass.index() + ") = " + move +
                ": visited " + (evictor.evicted + evictor.copied) + " live sessions, evicted " + evictor.evicted +
                ", copied " + evictor.copied + " admin sessions to new slots, such as " +
                describe(cache, owners, evictor.lastCopied) + ".");
            owners.put(store(cache, newDocument), "doc-" + DOCUMENTS);
            System.out.println("The new document now fits, in the page the sessions gave up. After the page move:");
            System.out.println(cache.stats());

            try
            {
                cache.buffer(evictor.firstEvicted);
            }
            catch (final InvalidHandleException ex)
            {
                System.out.println("The handle of evicted " + evictor.firstEvictedKey + " is rejected: " +
                    ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }

            final int remaining = owners.size();
            owners.forEachLong((held, key) -> cache.free(held));
            owners.clear();
            System.out.println("Freed the other " + remaining + " records: " + cache.stats().slotsInUse() +
                " slots in use.");
        }
    }

    /**
     * Drops each session of the moving page from the owner index, after copying an admin session to a new slot.
     */
    private static final class SessionEvictor implements SlotVisitor
    {
        private final SizeClassCache cache;
        private final Long2ObjectHashMap<String> owners;
        private int evicted;
        private int copied;
        private long firstEvicted = SlabCache.NULL_HANDLE;
        private String firstEvictedKey;
        private long lastCopied = SlabCache.NULL_HANDLE;

        SessionEvictor(final SizeClassCache cache, final Long2ObjectHashMap<String> owners)
        {
            this.cache = cache;
            this.owners = owners;
        }

        @Override
        public void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            final String key = owners.remove(handle);
            // The slot goes back to its page when this returns: read or copy its bytes now, through buffer and
            // offset (the handle is no longer live).
            final int size = BYTES_OFFSET + buffer.getInt(offset + LENGTH_OFFSET);
            final boolean admin = read(buffer, offset).endsWith(ADMIN_ROLE);
            final long copy = admin ? cache.tryAllocate(size) : SlabCache.NULL_HANDLE;
            if (SlabCache.NULL_HANDLE != copy)
            {
                cache.buffer(copy).putBytes(cache.offset(copy), buffer, offset, size);
                owners.put(copy, key);
                lastCopied = copy;
                copied++;
            }
            else
            {
                if (SlabCache.NULL_HANDLE == firstEvicted)
                {
                    firstEvicted = handle;
                    firstEvictedKey = key;
                }
                evicted++;
            }
        }
    }

    private static long store(final SizeClassCache cache, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final long handle = cache.allocate(BYTES_OFFSET + bytes.length);
        write(cache, handle, bytes);
        return handle;
    }

    private static long tryStore(final SizeClassCache cache, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final long handle = cache.tryAllocate(BYTES_OFFSET + bytes.length);
        if (SlabCache.NULL_HANDLE != handle)
        {
            write(cache, handle, bytes);
        }
        return handle;
    }

    private static void write(final SizeClassCache cache, final long handle, final byte[] bytes)
    {
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        buffer.putInt(offset + LENGTH_OFFSET, bytes.length);
        buffer.putBytes(offset + BYTES_OFFSET, bytes);
    }

    private static String read(final AtomicBuffer buffer, final int offset)
    {
        return buffer.getStringWithoutLengthUtf8(offset + BYTES_OFFSET, buffer.getInt(offset + LENGTH_OFFSET));
    }

    private static String describe(
        final SizeClassCache cache, final Long2ObjectHashMap<String> owners, final long handle)
    {
        final String text = read(cache.buffer(handle), cache.offset(handle));
        return owners.get(handle) + " (" + text.length() + " bytes in a " + cache.slotSize(handle) + "-byte slot: \"" +
            (text.length() > QUOTED_LENGTH ? text.substring(0, QUOTED_LENGTH) + "..." : text) + "\")";
    }

    private static int recordSize(final String text)
    {
        return BYTES_OFFSET + text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String session(final int session)
    {
        return "user=" + (FIRST_USER_ID + session) + ";cart=" + session % CART_SIZES +
            (1 == session % ADMIN_EVERY ? ADMIN_ROLE : "");
    }

    private static String document(final int document)
    {
        final int length = SHORTEST_DOCUMENT + DOCUMENT_GROWTH * document;
        final StringBuilder text = new StringBuilder(length).append("doc-").append(document).append(": ");
        while (text.length() < length)
        {
            text.append(DOCUMENT_FILLER);
        }
        text.setLength(length);
        return text.toString();
    }
}
