/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The file of a unix domain socket (-s) with the mode of -a. memcached sets its umask around bind(2); a JVM cannot,
 * so the socket is bound in a new directory only the server's user may enter, given its mode there, and then
 * renamed onto the path: no client ever finds it there with other permissions than -a's.
 * <p>
 * An existing file at the path: memcached unlinks any socket there, even one a live server listens on, which then
 * serves nobody. Here a socket that accepts a connection is refused (two servers never share a path by mistake), a
 * stale one (connection refused: its server died) is replaced, and any other kind of file is refused.
 * On close the file is removed if it is still the one this server bound.
 */
final class UnixSocketFile
{
    /** Linux's sun_path holds 108 bytes with the terminating zero. */
    static final int MAX_PATH_BYTES = 107;

    private static final int PRIVATE_MODE = 0700;
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    private final Path path;
    private final int mode;
    private Path bindDirectory;
    private Object fileKey;

    /**
     * Checks the path and what is there now.
     *
     * @param path the socket's path (-s).
     * @param mode the socket file's permission bits (-a).
     * @throws IllegalStateException when the path is too long, a live server listens there, or another kind of
     *                               file is there.
     */
    UnixSocketFile(final Path path, final int mode)
    {
        this.path = path.toAbsolutePath();
        this.mode = mode;
        if (this.path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES)
        {
            throw new IllegalStateException(
                "unix socket path " + path + " is too long: at most " + MAX_PATH_BYTES + " bytes");
        }
        checkExisting();
    }

    /**
     * Returns the path clients connect to.
     *
     * @return the absolute path clients connect to.
     */
    Path path()
    {
        return path;
    }

    /**
     * Makes the private directory and returns where to bind in it.
     *
     * @return the address to bind, in a directory of mode 0700.
     * @throws UncheckedIOException when the directory cannot be made.
     */
    UnixDomainSocketAddress bindAddress()
    {
        try
        {
            bindDirectory = Files.createTempDirectory(
                path.getParent(), ".mc", PosixFilePermissions.asFileAttribute(permissions(PRIVATE_MODE)));
            return UnixDomainSocketAddress.of(bindDirectory.resolve("s"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make a directory beside " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Gives the bound socket its mode and renames it onto the path, replacing a stale socket there.
     *
     * @throws UncheckedIOException when the mode cannot be set or the rename fails.
     */
    void publish()
    {
        final Path bound = bindDirectory.resolve("s");
        try
        {
            Files.setPosixFilePermissions(bound, permissions(mode));
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot place the unix socket at " + path + ": " + ex.getMessage(), ex);
        }
        finally
        {
            removeBindDirectory();
        }
    }

    /** Removes the private directory and whatever is left in it; after a failed start too. */
    void removeBindDirectory()
    {
        if (null == bindDirectory)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(bindDirectory.resolve("s"));
            Files.deleteIfExists(bindDirectory);
        }
        catch (final IOException ignore)
        {
            // A leftover empty directory is harmless and named after its purpose.
        }
        bindDirectory = null;
    }

    /** Removes the socket file if it is still the one this server placed there (not a later server's). */
    void remove()
    {
        try
        {
            final Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
            if (null != fileKey && Objects.equals(fileKey, key))
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ignore)
        {
            // Already gone.
        }
    }

    static Set<PosixFilePermission> permissions(final int mode)
    {
        final Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        final PosixFilePermission[] bits = PosixFilePermission.values();
        for (int i = 0; i < bits.length; i++)
        {
            // PosixFilePermission lists OWNER_READ first, the highest of the nine bits.
            if (0 != (mode & (1 << (bits.length - 1 - i))))
            {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private void checkExisting()
    {
        final int fileMode;
        try
        {
            fileMode = (Integer)Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + path + ": " + ex.getMessage(), ex);
        }
        if (SOCKET_TYPE != (fileMode & FILE_TYPE_MASK))
        {
            throw new IllegalStateException(path + " exists and is not a socket: remove it or choose another -s");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            probe.connect(UnixDomainSocketAddress.of(path));
        }
        catch (final IOException stale)
        {
            return;
        }
        throw new IllegalStateException(
            "a server listens on the unix socket " + path + ": stop it or choose another -s");
    }
}
