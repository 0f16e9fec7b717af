package io.tandem.grpc;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loop that every gRPC link of a process runs on: the services it serves
 * ({@link GrpcServer}) and the links it dials ({@link GrpcLink}), with their calls' callbacks run
 * on it directly (gRPC's direct executor), never on an executor thread. A request that a
 * Dispatcher or Connect receives is then handled, passed on to the next component and its
 * answer written back on one thread, without waking another: on loopback each such hand-off
 * cost a fifth of a millisecond (a thread woken on an idle CPU), and a call crossed about twenty
 * of them. What runs on it never blocks (the Processor and Location contracts are asynchronous;
 * in {@code tandem run} the same code runs on the SIP event loops).
 *
 * <p>One thread by default: a service has one connection from each client, which Netty puts on
 * one loop anyway, and a single loop keeps the incoming and the outgoing connection on the same
 * thread. {@code -Dtandem.grpc.threads=N} gives N loops to a service that many clients use at
 * once (connections are spread over them; a hand-off comes back where the two differ).
 */
final class LinkLoop {
    static final String THREADS_PROPERTY = "tandem.grpc.threads";
    private static final boolean EPOLL = Epoll.isAvailable();
    static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(threads(System.getProperty(THREADS_PROPERTY)),
        new DefaultThreadFactory("tandem-grpc", true), EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());

    private LinkLoop() {
    }

    static Class<? extends Channel> clientChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The loop count {@code value} names (null: 1); anything but a number from 1 to 64 is refused naming the property. */
    static int threads(String value) {
        if (value == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + " must be a number of threads from 1 to 64, not '" + value + "'");
    }
}
