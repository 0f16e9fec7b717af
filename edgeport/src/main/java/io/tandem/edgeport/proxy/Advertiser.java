package io.tandem.edgeport.proxy;

import io.tandem.processor.ListeningPoint;
import java.net.InetAddress;

/**
 * The host this EdgePort writes into Via and Record-Route toward a peer: an external address for
 * peers outside the local networks, the local one inside (Routr's externalAddrs and localnets).
 */
@FunctionalInterface
public interface Advertiser {
    String hostFor(ListeningPoint point, InetAddress peer);

    /** Always the listening point's advertised host. */
    Advertiser FIXED = (lp, peer) -> lp.advertisedHost();
}
