/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.slabcache.memcached.protocol.AuthUsers;
import dev.slabcache.memcached.protocol.ConnectionLog;
import dev.slabcache.memcached.protocol.OpenConnections;
import dev.slabcache.memcached.protocol.ProtocolDetector;
import dev.slabcache.memcached.protocol.ProtocolOptions;
import dev.slabcache.memcached.store.ItemStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DuplexChannelConfig;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The server: a Netty transport (epoll where available, else NIO) on -t event-loop threads in front of one
 * {@link ItemStore}. Each connection speaks text or binary, chosen by its first byte. With -s it listens on a unix
 * domain socket instead of TCP, through Netty's NIO domain sockets (the JDK's, from 16 on) on any platform.
 */
public final class MemcachedServer implements AutoCloseable
{
    /**
     * A flush writes until the socket is full or the replies are all written, never handing the rest to a flush task
     * (Netty's default after 16 writes). That task first takes EPOLLOUT out of the interest set; on a half-closed
     * connection nothing else is left in it, and Netty 4.2.18 then deletes the fd from epoll while still thinking
     * it added, so the task's next EPOLLOUT fails (epoll_ctl ENOENT) and Netty shuts the output with replies unsent.
     * One less than the maximum: a full socket subtracts Integer.MAX_VALUE, and exactly 0 would take the task path.
     */
    static final int WRITE_SPIN_COUNT = Integer.MAX_VALUE - 1;

    private final ItemStore store;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Channel serverChannel;
    private final ServerStats stats;
    private final UnixSocketFile socketFile;
    private final AuthUsers users;
    private final TlsContext tls;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MemcachedServer(
        final ItemStore store, final EventLoopGroup bossGroup, final EventLoopGroup workerGroup,
        final Channel serverChannel, final ServerStats stats, final UnixSocketFile socketFile, final AuthUsers users,
        final TlsContext tls)
    {
        this.socketFile = socketFile;
        this.users = users;
        this.tls = tls;
        this.store = store;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.serverChannel = serverChannel;
        this.stats = stats;
    }

    /**
     * A builder with a method per flag, for tests and embedding.
     *
     * @return a builder of memcached's defaults, but port 0 (a free one).
     */
    public static MemcachedServerBuilder builder()
    {
        return new MemcachedServerBuilder();
    }

    /**
     * Makes the store, binds and returns once listening.
     *
     * @param config the command line.
     * @return the running server.
     * @throws IllegalStateException as {@link #start(ServerConfig, Runnable)}.
     */
    public static MemcachedServer start(final ServerConfig config)
    {
        return start(config, () ->
        {
        });
    }

