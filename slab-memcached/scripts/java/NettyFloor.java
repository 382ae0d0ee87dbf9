/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import dev.slabcache.memcached.shaded.io.netty.bootstrap.ServerBootstrap;
import dev.slabcache.memcached.shaded.io.netty.buffer.ByteBuf;
import dev.slabcache.memcached.shaded.io.netty.channel.Channel;
import dev.slabcache.memcached.shaded.io.netty.channel.ChannelHandlerContext;
import dev.slabcache.memcached.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import dev.slabcache.memcached.shaded.io.netty.channel.ChannelInitializer;
import dev.slabcache.memcached.shaded.io.netty.channel.ChannelOption;
import dev.slabcache.memcached.shaded.io.netty.channel.IoHandlerFactory;
import dev.slabcache.memcached.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import dev.slabcache.memcached.shaded.io.netty.channel.epoll.Epoll;
import dev.slabcache.memcached.shaded.io.netty.channel.epoll.EpollIoHandler;
import dev.slabcache.memcached.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import dev.slabcache.memcached.shaded.io.netty.handler.codec.ByteToMessageDecoder;

/**
 * perf.sh's transport floor: slab-memcached's own Netty (the copy shaded into its jar, with its epoll library), set
 * up as MemcachedServer sets it up (epoll, one acceptor and {@code --threads} event loops, the same channel options,
 * the default allocator, no leak detection, one reply buffer per read batch written and flushed once), answering
 * memcaslap with the least work that gives correct replies. Its CPU per operation is what our server would cost if
 * its store and protocol code were free.
 * <p>
 * A floor, not a cache: it stores nothing and never misses. A get of any key returns one constant value of
 * {@code --value-length} bytes (flags 0), a set's data block is skipped and answered STORED, "stats" gives only the
 * counters perf.sh checks, "version" answers, and anything else is ERROR (no noreply, no other command, no limit on
 * a line, no backpressure). With {@code --miss 1} every get misses instead, so that a look-aside client
 * (hitratio.sh's HitRatio.java) sets every key it gets: a latency floor for its runs. Run with {@code java -cp
 * slab-memcached.jar NettyFloor.java --port P [--threads T] [--value-length N] [--miss 1]}; it listens on 127.0.0.1
 * until killed.
 */
public final class NettyFloor
{
    private static final int NO_DATA = -1;
    private static final int MAX_VALUE_LENGTH = 1024 * 1024;
    private static final int KEPT_REPLY_CAPACITY = 8 * 1024;
    // A command's first four bytes, read as Netty's getInt reads them (big-endian).
    private static final int GET = ByteBuffer.wrap(ascii("get ")).getInt();
    private static final int SET = ByteBuffer.wrap(ascii("set ")).getInt();
    private static final byte[] VALUE = ascii("VALUE ");
    private static final byte[] END = ascii("END\r\n");
    private static final byte[] STORED = ascii("STORED\r\n");
    private static final byte[] ERROR = ascii("ERROR\r\n");
    private static final byte[] VERSION = ascii("VERSION floor\r\n");
    private static final byte[] BAD_FORMAT = ascii("CLIENT_ERROR bad command line format\r\n");
    private static final byte[] BAD_CHUNK = ascii("CLIENT_ERROR bad data chunk\r\n");
    private static final LongAdder GETS = new LongAdder();
    private static final LongAdder SETS = new LongAdder();
    private static final LongAdder CONNECTIONS = new LongAdder();
    private static boolean miss;

    private NettyFloor()
    {
    }

    /**
     * @param args {@code --port P [--threads T] [--value-length N] [--miss 1]}: 4 event loops, 100 bytes and hits
     *             unless given.
     */
    public static void main(final String[] args)
    {
        int port = -1;
        int threads = 4;
        int valueLength = 100;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            final int value = Integer.parseInt(args[i + 1]);
            switch (args[i])
            {
                case "--port" -> port = value;
                case "--threads" -> threads = value;
                case "--value-length" -> valueLength = value;
                case "--miss" -> miss = 1 == value;
                default -> port = -1;
            }
        }
        if (port < 0 || port > 65535 || threads < 1 || valueLength < 0 || 0 != args.length % 2)
        {
            throw new IllegalArgumentException("bad arguments " + Arrays.toString(args) + ": the options are " +
                "--port 0..65535 (needed), --threads 1 or more, --value-length 0 or more, --miss 0 or 1, each with " +
                "its value");
        }
        // As Main does, before any Netty class loads: leak detection costs CPU that the server does not spend.
        if (null == System.getProperty("io.netty.leakDetection.level"))
        {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        Epoll.ensureAvailability();
        final byte[] valueTail = ascii(" 0 " + valueLength + "\r\n" + "x".repeat(valueLength) + "\r\n");
        final IoHandlerFactory ioFactory = EpollIoHandler.newFactory();
        new ServerBootstrap()
            .group(new MultiThreadIoEventLoopGroup(1, ioFactory), new MultiThreadIoEventLoopGroup(threads, ioFactory))
            .channel(EpollServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.WRITE_SPIN_COUNT, Integer.MAX_VALUE - 1)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<>()
            {
                @Override
                protected void initChannel(final Channel ch)
                {
                    CONNECTIONS.increment();
                    ch.closeFuture().addListener(closed -> CONNECTIONS.decrement());
                    ch.pipeline().addLast("floor", new Floor(valueTail));
                }
            })
            .bind("127.0.0.1", port).syncUninterruptibly();
        System.err.println("NettyFloor listening on 127.0.0.1:" + port + " with " + threads + " event loops (epoll)");
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One connection: the bytes not yet decoded, the reply buffer of the read batch, a set waiting for its data. */
    private static final class Floor extends ChannelInboundHandlerAdapter
    {
        private final byte[] valueTail;
        private ByteBuf input;
        private ByteBuf out;
        private int dataLength = NO_DATA;

