package io.tandem.edgeport.proxy;

import io.tandem.edgeport.dns.NumericResolver;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The addresses that name this EdgePort: what it advertises, what it is bound to (every local
 * interface when bound to a wildcard) and its external addresses. Used to recognize our own Route
 * and Record-Route entries (RFC 3261 §16.4), our Via (§16.7 step 3) and requests addressed to us.
 */
public final class LocalAddresses {
    private final List<ListeningPoint> points;
    private final Set<String> hosts = new HashSet<>();
    private final Set<Integer> ports = new HashSet<>();

    public LocalAddresses(List<ListeningPoint> points, List<String> externalAddrs) {
        this.points = List.copyOf(points);
        for (ListeningPoint lp : points) {
            hosts.add(norm(lp.advertisedHost()));
            hosts.add(norm(lp.bindHost()));
            ports.add(lp.port());
            ports.add(lp.advertisedPort());
            if (isWildcard(lp.bindHost())) {
                addInterfaces();
            }
        }
        for (String e : externalAddrs) {
            hosts.add(norm(e));
        }
    }

    private void addInterfaces() {
        try {
            var ifs = NetworkInterface.getNetworkInterfaces();
            while (ifs != null && ifs.hasMoreElements()) {
                var addrs = ifs.nextElement().getInetAddresses();
                while (addrs.hasMoreElements()) {
                    hosts.add(norm(addrs.nextElement().getHostAddress()));
                }
            }
        } catch (SocketException e) {
            // keep what we have: the advertised addresses still identify us
        }
        hosts.add("localhost");
    }

    private static boolean isWildcard(String h) {
        String b = NumericResolver.bareHost(h);
        return b.equals("0.0.0.0") || b.equals("::") || b.equals("0:0:0:0:0:0:0:0");
    }

    /** Lower case, no brackets, no IPv6 zone, canonical IPv6 text. */
    static String norm(String host) {
        String h = NumericResolver.bareHost(host).toLowerCase(Locale.ROOT);
        int pct = h.indexOf('%');
        if (pct >= 0) {
            h = h.substring(0, pct);
        }
        if (h.indexOf(':') >= 0) {
            try {
                h = InetAddress.getByName(h).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return h;
            }
        }
        return h;
    }

    public List<ListeningPoint> points() {
        return points;
    }

    /** True if the URI names this EdgePort (host and port; a missing port means the default). */
    public boolean isLocal(Uri uri) {
        if (!(uri instanceof SipUri s)) {
            return false;
        }
        if (!hosts.contains(norm(s.host()))) {
            return false;
        }
        Transport t;
        try {
            t = NumericResolver.transportOf(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return ports.contains(NumericResolver.portOf(s, t));
    }

    /** True if this Via was written by us (sent-by is one of our addresses and ports). */
    public boolean isLocal(Via via) {
        if (!hosts.contains(norm(via.host()))) {
            return false;
        }
        int port = via.port() >= 0 ? via.port() : (via.transport().equalsIgnoreCase("TLS") ? 5061 : 5060);
        return ports.contains(port);
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
