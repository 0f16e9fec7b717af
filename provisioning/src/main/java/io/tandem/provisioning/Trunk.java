package io.tandem.provisioning;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A {@code kind: Trunk} resource: a connection to a PSTN provider, inbound and/or outbound. */
public record Trunk(String apiVersion, String ref, Metadata metadata, Spec spec) implements Resource {
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    public Trunk {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(spec, "spec");
    }

    /**
     * @param inbound {@code spec.inbound}, or null
     * @param outbound {@code spec.outbound}, or null
     * @param limits {@code spec.limits} (a Tandem extension: maxCalls, callsPerSecond), {@link CallLimits#NONE} when absent
     */
    public record Spec(Inbound inbound, Outbound outbound, CallLimits limits) {
        public Spec {
            limits = limits == null ? CallLimits.NONE : limits;
        }

        /** A spec without limits (Routr's fields only). */
        public Spec(Inbound inbound, Outbound outbound) {
            this(inbound, outbound, CallLimits.NONE);
        }
    }

    /**
     * @param uri {@code spec.inbound.uri}: the host the provider sends calls to, e.g. {@code trunk01.acme.com}
     * @param accessControlListRef {@code spec.inbound.accessControlListRef}, or null
     * @param credentialsRef {@code spec.inbound.credentialsRef}, or null
     * @param numbering {@code spec.inbound.numbering} (a Tandem extension), or null for the server's default
     */
    public record Inbound(String uri, String accessControlListRef, String credentialsRef, Numbering numbering) {
        public Inbound {
            Objects.requireNonNull(uri, "uri");
        }

        /** An inbound side without a numbering plan (Routr's fields only). */
        public Inbound(String uri, String accessControlListRef, String credentialsRef) {
            this(uri, accessControlListRef, credentialsRef, null);
        }
    }

    /**
     * @param sendRegister {@code spec.outbound.sendRegister}, default false
     * @param credentialsRef {@code spec.outbound.credentialsRef}, or null
     * @param uris {@code spec.outbound.uris}, in document order
     */
    public record Outbound(boolean sendRegister, String credentialsRef, List<OutboundUri> uris) {
        public Outbound {
            uris = uris == null ? List.of() : List.copyOf(uris);
        }
    }

    /**
     * One entry of {@code spec.outbound.uris}.
     *
     * @param uri {@code uri}
     * @param priority {@code priority} (0..65535), 0 when absent
     * @param weight {@code weight} (1..65535), 1 when absent
     * @param enabled {@code enabled}, default true
     */
    public record OutboundUri(Uri uri, int priority, int weight, boolean enabled) {
        public OutboundUri {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** {@code spec.outbound.uris[*].uri}; {@code user} may be null. */
    public record Uri(String user, String host, int port, Transport transport) {
        public Uri {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(transport, "transport");
        }
    }

    /** The transports Routr accepts (upper or lower case in documents). */
    public enum Transport {
        UDP, TCP, SCTP, TLS, WS, WSS;

        /** The transport named {@code s} (any case), or null. */
        public static Transport parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    @Override
    public Kind kind() {
        return Kind.TRUNK;
    }

    /** {@code spec.inbound.uri}, or null. */
    public String inboundUri() {
        return spec.inbound() == null ? null : spec.inbound().uri();
    }

    /** {@code spec.inbound.accessControlListRef}, or null. */
    public String accessControlListRef() {
        return spec.inbound() == null ? null : spec.inbound().accessControlListRef();
    }

    /** {@code spec.inbound.credentialsRef}, or null. */
    public String inboundCredentialsRef() {
        return spec.inbound() == null ? null : spec.inbound().credentialsRef();
    }

    /** {@code spec.inbound.numbering}, or null when the Trunk uses the server's default plan. */
    public Numbering inboundNumbering() {
        return spec.inbound() == null ? null : spec.inbound().numbering();
    }

    /** {@code spec.outbound.credentialsRef}, or null. */
    public String outboundCredentialsRef() {
        return spec.outbound() == null ? null : spec.outbound().credentialsRef();
    }

    /**
     * Whether the inbound side names neither {@code accessControlListRef} nor {@code credentialsRef}:
     * such a Trunk is admitted only from {@link #outboundAddresses()} (a Tandem rule; see README.md).
     * False without an inbound side (no request is taken as the Trunk's then).
     */
    public boolean inboundUnguarded() {
        Inbound in = spec.inbound();
        return in != null && in.accessControlListRef() == null && in.credentialsRef() == null;
    }

    /**
     * The numeric hosts of {@code spec.outbound.uris} (enabled or not: a gateway taken out of the
     * egress rotation still sends calls), in document order. Host names are left out: they are not
     * resolved here (no DNS look-up when loading or routing).
     */
    public List<InetAddress> outboundAddresses() {
        List<InetAddress> out = new ArrayList<>();
        if (spec.outbound() != null) {
            for (OutboundUri u : spec.outbound().uris()) {
                InetAddress a = literal(u.uri().host());
                if (a != null && !out.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The address {@code host} writes literally ({@code 198.51.100.10}, {@code [2001:db8::1]}), or null for a name. */
    private static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!DOTTED_QUAD.matcher(h).matches() && (h.indexOf(':') < 0 || h.indexOf('%') >= 0)) {
            return null; // a name (or a scoped IPv6 address, which names an interface of this host only)
        }
        try {
            return InetAddress.ofLiteral(h); // never a DNS look-up
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