        Floor(final byte[] valueTail)
        {
            this.valueTail = valueTail;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            input = null == input ? (ByteBuf)msg :
                ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), input, (ByteBuf)msg);
            if (null == out)
            {
                out = ctx.alloc().ioBuffer(256);
            }
            while (input.isReadable() && decodeOne(input, out))
            {
                // Each pass answers one command.
            }
            if (input.isReadable())
            {
                input.discardSomeReadBytes();
            }
            else
            {
                input.release();
                input = null;
            }
        }

        private boolean decodeOne(final ByteBuf in, final ByteBuf out)
        {
            if (NO_DATA != dataLength)
            {
                return dataBlock(in, out);
            }
            final int from = in.readerIndex();
            final int eol = in.indexOf(from, in.writerIndex(), (byte)'\n');
            if (eol < 0)
            {
                return false;
            }
            final int end = eol > from && '\r' == in.getByte(eol - 1) ? eol - 1 : eol;
            in.readerIndex(eol + 1);
            final int word = end - from >= 4 ? in.getInt(from) : 0;
            if (GET == word)
            {
                get(in, from + 4, end, out);
            }
            else if (SET == word)
            {
                set(in, from, end, out);
            }
            else
            {
                switch (in.toString(from, end - from, StandardCharsets.US_ASCII))
                {
                    case "stats" -> stats(out);
                    case "version" -> out.writeBytes(VERSION);
                    default -> out.writeBytes(ERROR);
                }
            }
            return true;
        }

        private void get(final ByteBuf in, final int from, final int end, final ByteBuf out)
        {
            int keys = 0;
            for (int i = skipSpaces(in, from, end); i < end; i = skipSpaces(in, i, end), keys++)
            {
                final int space = in.indexOf(i, end, (byte)' ');
                final int keyEnd = space < 0 ? end : space;
                if (!miss)
                {
                    out.writeBytes(VALUE).writeBytes(in, i, keyEnd - i).writeBytes(valueTail);
                }
                i = keyEnd;
            }
            out.writeBytes(0 == keys ? ERROR : END);
            GETS.add(keys);
        }

        /** "set <key> <flags> <exptime> <bytes>": reads only the length, the last token, and awaits the data. */
        private void set(final ByteBuf in, final int from, final int end, final ByteBuf out)
        {
            final int last = in.forEachByteDesc(from, end - from, b -> ' ' != b) + 1;
            long length = last < end ? 0 : -1;
            for (int i = last; i < end && length >= 0 && length <= MAX_VALUE_LENGTH; i++)
            {
                final byte digit = in.getByte(i);
                length = digit >= '0' && digit <= '9' ? length * 10 + digit - '0' : -1;
            }
            if (length >= 0 && length <= MAX_VALUE_LENGTH)
            {
                dataLength = (int)length;
            }
            else
            {
                out.writeBytes(BAD_FORMAT);
            }
        }

        private boolean dataBlock(final ByteBuf in, final ByteBuf out)
        {
            if (in.readableBytes() < dataLength + 2)
            {
                return false;
            }
            final int end = in.readerIndex() + dataLength;
            in.skipBytes(dataLength + 2);
            dataLength = NO_DATA;
            final boolean wellEnded = '\r' == in.getByte(end) && '\n' == in.getByte(end + 1);
            if (wellEnded)
            {
                SETS.increment();
            }
            out.writeBytes(wellEnded ? STORED : BAD_CHUNK);
            return true;
        }

        private static int skipSpaces(final ByteBuf in, final int from, final int end)
        {
            final int next = in.forEachByte(from, end - from, b -> ' ' == b);
            return next < 0 ? end : next;
        }

        private static void stats(final ByteBuf out)
        {
            final long gets = GETS.sum();
            final long sets = SETS.sum();
            out.writeCharSequence("STAT curr_connections " + CONNECTIONS.sum() + "\r\nSTAT cmd_get " + gets +
                "\r\nSTAT cmd_set " + sets + "\r\nSTAT get_hits " + (miss ? 0 : gets) + "\r\nSTAT get_misses " +
                (miss ? gets : 0) + "\r\n" +
                "STAT total_items " + sets + "\r\nEND\r\n", StandardCharsets.US_ASCII);
        }

        /** Writes the batch's replies; keeps the buffer for the next batch when the write let it go, as ours does. */
        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx)
        {
            if (null != out && out.isReadable())
            {
                final ByteBuf reply = out;
                ctx.writeAndFlush(reply.retain(), ctx.voidPromise());
                out = 1 == reply.refCnt() && reply.capacity() <= KEPT_REPLY_CAPACITY ? reply.clear() : null;
                if (null == out)
                {
                    reply.release();
                }
            }
        }

        @Override
        public void handlerRemoved(final ChannelHandlerContext ctx)
        {
            for (final ByteBuf buffer : new ByteBuf[] {input, out})
            {
                if (null != buffer)
                {
                    buffer.release();
                }
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }
}
