/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * A daemon thread that runs a task every period until stopped; a task that throws is logged and run again next
 * period.
 */
final class BackgroundRunner implements Runnable
{
    private static final System.Logger LOGGER = System.getLogger(BackgroundRunner.class.getName());

    private final long periodMillis;
    private final Runnable task;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts the thread.
     */
    BackgroundRunner(final String name, final long periodMillis, final Runnable task)
    {
        this.periodMillis = periodMillis;
        this.task = task;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the thread and waits for it to end; a task under way finishes first.
     */
    void stop()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run()
    {
        while (running)
        {
            try
            {
                Thread.sleep(periodMillis);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (running)
            {
                try
                {
                    task.run();
                }
                catch (final RuntimeException ex)
                {
                    LOGGER.log(System.Logger.Level.ERROR, "background task of " + thread.getName() + " failed", ex);
                }
            }
        }
    }
}
