/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A look-aside client of a memcached-compatible server, run by {@code hitratio.sh}: every request gets a key and, on
 * a miss, sets it. Keys are Zipf(0.99) over 250,000 ranks; values are 10 B to 8 KiB, log-uniform. A key's bytes, its
 * value's length and its value's content follow from its id and the seed alone, so every run sends the same keys in
 * the same order (request {@code i} goes to connection {@code i % connections}) and every value read back is checked.
 * <p>
 * Modes:
 * <ul>
 *     <li>{@code full}: {@code --requests} requests as fast as the windows allow; figure {@code full}.</li>
 *     <li>{@code paced}: at {@code --rate} requests a second, {@code --requests} requests of the workload (figure
 *     {@code paced}, and {@code steady} for its last {@code --steady}), then a scan of {@code --scan} keys never used
 *     before (figure {@code scan}), then {@code --after} requests of the workload (figure {@code after-scan}).</li>
 *     <li>{@code fill}: sets keys 0, 1, 2, ... with 100-byte ({@code --values 100}) or workload-sized
 *     ({@code --values mixed}) values until {@code stats} shows an eviction; prints {@code curr_items}.</li>
 * </ul>
 * Prints {@code mark NAME} when a figure's window opens or closes (the script reads the server's CPU time there),
 * then one line per figure: {@code result FIGURE FROM_MARK TO_MARK requests hits misses replies seconds p50 p99
 * p99.9 max} (latencies in microseconds). Any error reply, wrong value or connection error prints
 * {@code FAILED: rule} to stderr and exits 1.
 */
public final class HitRatio
{
    private static final int KEYS = 250_000;
    private static final double ZIPF_EXPONENT = 0.99;
    private static final int MIN_VALUE = 10;
    private static final int MAX_VALUE = 8192;
    private static final int ID_DIGITS = 8;
    private static final byte[] LETTERS = letters(26 + MAX_VALUE);
    private static final byte[] KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = { '\r', '\n' };
    private static final byte[] GET = "get ".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicReference<String> FAILURE = new AtomicReference<>();

    private static final int WARM_UP = 0;
    private static final int STEADY = 1;
    private static final int SCAN = 2;
    private static final int AFTER_SCAN = 3;
    private static final int REGIONS = 4;

    private final long seed;
    private final double[] cdf = new double[KEYS];
    private final int[] idOfRank = new int[KEYS];
    private final byte[][] keys = new byte[KEYS][];

