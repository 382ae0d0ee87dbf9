/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The users of -Y in force across reloads (what SIGHUP does): a whole new file replaces them all at once, a file that
 * cannot be used changes nothing and says why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthUsersTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCheckOnlyTheUsersOfTheFileReadLast() throws IOException
    {
        final Path path = write("alice:one\n");
        final AuthUsers users = AuthUsers.load(path);
        assertEquals(path, users.path());
        assertTrue(users.check(bytes("alice"), bytes("one")));
        write("bob:two\ncarol:three\n");
        assertTrue(users.check(bytes("alice"), bytes("one")), "nothing changes before the reload");

        assertNull(users.reload());

        assertFalse(users.check(bytes("alice"), bytes("one")), "a user gone from the file");
        assertTrue(users.check(bytes("bob"), bytes("two")));
        assertTrue(users.check(bytes("carol"), bytes("three")));
        assertFalse(users.toString().contains("two"), users.toString());
    }

    @Test
    void shouldKeepTheUsersInForceAndSayWhyWhenTheFileCannotBeUsed() throws IOException
    {
        final Path path = write("bob:two\n");
        final AuthUsers users = AuthUsers.load(path);

        write("bob:two\nmallorysecret\n");
        assertEquals("auth file " + path + " line 2 has no ':': each line is user:password", users.reload());
        assertTrue(users.check(bytes("bob"), bytes("two")));

        write("");
        assertEquals("auth file " + path + " is empty: it needs user:password lines", users.reload());
        assertTrue(users.check(bytes("bob"), bytes("two")));

        Files.delete(path);
        final String missing = users.reload();
        assertTrue(missing.startsWith("cannot read auth file " + path + ": java.nio.file.NoSuchFileException"),
            missing);
        assertTrue(users.check(bytes("bob"), bytes("two")));

        write("carol:three\n");
        assertNull(users.reload(), "a good file after bad ones is read");
        assertFalse(users.check(bytes("bob"), bytes("two")));
        assertTrue(users.check(bytes("carol"), bytes("three")));
    }

    @Test
    void shouldNeverShowACheckerAnUnfinishedReload() throws Exception
    {
        final Path path = write("common:pw\nalice:one\n");
        final AuthUsers users = AuthUsers.load(path);
        final AtomicBoolean reloading = new AtomicBoolean(true);
        final CompletableFuture<Integer> checker = CompletableFuture.supplyAsync(() ->
        {
            int checks = 0;
            do // at least once, however soon the reloads are done
            {
                assertTrue(users.check(bytes("common"), bytes("pw")), "after " + checks + " checks");
                checks++;
            }
            while (reloading.get());
            return checks;
        });
        try
        {
            for (int i = 0; i < 300; i++)
            {
                // Written aside and moved into place, as an operator's editor or a deploy tool does.
                final Path next = dir.resolve("next");
                Files.writeString(next, "common:pw\n" + (0 == i % 2 ? "bob:two\n" : "alice:one\n"));
                Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                assertNull(users.reload());
            }
        }
        finally
        {
            reloading.set(false);
        }
        checker.get();
        assertTrue(users.check(bytes("alice"), bytes("one")));
        assertFalse(users.check(bytes("bob"), bytes("two")));
    }

    private Path write(final String text) throws IOException
    {
        final Path path = dir.resolve("users");
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
