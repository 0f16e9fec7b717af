package io.tandem.edgeport.proxy;

import io.tandem.edgeport.dns.NumericResolver;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.OwnAddresses;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The addresses that name this EdgePort, for SIP URIs and Via entries ({@link OwnAddresses} decides),
 * and the listening point to send from. Used to recognize our own Route and Record-Route entries
 * (RFC 3261 §16.4), our Via (§16.7 step 3) and requests addressed to us.
 */
public final class LocalAddresses {
    private final List<ListeningPoint> points;
    private final OwnAddresses own;

    public LocalAddresses(List<ListeningPoint> points, List<String> externalAddrs) {
        this.points = List.copyOf(points);
        this.own = OwnAddresses.of(points, externalAddrs);
    }

    private static boolean isWildcard(String h) {
        String b = NumericResolver.bareHost(h);
        return b.equals("0.0.0.0") || b.equals("::") || b.equals("0:0:0:0:0:0:0:0");
    }

    public List<ListeningPoint> points() {
        return points;
    }

    /** True if the URI names this EdgePort (host and port; a missing port means the default). */
    public boolean isLocal(Uri uri) {
        if (!(uri instanceof SipUri s)) {
            return false;
        }
        Transport t;
        try {
            t = NumericResolver.transportOf(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return own.isOwn(s.host(), NumericResolver.portOf(s, t));
    }

    /** True if this Via was written by us (sent-by is one of our addresses and ports). */
    public boolean isLocal(Via via) {
        int port = via.port() >= 0 ? via.port() : (via.transport().equalsIgnoreCase("TLS") ? 5061 : 5060);
        return own.isOwn(via.host(), port);
    }

    /** The listening point to send from for this transport and address family, or null. */
    public ListeningPoint pointFor(Transport t, InetSocketAddress dest) {
        boolean v6 = dest.getAddress() instanceof java.net.Inet6Address;
        ListeningPoint any = null;
        for (ListeningPoint lp : points) {
            if (lp.transport() != t) {
                continue;
            }
            boolean lpV6 = NumericResolver.bareHost(lp.bindHost()).indexOf(':') >= 0;
            if (lpV6 == v6 || isWildcard(lp.bindHost()) && !lpV6) {
                return lp;
            }
            any = lp;
        }
        return any;
    }
}
