/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.file.Path;

/**
 * The users of -Y in force: the last {@link AuthFile} read whole from the file. {@link #reload()} reads the file
 * again (on SIGHUP, as memcached does) and swaps the new users in at once, so that every authentication attempt
 * after it checks them; a connection already authenticated stays so, as in memcached. A file that cannot be read or
 * breaks a rule changes nothing. Event loops check against an immutable snapshot read from a volatile field, never
 * taking a lock; reloads, rare, take turns.
 * <p>
 * Public so that the server loads the file at start and reloads it.
 */
public final class AuthUsers
{
    private final Path path;
    private volatile AuthFile current;

    private AuthUsers(final Path path, final AuthFile current)
    {
        this.path = path;
        this.current = current;
    }

    /**
     * Reads and checks the file.
     *
     * @param path the file of -Y.
     * @return its users, in force.
     * @throws IllegalArgumentException naming the file, the line number and the rule broken, or why it cannot be
     *                                  read.
     */
    public static AuthUsers load(final Path path)
    {
        return new AuthUsers(path, AuthFile.load(path));
    }

    /**
     * Reads the file again and, when it is whole and keeps every rule, puts its users in force for every
     * authentication attempt from now on.
     *
     * @return null when the new users are in force, else why not, naming the file (the users read before stay).
     */
    public synchronized String reload()
    {
        try
        {
            current = AuthFile.load(path);
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
    }

    /**
     * Returns the file the users come from.
     *
     * @return the file the users come from.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Checks a user and password against the users in force, taking the same time whichever matches, if any.
     *
     * @param user     the user's bytes.
     * @param password the password's bytes.
     * @return whether a user in force has exactly this pair.
     */
    boolean check(final byte[] user, final byte[] password)
    {
        return current.check(user, password);
    }

    @Override
    public String toString()
    {
        return "AuthUsers{" + current + "}";
    }
}
