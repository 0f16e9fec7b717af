package io.tandem.edgeport.transaction;

import io.tandem.sip.SipMethod;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * Server transactions created by requests whose top Via has no magic cookie (RFC 2543 peers),
 * matched by the rules of RFC 3261 §17.2.3: Request-URI, To tag, From tag, Call-ID, CSeq and top
 * Via equal to the creating request's; an ACK matches an INVITE transaction when Request-URI,
 * From tag, Call-ID, CSeq number and top Via are equal and its To tag is the To tag of the
 * response the transaction sent. Indexed by Call-ID, so a look-up only scans that call's requests.
 */
final class Rfc2543Matcher {
    private final HashMap<String, List<ServerTransaction>> byCallId = new HashMap<>();
    private int size;

    int size() {
        return size;
    }

    /** Transactions without a final response yet. */
    int pending() {
        int n = 0;
        for (List<ServerTransaction> l : byCallId.values()) {
            for (ServerTransaction tx : l) {
                n += tx.hasFinalResponse() ? 0 : 1;
            }
        }
        return n;
    }

    void add(ServerTransaction tx) {
        byCallId.computeIfAbsent(tx.request.callId(), k -> new ArrayList<>(2)).add(tx);
        size++;
    }

    void remove(ServerTransaction tx) {
        String callId = tx.request.callId();
        List<ServerTransaction> list = byCallId.get(callId);
        if (list != null && list.remove(tx)) {
            size--;
            if (list.isEmpty()) {
                byCallId.remove(callId);
            }
        }
    }

    List<ServerTransaction> all() {
        List<ServerTransaction> out = new ArrayList<>(size);
        byCallId.values().forEach(out::addAll);
        return out;
    }

    /**
     * The transaction {@code request} belongs to, treating it as a request with method
     * {@code method} (INVITE for an ACK or for the CANCEL of §9.2), or null.
     */
    ServerTransaction find(SipRequest request, SipMethod method) {
        List<ServerTransaction> list = byCallId.get(request.callId());
        if (list == null) {
            return null;
        }
        boolean ack = request.method() == SipMethod.ACK;
        for (int i = 0; i < list.size(); i++) {
            ServerTransaction tx = list.get(i);
            if (matches(tx, request, method, ack)) {
                return tx;
            }
        }
        return null;
    }

    private static boolean matches(ServerTransaction tx, SipRequest r, SipMethod method, boolean ack) {
        SipRequest original = tx.request;
        return original.method().equals(method)
            && original.cseq().sequence() == r.cseq().sequence()
            && Objects.equals(original.from().tag(), r.from().tag())
            && Objects.equals(ack ? tx.responseToTag() : original.to().tag(), r.to().tag())
            && original.topVia().equals(r.topVia())
            && sameRequestUri(original, r);
    }

    /** Equal as written, or equivalent SIP URIs (§19.1.4). */
    private static boolean sameRequestUri(SipRequest a, SipRequest b) {
        if (a.requestUriText().equals(b.requestUriText())) {
            return true;
        }
        Uri ua = a.requestUri();
        Uri ub = b.requestUri();
        return ua instanceof SipUri sa && ub instanceof SipUri sb ? sa.equivalentTo(sb) : ua.equals(ub);
    }
}
