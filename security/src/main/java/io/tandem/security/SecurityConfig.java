package io.tandem.security;

import java.util.List;

/**
 * {@code spec.security} of the EdgePort document, typed; read by {@link SecurityConfigReader}.
 * Every field has a default that is safe on the public internet (pike-like); a limit of 0 turns
 * its check off. See README, "Security at the door".
 *
 * @param enabled false: no filter at all (default true)
 * @param trusted carriers, PBXs, office NATs: never banned by a detector, own flood limit
 *     (default: the EdgePort's localnets plus loopback)
 * @param adminFrom who may list and lift bans over HTTP (default loopback)
 * @param topology topology hiding (off by default)
 */
public record SecurityConfig(boolean enabled, Networks trusted, Networks adminFrom, Acl acl, Bans bans, Flood flood,
                             Scanners scanners, BruteForce bruteForce, Lengths lengths, Connections connections,
                             Topology topology) {
    public static final Networks LOOPBACK = new Networks(List.of(Network.parse("127.0.0.0/8"), Network.parse("::1")));

    /** Admitted when the longest matching network is in allow, or when nothing matches and allow is empty; deny wins ties. */
    public record Acl(Networks allow, Networks deny) {
        public static final Acl OPEN = new Acl(Networks.NONE, Networks.NONE);

        public boolean isOpen() {
            return allow.isEmpty() && deny.isEmpty();
        }
    }

    /** A ban of the configuration; {@code seconds} {@link Ban#PERMANENT} when not given. */
    public record StaticBan(Network network, String reason, long seconds) {
    }

    /**
     * @param banSeconds how long a detector's ban lasts (default 300)
     * @param shared shared through Redis when the location provider is Redis ({@code share: auto}, default)
     */
    public record Bans(long banSeconds, boolean shared, List<StaticBan> list) {
        public static final Bans DEFAULT = new Bans(300, true, List.of());

        public Bans {
            list = List.copyOf(list);
        }
    }

    /** Requests per source per window (pike: 2 s, 30); over the limit the source is banned, a trusted one only dropped. */
    public record Flood(long windowSeconds, int maxRequests, int maxInvites, int maxRegisters, int trustedMaxRequests) {
        public static final Flood DEFAULT = new Flood(2, 30, 0, 0, 0);
    }

    /** User-Agent substrings (any case) of scanners: no answer and a ban. */
    public record Scanners(List<String> userAgents) {
        public static final Scanners DEFAULT = new Scanners(List.of("friendly-scanner", "friendly-request", "sipvicious",
            "sipcli", "sip-scan", "vaxsipuseragent", "iwar", "sivus", "gulp", "smap", "sundayddr", "pplsip", "siparmyknife"));

        public Scanners {
            userAgents = List.copyOf(userAgents);
        }
    }

    /** Failed digest answers (401/407 to a request with credentials, not stale) per source and per user in a window. */
    public record BruteForce(long windowSeconds, int maxFailures, int maxFailuresPerUser) {
        public static final BruteForce DEFAULT = new BruteForce(60, 5, 20);
    }

    /** Length guards (CVE-2018-8828-like oversized fields): 414 for the Request-URI, 400 for headers, 413 for the body. */
    public record Lengths(boolean reject, int maxRequestUri, int maxUriUser, int maxHeaders, int maxHeaderLength, int maxBody) {
        public static final Lengths DEFAULT = new Lengths(true, 1024, 64, 100, 4096, 32768);
    }

    /** New stream connections per second: per source (trusted ones exempt) and in total. */
    public record Connections(int acceptPerSourcePerSecond, int acceptPerSecond) {
        public static final Connections DEFAULT = new Connections(20, 1000);
    }

    /**
     * Topology hiding ({@code topologyHiding}): our Via, Record-Route and Contact masked toward every
     * side but the {@code exempt} networks, with a key derived from the server's secret.
     */
    public record Topology(boolean enabled, Networks exempt) {
        public static final Topology OFF = new Topology(false, Networks.NONE);
    }
}
