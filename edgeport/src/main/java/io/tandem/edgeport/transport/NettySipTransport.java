package io.tandem.edgeport.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutor;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.edgeport.door.OutboundFilter;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EdgePort's transports on Netty 4.2 (RFC 3261 §18; RFC 7118 for WS/WSS): one event loop group
 * of its own (epoll when available, NIO otherwise), the listeners of an {@link EdgePortConfig}, a
 * connection table for reuse (RFC 5923), outbound TCP/TLS connections, limits and counters.
 *
 * <p>With epoll every UDP listener gets one socket per event loop, bound with SO_REUSEPORT, so
 * that the kernel spreads datagrams over all cores.
 */
public final class NettySipTransport implements SipTransport {
    /**
     * Receive buffer of UDP sockets and of TCP/TLS/WebSocket connections. The kernel's default
     * (128 KB) holds two segments of loopback's 64 KB MSS: while a loop is paused (a GC) the kernel
     * drops what does not fit, and TCP's retransmission back-off (0.2 s, doubling) then stalls the
     * connection for seconds (a 13 s stall in the TCP benchmark of 2026-12-02, with drops counted
     * in the sockets). Linux caps it at net.core.rmem_max: a start-up warning says so.
     */
    static final int RCVBUF = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(NettySipTransport.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final EdgePortConfig config;
    private final IoFactory io;
    private final MultiThreadIoEventLoopGroup group;
    private final TransportStats stats = new TransportStats();
    private final ConnectionTable table;
    private final SslContext serverSsl;
    private final SslContext clientSsl;
    private final List<Listener> listeners = new ArrayList<>();
    private final ConcurrentHashMap<ConnectionTable.Key, CompletableFuture<Flow>> connecting = new ConcurrentHashMap<>();
    private volatile TransportContext ctx;
    private volatile MessageTap tap = MessageTap.NONE;
    private volatile OutboundFilter outbound = OutboundFilter.NONE;
    private volatile boolean closed;

    /**
     * @param ioThreads event loops, 0 for Netty's default
     * @param preferNative use epoll when the platform supports it
     * @throws IllegalArgumentException when the TLS credentials cannot be loaded
     */
    public NettySipTransport(EdgePortConfig config, int ioThreads, boolean preferNative) {
        this.config = config;
        this.io = new IoFactory(preferNative);
        this.table = new ConnectionTable(config.limits());
        boolean secure = config.transports().stream().anyMatch(t -> t.protocol().isSecure());
        this.serverSsl = secure ? SslContexts.server(config.securityContext()) : null;
        this.clientSsl = secure ? SslContexts.client(config.securityContext()) : null;
        List<ListeningPoint> points = config.listeningPoints();
        for (int i = 0; i < points.size(); i++) {
            listeners.add(new Listener(config.transports().get(i), points.get(i)));
        }
        this.group = io.newGroup(ioThreads);
    }

    /** Sees every message read and written from {@link #start} on; set before it. */
    public void tap(MessageTap t) {
        tap = t == null ? MessageTap.NONE : t;
    }

    /** Sees every message before it is written, and may rewrite it (the door's outbound side); set before {@link #start}. */
    public void outbound(OutboundFilter f) {
        outbound = f == null ? OutboundFilter.NONE : f;
    }

    /** Counters for the metrics module. */
    public TransportStats stats() {
        return stats;
    }

    /**
     * The event loops that read and write every socket. The EdgePort runs its transactions on
     * them too, so that a message is parsed, matched, processed and sent on one thread.
     */
    public List<EventLoop> eventLoops() {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        return loops;
    }

    /** Open stream connections in the table (inbound and outbound). */
    public int openConnections() {
        return table.size();
    }

    /** Open stream connections of one transport. */
    public int openConnections(Transport transport) {
        return table.count(transport);
    }

    /**
     * Closes every open stream connection (TCP, TLS, WS, WSS; inbound or outbound) whose peer
     * address {@code peer} accepts, e.g. a source just banned; returns how many. Walks the
     * connection table: for rare events, not per message. Never blocks (the closes complete later).
     */
    public int closeConnections(java.util.function.Predicate<java.net.InetAddress> peer) {
        int n = 0;
        for (StreamFlow f : table.all()) {
            if (f.isOpen() && peer.test(f.remote().getAddress())) {
                f.channel().close();
                n++;
            }
        }
        return n;
    }

    /** Whether the native epoll transport is in use. */
    public boolean isNative() {
        return io.isNative();
    }

    @Override
    public CompletionStage<Void> start(InboundHandler handler) {
        if (ctx != null) {
            throw new IllegalStateException("already started");
        }
        ctx = new TransportContext(handler, stats, table, config.limits(), tap, outbound);
        List<CompletableFuture<Void>> binds = new ArrayList<>();
        for (Listener l : listeners) {
            binds.add(l.spec.protocol() == Transport.UDP ? bindUdp(l) : bindStream(l));
        }
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e != null) { // all or nothing: release what did bind
                listeners.forEach(l -> l.channels.forEach(Channel::close));
            } else if (LOG.isInfoEnabled()) {
                LOG.info("listening on {} ({})", listeningPoints(), io.isNative() ? "epoll" : "nio");
            }
        });
    }

    private CompletableFuture<Void> bindUdp(Listener l) {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
            if (!io.isNative()) {
                break; // without SO_REUSEPORT, a single socket
            }
        }
        int bufferSize = Math.min(config.limits().maxMessageSize() + 1, 65_536); // one more byte reveals an over-size datagram
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (EventLoop loop : loops) {
            chain = chain.thenCompose(v -> {
                Bootstrap b = new Bootstrap().group(loop).channelFactory(io.datagram(IoFactory.family(l.bindAddress)))
                    .option(ChannelOption.SO_RCVBUF, RCVBUF)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(bufferSize))
                    .handler(new UdpHandler(l, ctx));
                if (io.isNative()) {
                    b.option(UnixChannelOption.SO_REUSEPORT, true);
                }
                return bound(l, b.bind(l.bindAddress, l.channels.isEmpty() ? l.spec.port() : l.point.port()));
            });
        }
        return chain;
    }

    private CompletableFuture<Void> bindStream(Listener l) {
        SslContext ssl = l.spec.protocol().isSecure() ? serverSsl : null;
        ServerBootstrap b = new ServerBootstrap().group(group).channelFactory(io.server(IoFactory.family(l.bindAddress)))
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_RCVBUF, RCVBUF) // on the listening socket: inherited, before the SYN-ACK
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(new StreamInitializer(l, ctx, ssl, null));
        return bound(l, b.bind(l.bindAddress, l.spec.port()));
    }

    /** Records a bound socket; the first one fixes the listening point's port (runs on the loop, before any read). */
    private static CompletableFuture<Void> bound(Listener l, ChannelFuture bind) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        bind.addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(new IOException("cannot bind " + l.spec.protocol().uriParam() + " on "
                    + l.spec.bindAddr() + ":" + l.spec.port() + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            if (l.channels.isEmpty()) {
                warnIfCapped(l, bind.channel());
                int port = ((InetSocketAddress) bind.channel().localAddress()).getPort();
                ListeningPoint p = l.point;
                l.point = new ListeningPoint(p.transport(), p.bindHost(), port, p.advertisedHost(), p.port() == 0 ? port : p.advertisedPort());
            }
            l.channels.add(bind.channel());
            done.complete(null);
        });
        return done;
    }

    /** Linux reports twice what it grants; less than asked means net.core.rmem_max capped it. */
    private static void warnIfCapped(Listener l, Channel c) {
        Integer granted = c.config().getOption(ChannelOption.SO_RCVBUF);
        if (granted != null && granted < RCVBUF) {
            LOG.warn("{} listener {}:{}: the kernel granted a receive buffer of {} bytes, not the {} asked for "
                    + "(capped by net.core.rmem_max): bursts may be dropped; raise it with sysctl -w net.core.rmem_max=4194304",
                l.spec.protocol().uriParam(), l.spec.bindAddr(), l.spec.port(), granted, RCVBUF);
        }
    }

    @Override
    public List<ListeningPoint> listeningPoints() {
        return listeners.stream().map(l -> l.point).toList();
    }

    @Override
    public CompletionStage<Flow> flowTo(Transport transport, InetSocketAddress destination) {
        if (ctx == null || closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("transport not started or closed"));
        }
        if (destination.isUnresolved()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unresolved destination " + destination));
        }
        Listener l = listenerFor(transport, destination);
        if (l == null) {
            return CompletableFuture.failedFuture(new IOException("no " + transport + " listening point for " + destination));
        }
        if (transport == Transport.UDP) {
            return CompletableFuture.completedFuture(new UdpFlow(l.channelFor(destination.hashCode()), l, destination, l.point, ctx));
        }
        StreamFlow open = table.get(transport, destination);
        if (open != null) {
            return CompletableFuture.completedFuture(open);
        }
        if (transport == Transport.WS || transport == Transport.WSS) {
            return CompletableFuture.failedFuture(new IOException("no open " + transport + " connection to " + destination
                + " (outbound WebSocket connections are not supported)"));
        }
        ConnectionTable.Key key = new ConnectionTable.Key(transport, destination);
        CompletableFuture<Flow> mine = new CompletableFuture<>();
        CompletableFuture<Flow> pending = connecting.putIfAbsent(key, mine);
        if (pending != null) {
            return pending; // a connection to it is on its way: share it
        }
        open = table.get(transport, destination); // connected while we looked?
        if (open != null) {
            mine.complete(open);
        } else {
            connect(l, destination, mine);
        }
        mine.whenComplete((f, e) -> connecting.remove(key, mine));
        return mine;
    }

    private Listener listenerFor(Transport transport, InetSocketAddress destination) {
        for (boolean exact : new boolean[] {true, false}) {
            for (Listener l : listeners) {
                if (l.spec.protocol() == transport && !l.channels.isEmpty() && l.reaches(destination.getAddress(), exact)) {
                    return l;
                }
            }
        }
        return null;
    }

    /** Opens a TCP or TLS connection (RFC 3261 §18.1.1); for TLS the flow is ready once the handshake is done. */
    private void connect(Listener l, InetSocketAddress destination, CompletableFuture<Flow> result) {
        Transport transport = l.spec.protocol();
        Bootstrap b = new Bootstrap().group(group).channelFactory(io.client(IoFactory.family(destination.getAddress())))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.SO_RCVBUF, RCVBUF)
            .handler(new StreamInitializer(l, ctx, transport.isSecure() ? clientSsl : null, destination));
        ChannelFuture cf = b.connect(destination);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new ConnectException("cannot connect to " + destination + " over " + transport
                    + ": " + f.cause().getMessage()));
                return;
            }
            Channel ch = cf.channel();
            StreamFlow flow = ch.attr(StreamInitializer.FLOW).get();
            SslHandler tls = ch.pipeline().get(SslHandler.class);
            if (tls == null) {
                flow.announce();
                result.complete(flow);
                return;
            }
            tls.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    flow.announce();
                    result.complete(flow);
                } else {
                    result.completeExceptionally(new ConnectException("TLS handshake with " + destination + " failed: "
                        + h.cause().getMessage()));
                    ch.close();
                }
            });
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Listener l : listeners) {
            for (Channel c : l.channels) {
                c.close();
            }
        }
        for (StreamFlow f : table.all()) {
            f.channel().close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
