package io.tandem.security;

import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.Verdict;
import io.tandem.edgeport.transport.Flow;
import io.tandem.security.SecurityConfig.Lengths;
import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.util.concurrent.atomic.LongAdder;

/**
 * Length guards against oversized fields (CVE-2018-8828: a long header overflowing a fixed
 * buffer): a Request-URI or its user part too long is answered 414 Request-URI Too Long
 * (RFC 3261 §21.4.12), too many header fields or one too long 400 Bad Request, a body too large
 * 413 Request Entity Too Large (§21.4.11); or, by policy ({@code action: Drop}), nothing. Lengths
 * are read from the parser's offsets: nothing is built for a message that passes. Responses and
 * ACKs are dropped instead of answered (by the core).
 */
final class LengthGuard implements InboundFilter {
    static final Verdict URI_TOO_LONG = new Verdict.Reject(414, "Request-URI Too Long");
    static final Verdict TOO_MANY_HEADERS = new Verdict.Reject(400, "Bad Request (too many header fields)");
    static final Verdict HEADER_TOO_LONG = new Verdict.Reject(400, "Bad Request (header field too long)");
    static final Verdict BODY_TOO_LARGE = new Verdict.Reject(413, "Request Entity Too Large");
    static final Verdict DROP = new Verdict.Drop("length");

    private final Lengths limits;
    private final LongAdder caught = new LongAdder();

    LengthGuard(Lengths limits) {
        this.limits = limits;
    }

    @Override
    public Verdict check(SipMessage message, Flow flow) {
        Verdict v = verdict(message);
        if (v == Verdict.PASS) {
            return v;
        }
        caught.increment();
        return limits.reject() && message instanceof SipRequest ? v : DROP;
    }

    private Verdict verdict(SipMessage m) {
        if (m instanceof SipRequest req) {
            int uri = req.requestUriLength();
            if (over(uri, limits.maxRequestUri())) {
                return URI_TOO_LONG;
            }
            if (over(uri, limits.maxUriUser()) && over(userLength(req), limits.maxUriUser())) {
                return URI_TOO_LONG; // only a URI longer than the limit can hold a user that long
            }
        }
        int count = m.headerCount();
        if (over(count, limits.maxHeaders())) {
            return TOO_MANY_HEADERS;
        }
        if (limits.maxHeaderLength() > 0) {
            for (int i = 0; i < count; i++) {
                if (m.headerValueLength(i) > limits.maxHeaderLength()) {
                    return HEADER_TOO_LONG;
                }
            }
        }
        return over(m.bodyLength(), limits.maxBody()) ? BODY_TOO_LARGE : Verdict.PASS;
    }

    private static int userLength(SipRequest req) {
        try {
            Uri u = req.requestUri();
            String user = u instanceof SipUri s ? s.user() : null;
            return user == null ? 0 : user.length();
        } catch (SipParseException e) {
            return 0; // malformed: the core answers 400
        }
    }

    private static boolean over(int value, int limit) {
        return limit > 0 && value > limit;
    }

    long caught() {
        return caught.sum();
    }
}
