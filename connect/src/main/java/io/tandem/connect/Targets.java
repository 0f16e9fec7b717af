package io.tandem.connect;

import io.tandem.location.Route;
import io.tandem.processor.DigestSecret;
import io.tandem.processor.Target;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Turns bindings and trunk URIs into the targets of a Forward decision. */
final class Targets {
    private Targets() {
    }

    /**
     * A registered binding: the Request-URI is the Contact as registered; the request goes to the
     * stored Path (RFC 3327 §5.3), else to the address and transport the REGISTER came from, which
     * reaches a client behind NAT and reuses its connection (TCP, TLS, WS).
     */
    static Target of(Route r) {
        Uri ruri = Uri.parse(r.contactUri());
        if (!r.path().isEmpty()) {
            return new Target(ruri, null, r.path(), List.of());
        }
        SipUri hop = SipUri.of(false, null, bracket(r.receivedHost()), r.receivedPort())
            .withParam("transport", r.receivedTransport().toLowerCase(Locale.ROOT));
        return Target.of(ruri).withNextHop(hop);
    }

    static List<Target> of(List<Route> routes) {
        return routes.stream().map(Targets::of).toList();
    }

    /**
     * A trunk's enabled outbound URIs for {@code number}: by priority (lower first), and within a
     * priority in a weighted random order (RFC 2782 style), so that failover walks the list.
     */
    static List<Target> trunk(Trunk trunk, String number) {
        return trunk(trunk, number, ThreadLocalRandom.current());
    }

    /** {@link #trunk(Trunk, String)} drawing the weighted order from {@code random}. */
    static List<Target> trunk(Trunk trunk, String number, RandomGenerator random) {
        List<Trunk.OutboundUri> uris = new ArrayList<>();
        if (trunk.spec().outbound() != null) {
            for (Trunk.OutboundUri u : trunk.spec().outbound().uris()) {
                if (u.enabled()) {
                    uris.add(u);
                }
            }
        }
        uris.sort(Comparator.comparingInt(Trunk.OutboundUri::priority));
        List<Target> out = new ArrayList<>();
        int i = 0;
        while (i < uris.size()) {
            int j = i;
            while (j < uris.size() && uris.get(j).priority() == uris.get(i).priority()) {
                j++;
            }
            List<Trunk.OutboundUri> group = new ArrayList<>(uris.subList(i, j));
            while (!group.isEmpty()) {
                out.add(target(pickWeighted(group, random), number));
            }
            i = j;
        }
        return out;
    }

    /** {@code targets}, each answering a 401/407 with {@code secret}; as they are when it is null. */
    static List<Target> withCredentials(List<Target> targets, DigestSecret secret) {
        return secret == null ? targets : targets.stream().map(t -> t.withCredentials(secret)).toList();
    }

    private static Trunk.OutboundUri pickWeighted(List<Trunk.OutboundUri> group, RandomGenerator random) {
        int total = 0;
        for (Trunk.OutboundUri u : group) {
            total += Math.max(1, u.weight());
        }
        int r = random.nextInt(total);
        for (int k = 0; k < group.size(); k++) {
            r -= Math.max(1, group.get(k).weight());
            if (r < 0) {
                return group.remove(k);
            }
        }
        return group.remove(group.size() - 1);
    }

    private static Target target(Trunk.OutboundUri u, String number) {
        Trunk.Uri t = u.uri();
        String user = number != null ? SipUri.escapeUser(number) : t.user();
        SipUri uri = SipUri.of(false, user, bracket(t.host()), t.port() > 0 ? t.port() : -1);
        if (t.transport() != null) {
            uri = uri.withParam("transport", t.transport().name().toLowerCase(Locale.ROOT));
        }
        return Target.of(uri);
    }

    static String bracket(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
