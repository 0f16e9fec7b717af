package io.tandem.edgeport.dns;

import io.tandem.sip.uri.SipUri;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Turns the URI of a next hop into destinations to try in order (RFC 3263 §4): transport from
 * the URI's transport parameter, NAPTR or the scheme; port from the URI, SRV or the default;
 * addresses from A/AAAA. A numeric host is used directly, without any lookup.
 */
public interface TargetResolver {
    /** Destinations in the order to try; fails (SipResolutionException) when none exists. */
    CompletionStage<List<Destination>> resolve(SipUri uri);
}
