/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The users of -Y: a file of lines {@code user:password}, the user up to the first ':', the password the rest of the
 * line (a '\r' before the '\n' is not part of it). Stricter than memcached, which keeps the first 8 entries of up to
 * 256 bytes and takes anything with a ':': a line with no ':', an empty user or password, a user with a space (the
 * ascii authentication, "user password", could never carry it), an empty line within the file, or a line over
 * {@link #MAX_LINE_BYTES} refuse the file, the message naming the line by number and never its text. Only digests
 * of the credentials are kept; a check hashes the offered pair and compares it with every entry in constant time,
 * so that neither a user's existence nor a password's length shows in the time an answer takes.
 * <p>
 * Immutable, so that event loops read it without a lock: {@link AuthUsers} holds the one in force and puts a new one
 * in its place when the file is read again.
 */
final class AuthFile
{
    /** The longest line taken, memcached's longest ascii authentication token. */
    static final int MAX_LINE_BYTES = 16384;

    private static final int MAX_FILE_BYTES = 1 << 20;

    private final Path path;
    private final List<byte[]> digests;

    private AuthFile(final Path path, final List<byte[]> digests)
    {
        this.path = path;
        this.digests = digests;
    }

    /**
     * Reads and checks a file.
     *
     * @param path the file of -Y.
     * @return its users.
     * @throws IllegalArgumentException naming the file, the line number and the rule broken, or why it cannot be
     *                                  read.
     */
    static AuthFile load(final Path path)
    {
        final byte[] data;
        try
        {
            if (Files.size(path) > MAX_FILE_BYTES)
            {
                throw new IllegalArgumentException(
                    "auth file " + path + " is over " + MAX_FILE_BYTES + " bytes: it holds user:password lines");
            }
            data = Files.readAllBytes(path);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read auth file " + path + ": " + ex, ex);
        }
        final List<byte[]> digests = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        while (start < data.length)
        {
            lineNumber++;
            int end = start;
            while (end < data.length && '\n' != data[end])
            {
                end++;
            }
            final int next = end + 1;
            if (end > start && '\r' == data[end - 1])
            {
                end--;
            }
            digests.add(entry(path, lineNumber, Arrays.copyOfRange(data, start, end)));
            start = next;
        }
        if (digests.isEmpty())
        {
            throw new IllegalArgumentException("auth file " + path + " is empty: it needs user:password lines");
        }
        return new AuthFile(path, List.copyOf(digests));
    }

    /**
     * Returns the file the users came from.
     *
     * @return the file the users came from.
     */
    Path path()
    {
        return path;
    }

    /**
     * Returns how many users the file holds.
     *
     * @return how many users the file holds.
     */
    int size()
    {
        return digests.size();
    }

    /**
     * Checks a user and password against every entry, taking the same time whichever matches, if any.
     *
     * @param user     the user's bytes.
     * @param password the password's bytes.
     * @return whether an entry holds exactly this pair.
     */
    boolean check(final byte[] user, final byte[] password)
    {
        final byte[] offered = digest(user, password);
        boolean found = false;
        for (final byte[] entry : digests)
        {
            found |= MessageDigest.isEqual(entry, offered);
        }
        return found;
    }

    private static byte[] entry(final Path path, final int lineNumber, final byte[] line)
    {
        final String where = "auth file " + path + " line " + lineNumber;
        if (line.length > MAX_LINE_BYTES)
        {
            throw new IllegalArgumentException(where + " is over " + MAX_LINE_BYTES + " bytes");
        }
        int colon = -1;
        for (int i = 0; i < line.length && colon < 0; i++)
        {
            if (':' == line[i])
            {
                colon = i;
            }
        }
        if (colon < 0)
        {
            throw new IllegalArgumentException(
                where + (0 == line.length ? " is empty" : " has no ':'") + ": each line is user:password");
        }
        if (0 == colon || colon == line.length - 1)
        {
            throw new IllegalArgumentException(where + " has an empty " + (0 == colon ? "user" : "password") +
                ": each line is user:password");
        }
        for (int i = 0; i < colon; i++)
        {
            if (' ' == line[i])
            {
                throw new IllegalArgumentException(where + " has a space in the user, which the ascii " +
                    "authentication (\"user password\") cannot carry");
            }
        }
        final byte[] digest = digest(
            Arrays.copyOfRange(line, 0, colon), Arrays.copyOfRange(line, colon + 1, line.length));
        Arrays.fill(line, (byte)0);
        return digest;
    }

    private static byte[] digest(final byte[] user, final byte[] password)
    {
        try
        {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // The user's length first, so that no other split of the same bytes gives the same digest.
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, user.length).array());
            sha.update(user);
            sha.update(password);
            return sha.digest();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }

    @Override
    public String toString()
    {
        return "AuthFile{" + path + ", " + digests.size() + " users}";
    }
}
