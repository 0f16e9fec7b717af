package io.tandem.processor;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one answer to "is this address ours": a host and port name this EdgePort when they belong
 * to the same listening point: its advertised or bound host (any local interface, and localhost,
 * when it is bound to a wildcard address), or one of the external addresses, with the port it
 * listens on or advertises. Another port of a host we share with other services is not us. Used
 * for our own Route, Record-Route and Via entries (RFC 3261 §16.4, §16.7 step 3), requests
 * addressed to the server itself, and a domain that is the server's address. Immutable.
 */
public final class OwnAddresses {
    private static final Map<List<Object>, OwnAddresses> CACHE = new ConcurrentHashMap<>();

    private final List<ListeningPoint> points;
    /** Each host that names us, and the ports it names us with. */
    private final Map<String, int[]> portsByHost;

    private OwnAddresses(List<ListeningPoint> points, List<String> externalAddrs) {
        this.points = List.copyOf(points);
        Map<String, Set<Integer>> m = new HashMap<>();
        Set<String> interfaces = null;
        for (ListeningPoint lp : points) {
            Set<String> hosts = new HashSet<>();
            hosts.add(normalize(lp.advertisedHost()));
            hosts.add(normalize(lp.bindHost()));
            if (isWildcard(lp.bindHost())) {
                if (interfaces == null) {
                    interfaces = interfaceAddresses();
                }
                hosts.addAll(interfaces);
            }
            for (String e : externalAddrs) {
                hosts.add(normalize(e));
            }
            for (String h : hosts) {
                Set<Integer> ports = m.computeIfAbsent(h, k -> new HashSet<>());
                ports.add(lp.port());
                ports.add(lp.advertisedPort());
            }
        }
        Map<String, int[]> out = new HashMap<>();
        m.forEach((h, ports) -> out.put(h, ports.stream().mapToInt(Integer::intValue).toArray()));
        this.portsByHost = Map.copyOf(out);
    }

    /** The addresses of these listening points and external addresses (kept: configurations rarely change). */
    public static OwnAddresses of(List<ListeningPoint> points, List<String> externalAddrs) {
        List<Object> key = List.of(List.copyOf(points), List.copyOf(externalAddrs));
        OwnAddresses a = CACHE.get(key);
        if (a == null) {
            if (CACHE.size() > 64) {
                CACHE.clear();
            }
            a = CACHE.computeIfAbsent(key, k -> new OwnAddresses(points, externalAddrs));
        }
        return a;
    }

    public List<ListeningPoint> points() {
        return points;
    }

    /** True when {@code host} (a name or a literal, brackets allowed) and {@code port} name this EdgePort. */
    public boolean isOwn(String host, int port) {
        int[] ports = portsByHost.get(normalize(host));
        if (ports == null) {
            return false;
        }
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, no brackets, no IPv6 zone, canonical IPv6 text (never a DNS lookup). */
    public static String normalize(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        h = h.toLowerCase(Locale.ROOT);
        int pct = h.indexOf('%');
        if (pct >= 0) {
            h = h.substring(0, pct);
        }
        if (h.indexOf(':') >= 0) {
            try {
                h = InetAddress.ofLiteral(h).getHostAddress();
            } catch (IllegalArgumentException notALiteral) {
                return h;
            }
        }
        return h;
    }

    private static boolean isWildcard(String host) {
        String h = normalize(host);
        return h.equals("0.0.0.0") || h.equals("0:0:0:0:0:0:0:0");
    }

    private static Set<String> interfaceAddresses() {
        Set<String> out = new HashSet<>();
        out.add("localhost");
        out.add("127.0.0.1");
        out.add("0:0:0:0:0:0:0:1");
        try {
            var ifs = NetworkInterface.getNetworkInterfaces();
            while (ifs != null && ifs.hasMoreElements()) {
                var addrs = ifs.nextElement().getInetAddresses();
                while (addrs.hasMoreElements()) {
                    out.add(normalize(addrs.nextElement().getHostAddress()));
                }
            }
        } catch (SocketException e) {
            // keep what we have: the advertised addresses still identify us
        }
        return out;
    }
}
