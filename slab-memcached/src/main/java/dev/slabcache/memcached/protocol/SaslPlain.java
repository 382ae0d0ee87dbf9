/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * One binary connection's SASL under -S: the PLAIN mechanism (RFC 4616) with the users of the -Y file. memcached
 * answers list-mechanisms, auth, step and version before authentication and every other command with an
 * authentication error ("Auth failure.", status 0x20), closing the connection after it; so does
 * {@link BinaryHandler} through {@link #allows(int)}. An auth is answered "Authenticated" or the authentication
 * error, and counted in auth_cmds (and auth_errors); a step has nothing to continue in PLAIN, which takes one
 * message, and fails as memcached's does when no exchange is under way. Each auth checks the users in force then
 * ({@link AuthUsers}); neither a failed auth nor a reload of -Y without the user takes back an earlier success.
 */
final class SaslPlain
{
    /** memcached's longest mechanism name. */
    static final int MAX_MECHANISM_LENGTH = 32;

    /** The longest body taken: an authorization id, a user and a password of up to 16 KiB each, and two NULs. */
    static final int MAX_BODY_LENGTH = 3 * AuthFile.MAX_LINE_BYTES + 2;

    private static final byte[] MECHANISMS = "PLAIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUTHENTICATED = "Authenticated".getBytes(StandardCharsets.US_ASCII);

    private final AuthUsers users;
    private final ProtocolStats stats;
    private boolean authenticated;

    /**
     * @param users the users of -Y.
     * @param stats where auth_cmds and auth_errors are counted.
     */
    SaslPlain(final AuthUsers users, final ProtocolStats stats)
    {
        this.users = users;
        this.stats = stats;
    }

    /**
     * Whether the connection may run a command now.
     *
     * @param opcode the request's command.
     * @return true once authenticated, and for the SASL commands and version before.
     */
    boolean allows(final int opcode)
    {
        return authenticated || isSasl(opcode) || BinaryCommands.VERSION == opcode;
    }

    /**
     * Whether this class answers the command.
     *
     * @param opcode the request's command.
     * @return whether it is list-mechanisms, auth or step.
     */
    static boolean isSasl(final int opcode)
    {
        return BinaryCommands.SASL_LIST_MECHS == opcode || BinaryCommands.SASL_AUTH == opcode ||
            BinaryCommands.SASL_STEP == opcode;
    }

    /**
     * Answers a SASL command whose body is all in {@code in} from {@code bodyAt}.
     *
     * @param out        the reply buffer.
     * @param in         the bytes read.
     * @param bodyAt     where the body starts (the mechanism, then the message).
     * @param opcode     list-mechanisms, auth or step.
     * @param keyLength  the mechanism name's length.
     * @param bodyLength the body's length.
     * @param opaque     the request's opaque, echoed.
     */
    void execute(
        final ByteBuf out, final ByteBuf in, final int bodyAt, final int opcode, final int keyLength,
        final int bodyLength, final int opaque)
    {
        if (BinaryCommands.SASL_LIST_MECHS == opcode)
        {
            BinaryCommands.header(out, opcode, BinaryCommands.SUCCESS, 0, 0, MECHANISMS.length, opaque, 0);
            out.writeBytes(MECHANISMS);
            return;
        }
        if (keyLength > MAX_MECHANISM_LENGTH)
        {
            BinaryCommands.error(out, opcode, BinaryCommands.INVALID_ARGUMENTS, opaque);
            return;
        }
        final byte[] mechanism = new byte[keyLength];
        in.getBytes(bodyAt, mechanism);
        final boolean plain = BinaryCommands.SASL_AUTH == opcode && Arrays.equals(MECHANISMS, mechanism);
        final byte[] message = new byte[bodyLength - keyLength];
        in.getBytes(bodyAt + keyLength, message);
        final boolean success = plain && check(message);
        Arrays.fill(message, (byte)0);
        stats.authenticated(success);
        if (success)
        {
            authenticated = true;
            BinaryCommands.header(out, opcode, BinaryCommands.SUCCESS, 0, 0, AUTHENTICATED.length, opaque, 0);
            out.writeBytes(AUTHENTICATED);
        }
        else
        {
            BinaryCommands.error(out, opcode, BinaryCommands.AUTH_ERROR, opaque);
        }
    }

    /**
     * RFC 4616's message: an authorization identity (empty, or the user's own: no user acts for another here), NUL,
     * the user, NUL, the password; no other NUL.
     */
    private boolean check(final byte[] message)
    {
        final int first = indexOfNul(message, 0);
        final int second = first < 0 ? -1 : indexOfNul(message, first + 1);
        if (second < 0 || indexOfNul(message, second + 1) >= 0)
        {
            return false;
        }
        final byte[] authorization = Arrays.copyOfRange(message, 0, first);
        final byte[] user = Arrays.copyOfRange(message, first + 1, second);
        final byte[] password = Arrays.copyOfRange(message, second + 1, message.length);
        final boolean known = users.check(user, password);
        Arrays.fill(password, (byte)0);
        return known && (0 == authorization.length || Arrays.equals(authorization, user));
    }

    private static int indexOfNul(final byte[] bytes, final int from)
    {
        for (int i = from; i < bytes.length; i++)
        {
            if (0 == bytes[i])
            {
                return i;
            }
        }
        return -1;
    }
}
