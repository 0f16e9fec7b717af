package io.tandem.processor;

import io.tandem.sip.uri.Uri;
import java.util.List;

/**
 * One place to send a forwarded request (a branch, RFC 3261 §16.5).
 *
 * @param requestUri the Request-URI of the branch (§16.6 step 2), e.g. a registered Contact
 * @param nextHop where to send it when it is not resolved from the URI or a Route: e.g. the
 *     observed address of a client behind NAT ("sip:203.0.113.7:40211;transport=tcp"); null to
 *     resolve the Route set or the Request-URI (RFC 3263)
 * @param routeSet Route values to put in front (e.g. a stored Path, RFC 3327 §5.3), top first
 * @param headers extra header lines for this branch only
 * @param credentials what to answer a 401/407 of this branch with, once (RFC 3261 §22.2, §22.3),
 *     e.g. a Trunk's outbound credentials; null to pass challenges on upstream
 */
public record Target(Uri requestUri, Uri nextHop, List<String> routeSet, List<Header> headers, DigestSecret credentials) {
    public Target {
        routeSet = List.copyOf(routeSet);
        headers = List.copyOf(headers);
    }

    /** A target without credentials. */
    public Target(Uri requestUri, Uri nextHop, List<String> routeSet, List<Header> headers) {
        this(requestUri, nextHop, routeSet, headers, null);
    }

    public static Target of(Uri requestUri) {
        return new Target(requestUri, null, List.of(), List.of());
    }

    public Target withNextHop(Uri hop) {
        return new Target(requestUri, hop, routeSet, headers, credentials);
    }

    /** This target answering a 401/407 with {@code secret} (null: passing it on). */
    public Target withCredentials(DigestSecret secret) {
        return new Target(requestUri, nextHop, routeSet, headers, secret);
    }
}
