package io.tandem.security;

import java.net.InetAddress;
import java.util.List;

/** A list of networks (trusted sources, an ACL side); {@link #contains} loops without allocating. */
public record Networks(List<Network> list) {
    public static final Networks NONE = new Networks(List.of());

    public Networks {
        list = List.copyOf(list);
    }

    public boolean contains(InetAddress ip) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** The longest prefix among the networks that contain {@code ip}, or -1. */
    public int longestMatch(InetAddress ip) {
        int best = -1;
        for (int i = 0; i < list.size(); i++) {
            Network n = list.get(i);
            if (n.prefix() > best && n.contains(ip)) {
                best = n.prefix();
            }
        }
        return best;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