    /**
     * Makes the store, binds and returns once listening; a "shutdown" command (allowed by -A) closes the server
     * and then runs {@code onShutdown} on a thread of its own, where the process's owner may exit (an embedded
     * server must not).
     *
     * @param config     the command line.
     * @param onShutdown what to do once a "shutdown" command has closed the server.
     * @return the running server.
     * @throws IllegalStateException when the JVM's direct memory limit cannot hold the item pages of -m and a
     *                               budget for the connections' buffers, or the address cannot be bound (the store
     *                               is closed again).
     * @throws IllegalArgumentException when the -Y file cannot be read or breaks its rules, naming the line, or the
     *                                  TLS certificate or key cannot be used.
     */
    public static MemcachedServer start(final ServerConfig config, final Runnable onShutdown)
    {
        final AuthUsers users = null == config.authFile() ? null : AuthUsers.load(config.authFile());
        final TlsContext tls = config.tls().enabled() ? new TlsContext(config.tls()) : null;
        DirectMemoryBudget.of(config).check(DirectMemoryBudget.jvmLimit());
        final CoarseClock clock = new CoarseClock();
        final ItemStore store = new ItemStore(config.storeSettings(), config.lruSettings(), clock);
        final boolean unix = null != config.socketPath();
        final boolean epoll = !unix && Epoll.isAvailable();
        final IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final Class<? extends ServerChannel> channelType = unix ? NioServerDomainSocketChannel.class :
            epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, ioFactory);
        bossGroup.scheduleAtFixedRate(
            clock::tick, CoarseClock.TICK_MILLIS, CoarseClock.TICK_MILLIS, TimeUnit.MILLISECONDS);
        final EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(config.threads(), ioFactory);
        final ServerStats stats = new ServerStats(config, tls);
        final ConnectionLimiter limiter = new ConnectionLimiter(stats, config.connectionLimit());
        final OpenConnections connections = new OpenConnections();
        final ProtocolOptions options = config.protocolOptions();
        UnixSocketFile socketFile = null;
        try
        {
            final SocketAddress bindAddress;
            if (unix)
            {
                socketFile = new UnixSocketFile(config.socketPath(), config.unixMask());
                bindAddress = socketFile.bindAddress();
            }
            else
            {
                bindAddress = new InetSocketAddress(config.listen(), config.port());
            }
            final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, config.listenBacklog())
                .handler(new ListenGate(stats, config.verbosity() > 0))
                .childOption(ChannelOption.WRITE_SPIN_COUNT, WRITE_SPIN_COUNT)
                .childHandler(new ChannelInitializer<>()
                {
                    @Override
                    protected void initChannel(final Channel ch)
                    {
                        // Set here, not as a child option: Netty's NIO domain socket ignores that option by name.
                        ((DuplexChannelConfig)ch.config()).setAllowHalfClosure(true);
                        if (null != tls)
                        {
                            tls.secure(ch);
                        }
                        ch.pipeline().addLast("limit", limiter);
                        if (0 != config.idleTimeoutSeconds())
                        {
                            ch.pipeline().addLast("idle", new IdleCloser(config.idleTimeoutSeconds(), stats));
                        }
                        ch.pipeline().addLast(
                            "detect", new ProtocolDetector(store, stats, options, connections, users));
                    }
                });
            if (!unix)
            {
                bootstrap.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
            }
            final Channel channel = bootstrap.bind(bindAddress).syncUninterruptibly().channel();
            if (unix)
            {
                socketFile.publish();
            }
            final long listenerId = connections.listening(channel, unix ? socketFile.path() : null);
            if (config.verbosity() > 1)
            {
                ConnectionLog.listening(listenerId, System.err);
            }
            final MemcachedServer server =
                new MemcachedServer(store, bossGroup, workerGroup, channel, stats, socketFile, users, tls);
            channel.closeFuture().addListener(f -> server.closedByCommand(onShutdown));
            return server;
        }
        catch (final Exception ex)
        {
            bossGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            store.close();
            if (null != socketFile)
            {
                socketFile.removeBindDirectory();
            }
            throw new IllegalStateException(
                "cannot listen on " + config.listening.where() + ": " + ex.getMessage(), ex);
        }
    }

    private void closedByCommand(final Runnable onShutdown)
    {
        if (!closed.get())
        {
            // The listening channel closes without close() only by "shutdown"; close() waits for the event loops,
            // so it runs off them.
            final Thread stopper = new Thread(() ->
            {
                close();
                onShutdown.run();
            }, "slab-memcached-shutdown-command");
            stopper.start();
        }
    }

    /**
     * Returns the port bound, the free one chosen for -p 0; 0 on a unix socket (-s).
     *
     * @return the port bound, the free one chosen for -p 0; 0 on a unix socket (-s).
     */
    public int port()
    {
        return null == socketFile ? address().getPort() : 0;
    }

    /**
     * The address the server listens on.
     *
     * @return the address bound, with the port chosen for -p 0; null on a unix socket (-s).
     */
    public InetSocketAddress address()
    {
        return null == socketFile ? (InetSocketAddress)serverChannel.localAddress() : null;
    }

    /**
     * The unix socket the server listens on.
     *
     * @return the absolute path of -s, or null on TCP.
     */
    public Path socketPath()
    {
        return null == socketFile ? null : socketFile.path();
    }

    /**
     * Returns the server's counters.
     *
     * @return the server's counters.
     */
    public ServerStats stats()
    {
        return stats;
    }

    /**
     * Reads the -Y file and the TLS certificate and key again, what SIGHUP does to the command line's server as to
     * memcached: new connections and authentication attempts from then on use what was read, while connections already
     * authenticated or secured go on as they are. A file that cannot be read or breaks a rule changes nothing. An
     * embedded server handles no signal: its owner may call this instead.
     *
     * @return one line for each file that kept what was read before, naming it and the reason; empty when each was
     * read again, or there is neither -Y nor -Z.
     */
    public List<String> reload()
    {
        final List<String> failures = new ArrayList<>(2);
        final String usersFailure = null == users ? null : users.reload();
        if (null != usersFailure)
        {
            failures.add(oneLine(usersFailure) + "; keeping the users read before");
        }
        final String tlsFailure = null == tls ? null : tls.reload();
        if (null != tlsFailure)
        {
            failures.add(oneLine(tlsFailure) + "; keeping the certificate and key read before");
        }
        return failures;
    }

    private static String oneLine(final String text)
    {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Stops listening, closes every connection, then closes the store; a second call does nothing. */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (null != socketFile)
        {
            socketFile.remove();
        }
        store.close();
    }
}
