/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Javadoc a user of the libraries learns from, read from the published Javadoc jars: an overview page that says
 * where to start, a package description, a first sentence in every row of every summary table (javac's doclint
 * checks that on JDKs newer than 17 only; this checks it on every JDK), a code example on each entry point, and
 * Agrona's types linked to Agrona's own Javadoc.
 */
class JavadocIT
{
    private static final Pattern AGRONA_LINK = Pattern.compile(
        "href=\"https://javadoc\\.io/doc/org\\.agrona/agrona/[0-9.]+/org/agrona/concurrent/AtomicBuffer\\.html\"");
    private static final String[] SUMMARIES = {
        "nested-class-summary", "enum-constant-summary", "field-summary", "constructor-summary", "method-summary"};
    // A summary row's description cell, up to where the next cell or the end of the table starts.
    private static final Pattern DESCRIPTION_CELL =
        Pattern.compile("<div class=\"col-last[^\"]*\">(.*?)</div>\n(?=<div class=\"col-|</div>)", Pattern.DOTALL);
    private static final Pattern MEMBER_CELL =
        Pattern.compile("<div class=\"col-(?:first|second|constructor-name)[^\"]*\">(.*?)</div>\n", Pattern.DOTALL);

    @ParameterizedTest
    @CsvSource({"slab-core, dev.slabcache.core", "slab-master, dev.slabcache.master",
        "slab-micrometer, dev.slabcache.micrometer"})
    void shouldOpenOnAnOverviewThatSaysWhereToStartAndDescribeThePackage(final String module, final String name)
        throws IOException
    {
        try (JarFile javadoc = javadoc(module))
        {
            final String overview = read(javadoc, "index.html");
            assertTrue(overview.contains("<strong>Where to start</strong>"), module + " index.html has no overview");

            final String packagePage = read(javadoc, name + "/" + name.replace('.', '/') + "/package-summary.html");
            assertTrue(packagePage.contains("<section class=\"package-description\"") &&
                packagePage.contains("Start with"), module + " has no package description that says where to start");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slab-core", "slab-master", "slab-micrometer"})
    void shouldGiveEveryMemberOfEverySummaryTableAFirstSentence(final String module) throws IOException
    {
        final List<String> blank = new ArrayList<>();
        int rows = 0;
        try (JarFile javadoc = javadoc(module))
        {
            final Enumeration<JarEntry> entries = javadoc.entries();
            while (entries.hasMoreElements())
            {
                final String page = entries.nextElement().getName();
                if (!page.endsWith(".html") || page.contains("/class-use/") || page.contains("/src/"))
                {
                    continue;
                }
                final String html = read(javadoc, page);
                for (final String summary : SUMMARIES)
                {
                    final int start = html.indexOf("<section class=\"" + summary + "\"");
                    if (start < 0)
                    {
                        continue;
                    }
                    final String table = html.substring(start, html.indexOf("</section>", start));
                    final Matcher cell = DESCRIPTION_CELL.matcher(table);
                    final Matcher member = MEMBER_CELL.matcher(table);
                    while (cell.find())
                    {
                        rows++;
                        final String name = lastMemberBefore(member, cell.start());
                        if (!cell.group(1).contains("class=\"block\""))
                        {
                            blank.add(page + " " + summary + ": " + name);
                        }
                    }
                }
            }
        }
        assertTrue(rows > 0, module + ": no summary rows found; has the Javadoc's HTML changed?");
        assertEquals(List.of(), blank, module + ": summary rows with no first sentence, of " + rows);
    }

    @ParameterizedTest
    @CsvSource({"slab-master, dev.slabcache.master/dev/slabcache/master/SlabCache.html",
        "slab-master, dev.slabcache.master/dev/slabcache/master/SizeClassCache.html",
        "slab-master, dev.slabcache.master/dev/slabcache/master/PagePool.html",
        "slab-micrometer, dev.slabcache.micrometer/dev/slabcache/micrometer/SlabCacheMetrics.html",
        "slab-micrometer, dev.slabcache.micrometer/dev/slabcache/micrometer/SizeClassCacheMetrics.html"})
    void shouldShowAnExampleOnEachEntryPoint(final String module, final String page) throws IOException
    {
        try (JarFile javadoc = javadoc(module))
        {
            final String html = read(javadoc, page);
            final String description = html.substring(html.indexOf("<section class=\"class-description\""));
            assertTrue(description.contains("<pre><code>"), page + " shows no code example");
        }
    }

    @ParameterizedTest
    @CsvSource({"slab-core, dev.slabcache.core/dev/slabcache/core/SlotSegment.html",
        "slab-master, dev.slabcache.master/dev/slabcache/master/SlabCache.html"})
    void shouldLinkAgronasTypesToAgronasJavadoc(final String module, final String page) throws IOException
    {
        try (JarFile javadoc = javadoc(module))
        {
            assertTrue(AGRONA_LINK.matcher(read(javadoc, page)).find(),
                page + " does not link AtomicBuffer to Agrona's Javadoc at javadoc.io");
        }
    }

    private static String lastMemberBefore(final Matcher member, final int end)
    {
        String name = "?";
        member.region(0, end);
        while (member.find())
        {
            name = member.group(1).replaceAll("<[^>]+>", "");
        }
        return name;
    }

    private static JarFile javadoc(final String module) throws IOException
    {
        return new JarFile(Artifacts.jar(module, "javadoc").toFile());
    }

    private static String read(final JarFile jar, final String name) throws IOException
    {
        final JarEntry entry = jar.getJarEntry(name);
        assertNotNull(entry, jar.getName() + " has no " + name);
        try (InputStream in = jar.getInputStream(entry))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
