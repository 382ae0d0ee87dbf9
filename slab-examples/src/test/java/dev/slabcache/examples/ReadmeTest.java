/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README's way in whole as it grows: the table of contents names every section, and every link in it
 * lands on a heading; every chart it shows is in {@code docs/} and every chart there is shown; every program its
 * Examples table lists exists and is run by {@link ExamplesTest}.
 */
class ReadmeTest
{
    private static final Path ROOT = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\]\\(#([^)]+)\\)");
    private static final Pattern CHART = Pattern.compile("\\]\\((docs/[^)]+\\.svg)\\)");
    private static final Pattern EXAMPLE_ROW = Pattern.compile("^\\| `(\\w+)`");

    @Test
    void shouldListEverySectionInTheContentsAndLinkOnlyToHeadings() throws IOException
    {
        final List<String> lines = readmeOutsideCodeBlocks();
        final Set<String> anchors = new LinkedHashSet<>();
        final Set<String> sections = new LinkedHashSet<>();
        boolean afterContents = false;
        for (final String line : lines)
        {
            if (line.startsWith("## ") || line.startsWith("### "))
            {
                final String anchor = anchorOf(line.substring(line.indexOf(' ') + 1));
                anchors.add(anchor);
                if (afterContents && line.startsWith("## "))
                {
                    sections.add(anchor);
                }
                afterContents |= "## Contents".equals(line);
            }
        }

        final Set<String> linked = new LinkedHashSet<>();
        for (final String line : section(lines, "## Contents"))
        {
            final Matcher matcher = LINK.matcher(line);
            while (matcher.find())
            {
                linked.add(matcher.group(1));
            }
        }

        final Set<String> unlisted = new TreeSet<>(sections);
        unlisted.removeAll(linked);
        assertEquals(Set.of(), unlisted, "sections missing from the README's Contents");
        final Set<String> dangling = new TreeSet<>(linked);
        dangling.removeAll(anchors);
        assertEquals(Set.of(), dangling, "links in the README's Contents to no heading");
    }

    @Test
    void shouldShowEveryChartInDocsAndOnlyThose() throws IOException
    {
        final Set<String> shown = new TreeSet<>();
        final Matcher matcher = CHART.matcher(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        while (matcher.find())
        {
            shown.add(matcher.group(1));
        }

        final Set<String> inDocs;
        try (Stream<Path> files = Files.list(ROOT.resolve("docs")))
        {
            inDocs = files.map((file) -> "docs/" + file.getFileName())
                .filter((name) -> name.endsWith(".svg"))
                .collect(Collectors.toCollection(TreeSet::new));
        }

        assertTrue(shown.size() >= 5, shown::toString);
        assertEquals(inDocs, shown);
    }

    @Test
    void shouldListOnlyExamplesThatExistAndThatExamplesTestRuns() throws IOException
    {
        final List<String> programs = new ArrayList<>();
        for (final String line : section(readmeOutsideCodeBlocks(), "## Examples"))
        {
            final Matcher matcher = EXAMPLE_ROW.matcher(line);
            if (matcher.find())
            {
                programs.add(matcher.group(1));
            }
        }
        final String tests = Files.readString(
            Path.of("src/test/java/dev/slabcache/examples/ExamplesTest.java"), StandardCharsets.UTF_8);

        assertTrue(programs.size() >= 7, programs::toString);
        for (final String program : programs)
        {
            assertTrue(Files.exists(Path.of("src/main/java/dev/slabcache/examples/" + program + ".java")), program);
            assertTrue(tests.contains(program + ".main("), () -> program + " is not run by ExamplesTest");
        }
    }

    private static List<String> readmeOutsideCodeBlocks() throws IOException
    {
        final List<String> lines = new ArrayList<>();
        boolean inCode = false;
        for (final String line : Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8))
        {
            if (line.startsWith("```"))
            {
                inCode = !inCode;
            }
            else if (!inCode)
            {
                lines.add(line);
            }
        }

        return lines;
    }

    private static List<String> section(final List<String> lines, final String heading)
    {
        final int start = lines.indexOf(heading);
        assertTrue(start >= 0, () -> "the README has no '" + heading + "'");
        final List<String> section = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++)
        {
            section.add(lines.get(i));
        }

        return section;
    }

    /**
     * GitHub's anchor for a heading: lower case, punctuation dropped, spaces made hyphens.
     */
    private static String anchorOf(final String heading)
    {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
