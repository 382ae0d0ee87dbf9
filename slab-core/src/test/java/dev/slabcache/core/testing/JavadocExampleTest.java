/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core.testing;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link JavadocExample} reads the example of a class comment and the marked code of a test as the same lines when
 * they are, and fails when they are not.
 */
class JavadocExampleTest
{
    private static final List<String> MAIN = List.of(
        "/**",
        " * Text.",
        " * <pre>{@code",
        " * final int a = 1;",
        " *",
        " * if (0 == a)",
        " * {",
        " *     a();",
        " * }",
        " * }</pre>",
        " */");

    private static final List<String> TEST = List.of(
        "    void test()",
        "    {",
        "        // Javadoc example of Thing: begin",
        "        final int a = 1;",
        "",
        "        if (0 == a)",
        "        {",
        "            a();",
        "        }",
        "        // Javadoc example of Thing: end",
        "    }");

    @Test
    void shouldReadTheExampleAndTheMarkedCodeAsTheSameLines()
    {
        final List<String> expected = List.of("final int a = 1;", "", "if (0 == a)", "{", "    a();", "}");

        assertEquals(expected, JavadocExample.javadocExample(MAIN));
        assertEquals(expected, JavadocExample.markedRegion(TEST, "Thing"));
    }

    @Test
    void shouldFailWhenTheExampleOrTheMarkersAreMissing()
    {
        assertThrows(AssertionError.class, () -> JavadocExample.javadocExample(List.of("/**", " * Text.", " */")));
        assertThrows(AssertionError.class, () -> JavadocExample.markedRegion(TEST, "Other"));
    }
}
