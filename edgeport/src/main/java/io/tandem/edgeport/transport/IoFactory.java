package io.tandem.edgeport.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;

/** Native epoll when the platform has it (and it is wanted), the JDK's NIO otherwise: Netty 4.2 I/O handlers and channels. */
final class IoFactory {
    private final boolean epoll;

    IoFactory(boolean preferNative) {
        this.epoll = preferNative && Epoll.isAvailable();
    }

    boolean isNative() {
        return epoll;
    }

    MultiThreadIoEventLoopGroup newGroup(int threads) {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("sip-io"), io);
    }

    static SocketProtocolFamily family(InetAddress a) {
        return a instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }

    ChannelFactory<DatagramChannel> datagram(SocketProtocolFamily f) {
        return epoll ? () -> new EpollDatagramChannel(f) : () -> new NioDatagramChannel(f);
    }

    ChannelFactory<ServerChannel> server(SocketProtocolFamily f) {
        return epoll ? () -> new EpollServerSocketChannel(f) : () -> new NioServerSocketChannel(SelectorProvider.provider(), f);
    }

    ChannelFactory<Channel> client(SocketProtocolFamily f) {
        return epoll ? () -> new EpollSocketChannel(f) : () -> new NioSocketChannel(SelectorProvider.provider(), f);
    }
}
