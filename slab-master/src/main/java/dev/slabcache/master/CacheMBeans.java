/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The MXBeans one cache registered in the platform MBean server, to be unregistered together when it closes.
 * Registering is all or nothing: a name already taken unregisters what this set registered and throws.
 * <p>
 * A cache makes its set only when its builder registers MXBeans, so that a cache without them never loads
 * {@code java.management}: the module requires it statically, and a module-path program need not have it.
 */
final class CacheMBeans
{
    static final String DOMAIN = "dev.slabcache";

    private final List<ObjectName> names = new ArrayList<>();

    /**
     * @param type  the {@code type} key: {@code SlabCache} or {@code SizeClassCache}.
     * @param name  the cache's name, quoted into the {@code name} key.
     * @param extra more keys, {@code ",key=value"}, or empty.
     * @return the name.
     */
    static ObjectName objectName(final String type, final String name, final String extra)
    {
        final String text = DOMAIN + ":type=" + type + ",name=" + ObjectName.quote(name) + extra;
        try
        {
            return new ObjectName(text);
        }
        catch (final MalformedObjectNameException ex)
        {
            throw new IllegalArgumentException("name=" + name + " makes no valid JMX ObjectName: " + text, ex);
        }
    }

    /**
     * Registers {@code bean} under {@code name}; on failure unregisters every bean this set registered first.
     *
     * @throws IllegalStateException naming the ObjectName when it is taken or the bean is refused.
     */
    synchronized void register(final ObjectName name, final Object bean)
    {
        try
        {
            server().registerMBean(bean, name);
            names.add(name);
        }
        catch (final InstanceAlreadyExistsException ex)
        {
            unregisterAll();
            throw new IllegalStateException("an MBean named " + name + " is already registered: close the cache " +
                "that registered it, or give this cache another name", ex);
        }
        catch (final JMException ex)
        {
            unregisterAll();
            throw new IllegalStateException("could not register the MBean " + name + ": " + ex, ex);
        }
    }

    /**
     * Unregisters every bean this set registered; calling it again does nothing.
     */
    synchronized void unregisterAll()
    {
        if (names.isEmpty())
        {
            return; // a cache that registered nothing must not start the platform MBean server
        }
        final MBeanServer server = server();
        for (final ObjectName name : names)
        {
            try
            {
                server.unregisterMBean(name);
            }
            catch (final InstanceNotFoundException ex)
            {
                // someone else unregistered it: nothing left to do
            }
            catch (final JMException ex)
            {
                throw new IllegalStateException("could not unregister the MBean " + name + ": " + ex, ex);
            }
        }
        names.clear();
    }

    private static MBeanServer server()
    {
        return ManagementFactory.getPlatformMBeanServer();
    }
}
