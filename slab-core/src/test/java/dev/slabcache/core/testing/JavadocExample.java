/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Keeps the example in a class's Javadoc the code a test runs, so that it cannot rot: the lines of the first
 * {@code <pre>{@code ...}</pre>} block of the class's source must be, line for line, the lines a test method holds
 * between {@code // Javadoc example of <SimpleName>: begin} and {@code // Javadoc example of <SimpleName>: end}
 * (indentation aside). Sources are read from the module's {@code src/main/java} and {@code src/test/java}, the
 * directory a Surefire test runs in. Public for the tests of the modules that depend on this one's test jar.
 */
public final class JavadocExample
{
    private static final String PRE_BEGIN = "<pre>{@code";
    private static final String PRE_END = "}</pre>";

    private JavadocExample()
    {
    }

    /**
     * Fails unless the example in {@code documented}'s Javadoc is the code marked in {@code test}'s source.
     *
     * @param documented the class whose Javadoc holds the example.
     * @param test       the test class whose source holds the same code between the markers.
     */
    public static void assertRunsAsDocumented(final Class<?> documented, final Class<?> test)
    {
        final List<String> documentedLines = javadocExample(read(source("src/main/java", documented)));
        final List<String> testedLines = markedRegion(read(source("src/test/java", test)), documented.getSimpleName());
        assertFalse(documentedLines.isEmpty(), documented.getName() + "'s example is empty");
        assertEquals(String.join("\n", documentedLines), String.join("\n", testedLines),
            "the example in " + documented.getSimpleName() + "'s Javadoc is not the code " + test.getSimpleName() +
            " runs; change both together");
    }

    static List<String> javadocExample(final List<String> lines)
    {
        final List<String> example = new ArrayList<>();
        boolean inside = false;
        for (final String line : lines)
        {
            final String text = line.strip();
            if (!inside && text.endsWith(PRE_BEGIN))
            {
                inside = true;
            }
            else if (inside && text.equals("* " + PRE_END))
            {
                return example;
            }
            else if (inside)
            {
                // " * code" keeps the code's own indentation after the one space that follows the asterisk.
                final String code = text.substring(1);
                example.add(code.startsWith(" ") ? code.substring(1) : code);
            }
        }
        throw new AssertionError("no " + PRE_BEGIN + " ... " + PRE_END + " block found");
    }

    static List<String> markedRegion(final List<String> lines, final String name)
    {
        final String begin = "// Javadoc example of " + name + ": begin";
        final String end = "// Javadoc example of " + name + ": end";
        final int first = indexOf(lines, begin) + 1;
        final int last = indexOf(lines, end);
        final List<String> region = lines.subList(first, last);
        final int indent = region.stream().filter((line) -> !line.isBlank())
            .mapToInt((line) -> line.length() - line.stripLeading().length()).min().orElse(0);
        final List<String> code = new ArrayList<>();
        for (final String line : region)
        {
            code.add(line.isBlank() ? "" : line.substring(indent));
        }
        return code;
    }

    private static int indexOf(final List<String> lines, final String marker)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).strip().equals(marker))
            {
                return i;
            }
        }
        throw new AssertionError("no line '" + marker + "' found");
    }

    private static Path source(final String root, final Class<?> type)
    {
        return Path.of(root, type.getName().replace('.', '/') + ".java");
    }

    private static List<String> read(final Path file)
    {
        try
        {
            return Files.readAllLines(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath() + ": run the test from its module", ex);
        }
    }
}
