/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the caches log while one of them closes.
 */
final class CloseLog
{
    private CloseLog()
    {
    }

    /**
     * @param close closes a {@link SlabCache} or a {@link SizeClassCache}.
     * @return the warnings the caches' logger wrote meanwhile, formatted.
     */
    static List<String> capture(final Runnable close)
    {
        return capture(close, Level.WARNING);
    }

    /**
     * @param close closes a {@link SlabCache} or a {@link SizeClassCache}.
     * @param least the least level captured.
     * @return the messages the caches' logger wrote meanwhile at {@code least} or above, formatted.
     */
    static List<String> capture(final Runnable close, final Level least)
    {
        final List<String> messages = new ArrayList<>();
        final Handler capture = new Handler()
        {
            public void publish(final LogRecord record)
            {
                messages.add(getFormatter().formatMessage(record));
            }

            public void flush()
            {
            }

            public void close()
            {
            }
        };
        capture.setFormatter(new SimpleFormatter());
        // The tests' logging.properties silences this logger: tests close caches with live slots on purpose.
        final Logger logger = Logger.getLogger(SlabCache.class.getName());
        final Level level = logger.getLevel();
        logger.setLevel(least);
        logger.setUseParentHandlers(false);
        logger.addHandler(capture);
        try
        {
            close.run();
        }
        finally
        {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(true);
            logger.setLevel(level);
        }
        return messages;
    }
}
