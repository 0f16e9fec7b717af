package io.tandem.edgeport.transport;

import io.netty.channel.Channel;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.processor.ListeningPoint;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One configured listener: its bound sockets (several UDP sockets with SO_REUSEPORT) and its listening point. */
final class Listener {
    final TransportSpec spec;
    final InetAddress bindAddress;
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    /** Set when the first socket is bound (the port is known then, even for port 0), before any read. */
    volatile ListeningPoint point;

    Listener(TransportSpec spec, ListeningPoint configured) {
        this.spec = spec;
        this.bindAddress = InetAddress.ofLiteral(spec.bindAddr());
        this.point = configured;
    }

    /** Whether this listener can reach {@code dest}: same address family, or an IPv6 wildcard (dual stack). */
    boolean reaches(InetAddress dest, boolean exactFamily) {
        boolean same = bindAddress.getAddress().length == dest.getAddress().length;
        return same || !exactFamily && bindAddress.isAnyLocalAddress() && bindAddress.getAddress().length == 16;
    }

    /** A socket to send from: preferably the one served by the calling event loop. */
    Channel channelFor(int destinationHash) {
        List<Channel> cs = channels;
        for (Channel c : cs) {
            if (c.eventLoop().inEventLoop()) {
                return c;
            }
        }
        return cs.get((destinationHash & 0x7fffffff) % cs.size());
    }
}
