/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version -V prints: the jar manifest's Implementation-Version, else the project version the build wrote into
 * {@code version.properties} (classes run from a directory have no manifest).
 */
final class ServerVersion
{
    private ServerVersion()
    {
    }

    /** @return the version, or "unknown" when neither source has one. */
    static String version()
    {
        final String fromManifest = ServerVersion.class.getPackage().getImplementationVersion();
        if (null != fromManifest)
        {
            return fromManifest;
        }
        try (InputStream in = ServerVersion.class.getResourceAsStream("version.properties"))
        {
            if (null != in)
            {
                final Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
        return "unknown";
    }
}
