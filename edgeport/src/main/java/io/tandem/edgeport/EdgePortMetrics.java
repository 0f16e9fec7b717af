package io.tandem.edgeport;

import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.proxy.ProxyStats;
import io.tandem.edgeport.transport.TransportStats;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.Transport;

/** The EdgePort's own counters, registered once in the metrics registry (read only when exported). */
final class EdgePortMetrics {
    private EdgePortMetrics() {
    }

    static void register(MetricsRegistry r, ProxyStats p, TransportStats t, Door door) {
        r.counter("tandem_proxy_requests_total", "new requests handed to the proxy core", p.requests::sum);
        r.counter("tandem_proxy_forwarded_total", "requests forwarded (Forward decisions)", p.forwarded::sum);
        r.counter("tandem_proxy_rejected_total", "requests rejected by validation (RFC 3261 §16.3)", p.rejected::sum);
        r.counter("tandem_proxy_loops_total", "requests answered 482 Loop Detected", p.loops::sum);
        r.counter("tandem_proxy_processor_failures_total", "processor failures and timeouts (503)", p.processorFailures::sum);
        r.counter("tandem_proxy_dropped_total", "messages dropped on purpose", p.droppedByProcessor::sum, "reason", "processor");
        r.counter("tandem_proxy_dropped_total", "messages dropped on purpose", p.droppedUnknownMethod::sum, "reason", "unknown_method");
        r.counter("tandem_proxy_dropped_total", "messages dropped on purpose", p.droppedResponses::sum, "reason", "bad_response");
        r.counter("tandem_proxy_dropped_total", "messages dropped on purpose", p.droppedAcks::sum, "reason", "ack");
        r.counter("tandem_proxy_unparsable_total", "messages that did not parse", p.unparsable::sum);
        r.counter("tandem_proxy_internal_errors_total", "exceptions caught on a shard (bugs)", p.internalErrors::sum);
        r.counter("tandem_proxy_listener_errors_total", "call listener exceptions", p.listenerErrors::sum);
        r.counter("tandem_proxy_relay_hook_failures_total", "responses relayed unchanged after a relaying hook failed",
            p.relayHookFailures::sum);
        for (Transport tr : Transport.values()) {
            String name = tr.name().toLowerCase(java.util.Locale.ROOT);
            r.counter("tandem_transport_messages_in_total", "messages received", () -> t.messagesIn(tr), "transport", name);
        }
        r.counter("tandem_transport_oversize_total", "messages over maxMessageSize (dropped)", t::oversize);
        r.counter("tandem_transport_parse_errors_total", "messages that did not parse", t::parseErrors);
        r.counter("tandem_transport_connections_accepted_total", "stream connections accepted", t::acceptedConnections);
        r.counter("tandem_transport_connections_refused_total", "stream connections refused by the limits", t::refusedConnections);
        r.counter("tandem_transport_tls_handshake_timeouts_total", "TLS/WSS connections closed: no handshake within tlsHandshakeTimeout",
            t::tlsHandshakeTimeouts);
        r.counter("tandem_door_refused_total", "connections and datagrams refused by a source filter", t::refusedBySource);
        r.counter("tandem_door_dropped_total", "messages dropped by a door filter", door::dropped);
        r.counter("tandem_door_rejected_total", "requests answered by a door filter", door::rejected);
        r.counter("tandem_door_filter_errors_total", "door filters that threw (message let through)", door::filterErrors);
    }

    /** Retransmissions over UDP (RFC 3261 §17): requests that came again, and what our timers sent again. */
    static void retransmissions(MetricsRegistry r, Shard[] shards) {
        r.counter("tandem_sip_retransmissions_total", "retransmissions: in, requests received again (absorbed or answered again); out, sent again by a retransmission timer",
            () -> java.util.Arrays.stream(shards).mapToLong(s -> s.transactions().retransmissionsReceived()).sum(), "direction", "in");
        r.counter("tandem_sip_retransmissions_total", "retransmissions: in, requests received again (absorbed or answered again); out, sent again by a retransmission timer",
            () -> java.util.Arrays.stream(shards).mapToLong(s -> s.transactions().retransmissionsSent()).sum(), "direction", "out");
    }

    /** Open stream connections by transport (UDP has none). */
    static void connections(MetricsRegistry r, io.tandem.edgeport.transport.NettySipTransport transport) {
        for (Transport tr : Transport.values()) {
            if (tr != Transport.UDP) {
                r.gauge("tandem_transport_connections", "open stream connections", () -> transport.openConnections(tr),
                    "transport", tr.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
