/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slabcache.memcached.MemcachedServer;
import dev.slabcache.memcached.RawClient;
import dev.slabcache.memcached.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionLogTest
{
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final ConnectionLog log = new ConnectionLog(12, new PrintStream(text, true, StandardCharsets.US_ASCII));

    @Test
    void shouldLogACommandLineAndItsReplyLinesAsMemcachedsVeryVerboseMode()
    {
        log.command(ascii("delete foo"), 0, 10);
        final ByteBuf out = ascii("DELETED\r\nNOT_FOUND\r\n");
        log.textReplies(out, 0, out.writerIndex());
        assertEquals("<12 delete foo\n>12 DELETED\n>12 NOT_FOUND\n", logged());
    }

    @Test
    void shouldLogAValueAsTheKeySentWithoutItsData()
    {
        log.command(ascii("gets a b"), 0, 8);
        final ByteBuf out = ascii("VALUE a 0 3 7\r\nx\r\n\r\nVALUE b 5 1\r\nz\r\nEND\r\n");
        log.textReplies(out, 0, out.writerIndex());
        assertEquals("<12 gets a b\n>12 sending key a\n>12 sending key b\n>12 END\n", logged());
    }

    @Test
    void shouldNotLogTheRepliesOfStatsOrOfMetaCommandsButMn()
    {
        for (final String command : List.of("stats", "mg foo v", "ms foo 2"))
        {
            log.command(ascii(command), 0, command.length());
            final ByteBuf out = ascii("STAT pid 1\r\nEND\r\n");
            log.textReplies(out, 0, out.writerIndex());
        }
        log.command(ascii("mn"), 0, 2);
        log.textReplies(ascii("MN\r\n"), 0, 4);
        assertEquals("<12 stats\n<12 mg foo v\n<12 ms foo 2\n<12 mn\n>12 MN\n", logged());
    }

    @Test
    void shouldDumpBinaryHeadersAsMemcachedDoes()
    {
        final ByteBuf request = Unpooled.buffer().writeByte(0x80).writeByte(0x0a).writeZero(22);
        log.binaryRequest(request, 0);
        final ByteBuf responses = Unpooled.buffer()
            .writeByte(0x81).writeByte(0x0a).writeZero(6).writeInt(2).writeZero(12).writeShort(0x4142)
            .writeByte(0x81).writeByte(0x0b).writeZero(22);
        log.binaryReplies(responses, 0, responses.writerIndex());
        final String zeros = " 0x00 0x00 0x00 0x00";
        assertEquals("<12 Read binary protocol data:\n<12    0x80 0x0a 0x00 0x00" + ("\n<12   " + zeros).repeat(5) +
            "\n>12 Writing bin response:\n>12   0x81 0x0a 0x00 0x00\n>12  " + zeros +
            "\n>12   0x00 0x00 0x00 0x02" + ("\n>12  " + zeros).repeat(3) +
            "\n>12 Writing bin response:\n>12   0x81 0x0b 0x00 0x00" + ("\n>12  " + zeros).repeat(5) + "\n",
            logged());
    }

    @Test
    void shouldLogAServedConnectionFromOpenToCloseWithVeryVerbose() throws InterruptedException
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.US_ASCII));
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8", "-vv")))
        {
            try (RawClient client = new RawClient(server.port()))
            {
                client.call("set foo 0 0 3\r\nbar\r\nget foo\r\n", "STORED\r\nVALUE foo 0 3\r\nbar\r\nEND\r\n");
            }
            awaitLogged(err, "connection closed.");
        }
        finally
        {
            System.setErr(saved);
        }
        final Matcher id = Pattern.compile("<(\\d+) new auto-negotiating client connection\n").matcher(err.toString());
        assertTrue(id.find(), err.toString());
        final String n = id.group(1);
        assertTrue(err.toString().contains("<" + n + " new auto-negotiating client connection\n" +
            n + ": Client using the ascii protocol\n<" + n + " set foo 0 0 3\n>" + n + " STORED\n<" + n +
            " get foo\n>" + n + " sending key foo\n>" + n + " END\n<" + n + " connection closed.\n"), err.toString());
        assertTrue(err.toString().contains(" server listening (auto-negotiate)\n"), err.toString());
    }

    @Test
    void shouldLogNothingOfAConnectionWithoutVeryVerbose()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.US_ASCII));
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.parse("-p", "0", "-m", "8", "-v"));
            RawClient client = new RawClient(server.port()))
        {
            client.call("set foo 0 0 3\r\nbar\r\n", "STORED\r\n");
        }
        finally
        {
            System.setErr(saved);
        }
        assertEquals("", err.toString());
    }

    private static void awaitLogged(final ByteArrayOutputStream err, final String text) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (!err.toString().contains(text) && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(5);
        }
    }

    private String logged()
    {
        return text.toString(StandardCharsets.US_ASCII);
    }

    private static ByteBuf ascii(final String text)
    {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
