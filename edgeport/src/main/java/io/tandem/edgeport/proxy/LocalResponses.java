package io.tandem.edgeport.proxy;

import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.sip.message.ResponseEditor;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The responses this proxy generates itself (RFC 3261 §8.2.6): a To tag on all but 100 (§8.2.6.2),
 * and the configured {@code Server} header (§20.35), or none when it is configured empty.
 * Immutable.
 */
final class LocalResponses {
    private final String server;

    /** @param server the Server header value; null or empty: no Server header */
    LocalResponses(String server) {
        this.server = server == null || server.isEmpty() ? null : server;
    }

    SipResponse build(SipRequest req, int status, String reason, Header... headers) {
        ResponseEditor e = SipResponse.forRequest(req, status, reason).edit();
        if (status > 100) {
            e.toTag(toTag());
        }
        for (Header h : headers) {
            e.add(h.name(), h.value());
        }
        if (server != null) {
            e.add("Server", server);
        }
        return e.build();
    }

    /** A response for a status with no reason given: the RFC 3261 §21 reason phrase. */
    SipResponse synthesize(SipRequest req, int status) {
        return build(req, status, reasonOf(status));
    }

    /** A Processor's Respond decision, as it asked (its headers and body; no Server header added). */
    SipResponse of(SipRequest req, Decision.Respond r) {
        ResponseEditor e = SipResponse.forRequest(req, r.status(), r.reason()).edit();
        if (r.status() > 100) {
            e.toTag(toTag());
        }
        for (Header h : r.headers()) {
            e.add(h.name(), h.value());
        }
        if (r.body() != null) {
            e.body(r.body(), r.contentType());
        }
        return e.build();
    }

    static String toTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
    }

    static String reasonOf(int status) {
        return switch (status) {
            case 408 -> "Request Timeout";
            case 430 -> "Flow Failed";
            case 480 -> "Temporarily Unavailable";
            case 487 -> "Request Terminated";
            case 500 -> "Server Internal Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