    private HitRatio(final long seed)
    {
        this.seed = seed;
        // Exact Zipf: the CDF over every rank, searched by bisection (sample); rank 0 is the hottest.
        double sum = 0;
        for (int rank = 0; rank < KEYS; rank++)
        {
            sum += 1.0 / Math.pow(rank + 1, ZIPF_EXPONENT);
            cdf[rank] = sum;
        }
        for (int rank = 0; rank < KEYS; rank++)
        {
            cdf[rank] /= sum;
            idOfRank[rank] = rank;
        }
        // A seeded shuffle, so that hot keys are neither adjacent nor the same ids in every seed.
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = KEYS - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int id = idOfRank[i];
            idOfRank[i] = idOfRank[j];
            idOfRank[j] = id;
        }
        for (int id = 0; id < KEYS; id++)
        {
            keys[id] = makeKey(id);
        }
    }

    /**
     * @param args see {@link #usage()}.
     * @throws Exception when the run is interrupted.
     */
    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            if (!args[i].startsWith("--"))
            {
                usage();
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (0 != args.length % 2 || !options.containsKey("port") || !options.containsKey("mode"))
        {
            usage();
        }
        final HitRatio workload = new HitRatio(Long.parseLong(options.getOrDefault("seed", "19")));
        final String host = options.getOrDefault("host", "127.0.0.1");
        final int port = Integer.parseInt(options.get("port"));
        try
        {
            if ("fill".equals(options.get("mode")))
            {
                workload.fill(host, port, "mixed".equals(options.getOrDefault("values", "100")));
            }
            else
            {
                workload.load(host, port, options);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            fail(ex.toString());
        }
        final String failure = FAILURE.get();
        if (null != failure)
        {
            System.err.println("FAILED: " + failure);
            System.exit(1);
        }
    }

    private static void usage()
    {
        throw new IllegalArgumentException("usage: java -cp HdrHistogram.jar HitRatio.java --port P --mode " +
            "full|paced|fill [--host H] [--seed S] [--connections C] [--depth D] [--requests N] [--rate R] " +
            "[--steady N] [--scan N] [--after N] [--values 100|mixed]");
    }

    /** Records the first failure; the run stops at the next request and the program exits 1. */
    static void fail(final String rule)
    {
        FAILURE.compareAndSet(null, rule);
    }

    /** @return whether any thread has recorded a failure. */
    static boolean failed()
    {
        return null != FAILURE.get();
    }

    private void load(final String host, final int port, final Map<String, String> options) throws Exception
    {
        final boolean paced = "paced".equals(options.get("mode"));
        final int connectionCount = Integer.parseInt(options.getOrDefault("connections", "4"));
        final int depth = Integer.parseInt(options.getOrDefault("depth", "16"));
        final long requests = Long.parseLong(options.getOrDefault("requests", "2000000"));
        final double rate = Double.parseDouble(options.getOrDefault("rate", "4000"));
        final long steady = paced ? Long.parseLong(options.getOrDefault("steady", "250000")) : 0;
        final long scan = paced ? Long.parseLong(options.getOrDefault("scan", "100000")) : 0;
        final long after = paced ? Long.parseLong(options.getOrDefault("after", "100000")) : 0;
        if (connectionCount < 1 || depth < 1 || requests < 1 || rate <= 0 || steady < 0 || steady > requests ||
            scan < 0 || after < 0)
        {
            throw new IllegalArgumentException("bad load options " + options + ": connections, depth and requests " +
                "must be at least 1, rate above 0, steady within requests, scan and after at least 0");
        }
        // Request i (0-based) is in a region by its index: the workload, its last `steady`, the scan, after it.
        final long[] regionEnd = { requests - steady, requests, requests + scan, requests + scan + after };
        final Schedule schedule = new Schedule(paced ? rate : 0, regionEnd);
        final Connection[] connections = new Connection[connectionCount];
        for (int c = 0; c < connectionCount; c++)
        {
            connections[c] = new Connection(this, host, port, depth, schedule, c, connectionCount);
        }
        System.out.println("mark start");
        System.out.flush();
        schedule.start(System.nanoTime());
        for (final Connection connection : connections)
        {
            connection.start();
        }
        if (paced)
        {
            mark(schedule, regionEnd[WARM_UP], "warm-end");
            mark(schedule, regionEnd[STEADY], "main-end");
            mark(schedule, regionEnd[SCAN], "scan-end");
        }
        for (final Connection connection : connections)
        {
            connection.await();
        }
        final long end = System.nanoTime();
        System.out.println("mark end");
        System.out.flush();
        for (final Connection connection : connections)
        {
            connection.close();
        }
        if (failed())
        {
            return;
        }
        final double totalSeconds = (end - schedule.startNanos) / 1e9;
        if (!paced)
        {
            report("full", "start", "end", connections, totalSeconds, WARM_UP, STEADY);
            return;
        }
        final double mainEnd = regionEnd[STEADY] / rate;
        final double scanEnd = regionEnd[SCAN] / rate;
        report("paced", "start", "main-end", connections, mainEnd, WARM_UP, STEADY);
        report("steady", "warm-end", "main-end", connections, steady / rate, STEADY);
        report("scan", "main-end", "scan-end", connections, scanEnd - mainEnd, SCAN);
        report("after-scan", "scan-end", "end", connections, totalSeconds - scanEnd, AFTER_SCAN);
    }

    private static void mark(final Schedule schedule, final long request, final String name)
    {
        final long due = schedule.due(request);
        for (long wait = due - System.nanoTime(); wait > 0 && !failed(); wait = due - System.nanoTime())
        {
            LockSupport.parkNanos(Math.min(wait, 100_000_000L));
        }
        System.out.println("mark " + name);
        System.out.flush();
    }

    private static void report(
        final String figure,
        final String from,
        final String to,
        final Connection[] connections,
        final double seconds,
        final int... regions)
    {
        final Histogram latency = new Histogram(Connection.HIGHEST_NANOS, 3);
        long requests = 0;
        long hits = 0;
        long misses = 0;
        long replies = 0;
        for (final Connection connection : connections)
        {
            for (final int region : regions)
            {
                latency.add(connection.latency[region]);
                requests += connection.hits[region] + connection.misses[region];
                hits += connection.hits[region];
                misses += connection.misses[region];
                replies += connection.replies[region];
            }
        }
        System.out.printf("result %s %s %s %d %d %d %d %.3f %.1f %.1f %.1f %.1f%n", figure, from, to, requests, hits,
            misses, replies, seconds, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
            latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
    }

    private void fill(final String host, final int port, final boolean mixed) throws IOException
    {
        final int batch = 1000;
        try (Socket socket = new Socket(host, port))
        {
            socket.setTcpNoDelay(true);
            final OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            final InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            for (int first = 0; first < 100_000_000; first += batch)
            {
                for (int id = first; id < first + batch; id++)
                {
                    writeSet(out, id, mixed ? valueLength(id) : 100);
                }
                out.flush();
                for (int id = first; id < first + batch; id++)
                {
                    final String reply = Connection.readLine(in);
                    if (!"STORED".equals(reply))
                    {
                        fail("fill: set " + new String(key(id), StandardCharsets.US_ASCII) + " answered '" + reply +
                            "', not STORED");
                        return;
                    }
                }
                out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final Map<String, String> stats = new HashMap<>();
                for (String line = Connection.readLine(in); !"END".equals(line); line = Connection.readLine(in))
                {
                    final String[] parts = line.split(" ", 3);
                    if (3 != parts.length || !"STAT".equals(parts[0]))
                    {
                        fail("fill: stats answered '" + line + "'");
                        return;
                    }
                    stats.put(parts[1], parts[2]);
                }
                if (Long.parseLong(stats.getOrDefault("evictions", "0")) > 0)
                {
                    System.out.println("fill " + stats.get("curr_items") + " " + stats.get("evictions") + " " +
                        (first + batch) + " " + stats.get("bytes"));
                    return;
                }
            }
            fail("fill: no eviction after 100,000,000 sets");
        }
    }

    /** Bisection over the CDF: the first rank whose cumulative probability exceeds u. */
    int rank(final double u)
    {
        int low = 0;
        int high = KEYS - 1;
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            if (cdf[middle] > u)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low;
    }

    /** The key id of request {@code index} of the workload (not counting scan requests). */
    int workloadId(final long index)
    {
        return idOfRank[rank((hash(5, index) >>> 11) * 0x1.0p-53)];
    }

    /** The key of id {@code id}: computed once for the workload's ids, on demand for the ids above them. */
    byte[] key(final int id)
    {
        return id < KEYS ? keys[id] : makeKey(id);
    }

    /** Key ids from 250,000 up are never drawn by the workload: the scan and the fills beyond it use them. */
    static int scanId(final long scanIndex)
    {
        return KEYS + (int)scanIndex;
    }

    /** 20 to 40 bytes: "hr", the id in base 36, '-', then characters from the id's hash. */
    private byte[] makeKey(final int id)
    {
        final byte[] prefix = ("hr" + Integer.toString(id, 36) + "-").getBytes(StandardCharsets.US_ASCII);
        final byte[] key = Arrays.copyOf(prefix, 20 + (int)Long.remainderUnsigned(hash(1, id), 21));
        final SplittableRandom random = new SplittableRandom(hash(2, id));
        for (int i = prefix.length; i < key.length; i++)
        {
            key[i] = KEY_CHARS[random.nextInt(KEY_CHARS.length)];
        }
        return key;
    }

    /** Log-uniform from 10 B to 8 KiB, fixed by the key's id. */
    int valueLength(final int id)
    {
        final double u = (hash(3, id) >>> 11) * 0x1.0p-53;
        final double length = Math.exp(Math.log(MIN_VALUE) + u * Math.log((double)MAX_VALUE / MIN_VALUE));
        return Math.max(MIN_VALUE, Math.min(MAX_VALUE, (int)Math.round(length)));
    }

    /** Where the value's letters start in {@link #LETTERS}: its bytes from 8 on are LETTERS[offset + i]. */
    int letterOffset(final int id)
    {
        return (int)Long.remainderUnsigned(hash(4, id), 26);
    }

    /** The first 8 bytes of the value: the key's id in hexadecimal. */
    static void idDigits(final int id, final byte[] into)
    {
        for (int i = ID_DIGITS - 1, v = id; i >= 0; i--, v >>>= 4)
        {
            into[i] = (byte)Character.forDigit(v & 0xf, 16);
        }
    }

    /** Writes {@code set KEY 0 0 LENGTH} and the value of key {@code id}, {@code length} bytes long. */
    void writeSet(final OutputStream out, final int id, final int length) throws IOException
    {
        out.write('s');
        out.write('e');
        out.write('t');
        out.write(' ');
        out.write(key(id));
        out.write((" 0 0 " + length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        final byte[] digits = new byte[ID_DIGITS];
        idDigits(id, digits);
        out.write(digits);
        out.write(LETTERS, letterOffset(id) + ID_DIGITS, length - ID_DIGITS);
        out.write(CRLF);
    }

    /** Whether {@code value[0, length)} is the value of key {@code id}; {@code digits} is scratch space. */
    boolean isValue(final int id, final byte[] value, final int length, final byte[] digits)
    {
        idDigits(id, digits);
        final int offset = letterOffset(id);
        return length == valueLength(id) && Arrays.equals(value, 0, ID_DIGITS, digits, 0, ID_DIGITS) &&
            Arrays.equals(value, ID_DIGITS, length, LETTERS, offset + ID_DIGITS, offset + length);
    }

    private long hash(final long salt, final long value)
    {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xD1B54A32D192ED03L + value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static byte[] letters(final int length)
    {
        final byte[] letters = new byte[length];
        for (int i = 0; i < length; i++)
        {
            letters[i] = (byte)('a' + i % 26);
        }
        return letters;
    }

    /** When each request is due, and which region it counts in. */
    static final class Schedule
    {
        final double rate;
        final long[] regionEnd;
        long startNanos;

        Schedule(final double rate, final long[] regionEnd)
        {
            this.rate = rate;
            this.regionEnd = regionEnd;
        }

        void start(final long nanos)
        {
            startNanos = nanos;
        }

        boolean paced()
        {
            return rate > 0;
        }

        long total()
        {
            return regionEnd[REGIONS - 1];
        }

        long due(final long request)
        {
            return startNanos + (long)(request * 1e9 / rate);
        }

        int region(final long request)
        {
            int region = 0;
            while (request >= regionEnd[region])
            {
                region++;
            }
            return region;
        }
    }
    /** A request: its index, its region, its key's id, when it was due, and whether its get missed. */
    static final class Request
    {
        final long index;
        final int region;
        final int id;
        final long due;
        boolean missed;

        Request(final long index, final int region, final int id, final long due)
        {
            this.index = index;
            this.region = region;
            this.id = id;
            this.due = due;
        }
    }

    /**
     * One connection with a window of outstanding requests: a sender thread writes the gets of requests
     * {@code index}, {@code index + count}, ... when they are due, a receiver thread reads and checks every reply and
     * writes the set of each miss. Both write under the stream's lock and queue what they wrote, so replies match the
     * queue in order.
     */
    static final class Connection
    {
        static final long HIGHEST_NANOS = 3_600_000_000_000L;
        private static final int REPLY_TIMEOUT_MS = 30_000;
        private static final long STALL_NANOS = 60_000_000_000L;

        final Histogram[] latency = new Histogram[REGIONS];
        final long[] hits = new long[REGIONS];
        final long[] misses = new long[REGIONS];
        final long[] replies = new long[REGIONS];
        private final HitRatio workload;
        private final Schedule schedule;
        private final int index;
        private final int count;
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final Semaphore window;
        private final ConcurrentLinkedQueue<Request> pending = new ConcurrentLinkedQueue<>();
        private final byte[] value = new byte[MAX_VALUE + 2];
        private final byte[] digits = new byte[ID_DIGITS];
        private final Thread sender;
        private final Thread receiver;
        private volatile long lastCompletion;

        Connection(
            final HitRatio workload,
            final String host,
            final int port,
            final int depth,
            final Schedule schedule,
            final int index,
            final int count) throws IOException
        {
            this.workload = workload;
            this.schedule = schedule;
            this.index = index;
            this.count = count;
            for (int region = 0; region < REGIONS; region++)
            {
                latency[region] = new Histogram(HIGHEST_NANOS, 3);
            }
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(REPLY_TIMEOUT_MS);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            window = new Semaphore(depth);
            sender = new Thread(this::send, "sender-" + index);
            receiver = new Thread(this::receive, "receiver-" + index);
        }

        /** Starts the receiver, then the sender. */
        void start()
        {
            lastCompletion = System.nanoTime();
            receiver.start();
            sender.start();
        }

        /**
         * Waits for both threads; once any connection has failed, or this one has completed no request for 60 s
         * (a write blocked for good, which no read timeout sees), closes this one so its threads end.
         */
        void await() throws InterruptedException
        {
            while (sender.isAlive() || receiver.isAlive())
            {
                if (System.nanoTime() - lastCompletion > STALL_NANOS)
                {
                    fail("connection " + index + ": no request completed for 60 s");
                }
                if (failed())
                {
                    close();
                }
                receiver.join(100);
                sender.join(100);
            }
        }

        /** Closes the socket, which ends both threads. */
        void close()
        {
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // Closing is only to end the threads; the run has already succeeded or failed.
            }
        }

        private void send()
        {
            final long[] regionEnd = schedule.regionEnd;
            final long scan = regionEnd[SCAN] - regionEnd[STEADY];
            try
            {
                for (long i = index; i < schedule.total() && !failed(); i += count)
                {
                    final int region = schedule.region(i);
                    final int id = SCAN == region ? scanId(i - regionEnd[STEADY]) :
                        workload.workloadId(AFTER_SCAN == region ? i - scan : i);
                    long due = 0;
                    if (schedule.paced())
                    {
                        due = schedule.due(i);
                        if (due - System.nanoTime() > 0)
                        {
                            flush();
                            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime())
                            {
                                LockSupport.parkNanos(wait);
                            }
                        }
                    }
                    if (!window.tryAcquire())
                    {
                        flush();
                        while (!window.tryAcquire(100, TimeUnit.MILLISECONDS))
                        {
                            if (failed())
                            {
                                return;
                            }
                        }
                    }
                    if (!schedule.paced())
                    {
                        due = System.nanoTime();
                    }
                    final byte[] key = workload.key(id);
                    synchronized (out)
                    {
                        pending.add(new Request(i, region, id, due));
                        out.write(GET);
                        out.write(key);
                        out.write(CRLF);
                    }
                }
                flush();
            }
            catch (final IOException | InterruptedException ex)
            {
                fail("connection " + index + ": sending: " + ex);
            }
        }

        private void flush() throws IOException
        {
            synchronized (out)
            {
                out.flush();
            }
        }

        private void receive()
        {
            final long total = schedule.total();
            final long expected = total > index ? (total - index + count - 1) / count : 0;
            long completed = 0;
            boolean dirty = false;
            try
            {
                while (completed < expected && !failed())
                {
                    final String line = readLine(in);
                    final Request request = pending.poll();
                    if (null == request)
                    {
                        fail("connection " + index + ": the reply '" + line + "' came with no request outstanding");
                        return;
                    }
                    final String key = new String(workload.key(request.id), StandardCharsets.US_ASCII);
                    if (request.missed)
                    {
                        if (!"STORED".equals(line))
                        {
                            fail("set " + key + " answered '" + line + "', not STORED");
                            return;
                        }
                        replies[request.region]++;
                        completed++;
                        complete(request);
                    }
                    else if ("END".equals(line))
                    {
                        misses[request.region]++;
                        replies[request.region]++;
                        request.missed = true;
                        synchronized (out)
                        {
                            pending.add(request);
                            workload.writeSet(out, request.id, workload.valueLength(request.id));
                        }
                        dirty = true;
                    }
                    else if (line.startsWith("VALUE "))
                    {
                        if (!readValue(request, key, line))
                        {
                            return;
                        }
                        hits[request.region]++;
                        replies[request.region]++;
                        completed++;
                        complete(request);
                    }
                    else
                    {
                        fail("get " + key + " answered '" + line + "'");
                        return;
                    }
                    if (dirty && 0 == in.available())
                    {
                        flush();
                        dirty = false;
                    }
                }
            }
            catch (final IOException ex)
            {
                fail("connection " + index + ": receiving: " + ex);
            }
        }

        private boolean readValue(final Request request, final String key, final String line) throws IOException
        {
            final int length = workload.valueLength(request.id);
            if (!line.equals("VALUE " + key + " 0 " + length))
            {
                fail("get " + key + " answered '" + line + "', not 'VALUE " + key + " 0 " + length + "'");
                return false;
            }
            if (in.readNBytes(value, 0, length + 2) != length + 2)
            {
                fail("get " + key + ": the server closed the connection within the value");
                return false;
            }
            if ('\r' != value[length] || '\n' != value[length + 1] ||
                !workload.isValue(request.id, value, length, digits))
            {
                fail("get " + key + " returned a value other than the one set (" +
                    new String(value, 0, Math.min(length, 40), StandardCharsets.US_ASCII) + "...)");
                return false;
            }
            final String end = readLine(in);
            if (!"END".equals(end))
            {
                fail("get " + key + " answered '" + end + "' after its value, not END");
                return false;
            }
            return true;
        }

        private void complete(final Request request)
        {
            final long now = System.nanoTime();
            latency[request.region].recordValue(Math.min(HIGHEST_NANOS, now - request.due));
            lastCompletion = now;
            window.release();
        }

        /** Reads a line without its CR LF; throws when the server closes the connection first. */
        static String readLine(final InputStream in) throws IOException
        {
            final StringBuilder line = new StringBuilder();
            for (int b = in.read(); '\n' != b; b = in.read())
            {
                if (-1 == b)
                {
                    throw new IOException("the server closed the connection");
                }
                line.append((char)b);
            }
            final int length = line.length();
            return length > 0 && '\r' == line.charAt(length - 1) ? line.substring(0, length - 1) : line.toString();
        }
    }
}
