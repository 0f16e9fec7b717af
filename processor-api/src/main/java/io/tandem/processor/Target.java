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
 */
public record Target(Uri requestUri, Uri nextHop, List<String> routeSet, List<Header> headers) {
    public Target {
        routeSet = List.copyOf(routeSet);
        headers = List.copyOf(headers);
    }

    public static Target of(Uri requestUri) {
        return new Target(requestUri, null, List.of(), List.of());
    }

    public Target withNextHop(Uri hop) {
        return new Target(requestUri, hop, routeSet, headers);
    }
}
