/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench.charts;

import java.util.Locale;

/**
 * A minimal SVG document written element by element: rectangles, lines and text, with every text and attribute
 * value escaped and every coordinate written with one decimal in the root locale, so that the same chart gives the
 * same bytes on every machine.
 */
final class Svg
{
    private final StringBuilder body = new StringBuilder();
    private final double width;
    private final double height;

    /**
     * A document of the given size, in pixels.
     *
     * @param width  the width.
     * @param height the height.
     */
    Svg(final double width, final double height)
    {
        this.width = width;
        this.height = height;
    }

    /**
     * A filled rectangle.
     *
     * @param x          left edge.
     * @param y          top edge.
     * @param w          width.
     * @param h          height.
     * @param fill       the fill colour, such as {@code #4e79a7}.
     * @param attributes further attributes as name, value pairs, escaped here.
     */
    void rect(final double x, final double y, final double w, final double h, final String fill,
        final String... attributes)
    {
        body.append("  <rect x=\"").append(number(x)).append("\" y=\"").append(number(y))
            .append("\" width=\"").append(number(w)).append("\" height=\"").append(number(h))
            .append("\" fill=\"").append(escape(fill)).append('"');
        appendAttributes(attributes);
        body.append("/>\n");
    }

    /**
     * A straight line, one pixel wide.
     *
     * @param x1     start x.
     * @param y1     start y.
     * @param x2     end x.
     * @param y2     end y.
     * @param stroke the line's colour.
     */
    void line(final double x1, final double y1, final double x2, final double y2, final String stroke)
    {
        body.append("  <line x1=\"").append(number(x1)).append("\" y1=\"").append(number(y1))
            .append("\" x2=\"").append(number(x2)).append("\" y2=\"").append(number(y2))
            .append("\" stroke=\"").append(escape(stroke)).append("\"/>\n");
    }

    /**
     * A line of text.
     *
     * @param x          the anchor's x.
     * @param y          the baseline's y.
     * @param anchor     {@code start}, {@code middle} or {@code end}.
     * @param size       the font size in pixels.
     * @param text       the text, escaped here.
     * @param attributes further attributes as name, value pairs, escaped here.
     */
    void text(final double x, final double y, final String anchor, final int size, final String text,
        final String... attributes)
    {
        body.append("  <text x=\"").append(number(x)).append("\" y=\"").append(number(y))
            .append("\" text-anchor=\"").append(anchor).append("\" font-size=\"").append(size).append('"');
        appendAttributes(attributes);
        body.append('>').append(escape(text)).append("</text>\n");
    }

    /**
     * The whole document.
     *
     * @param title the document's title, shown by viewers and read by screen readers.
     * @return the SVG text.
     */
    String toXml(final String title)
    {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(width) + "\" height=\"" + number(height) +
            "\" viewBox=\"0 0 " + number(width) + ' ' + number(height) + "\" font-family=\"sans-serif\">\n" +
            "  <title>" + escape(title) + "</title>\n" +
            "  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" +
            body +
            "</svg>\n";
    }

    /**
     * A coordinate as written: one decimal, root locale.
     *
     * @param value the coordinate.
     * @return its text.
     */
    static String number(final double value)
    {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private void appendAttributes(final String... attributes)
    {
        if (0 != attributes.length % 2)
        {
            throw new IllegalArgumentException("attributes come in name, value pairs, got " + attributes.length);
        }
        for (int i = 0; i < attributes.length; i += 2)
        {
            body.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
    }

    private static String escape(final String text)
    {
        final StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c);
            }
        }

        return escaped.toString();
    }
}
