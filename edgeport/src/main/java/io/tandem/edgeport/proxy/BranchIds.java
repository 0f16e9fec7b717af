package io.tandem.edgeport.proxy;

import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Branch parameters for the Vias this proxy adds (RFC 3261 §16.6 step 8): the magic cookie, a
 * hash of the fields that define the request for loop detection (§16.3 step 4), and a counter that
 * makes each branch unique. Format: {@code z9hG4bK-T<loop hash>-<instance><counter>}.
 */
final class BranchIds {
    private static final String PREFIX = "z9hG4bK-T";
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String INSTANCE = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 30), 36);

    private BranchIds() {
    }

    /** A new unique branch for a request whose loop hash is {@code loopHash}. */
    static String next(String loopHash) {
        return PREFIX + loopHash + "-" + INSTANCE + Long.toString(COUNTER.incrementAndGet(), 36);
    }

    /**
     * The loop-detection hash (§16.6 step 8): the Request-URI as received, From tag, To tag,
     * Call-ID and CSeq number; a spiral (same request, new Request-URI) gets a different one.
     */
    static String loopHash(SipRequest r) {
        int h = r.requestUriText().hashCode();
        h = 31 * h + String.valueOf(r.from() == null ? null : r.from().tag()).hashCode();
        h = 31 * h + String.valueOf(r.to() == null ? null : r.to().tag()).hashCode();
        h = 31 * h + String.valueOf(r.callId()).hashCode();
        h = 31 * h + Long.hashCode(r.cseq() == null ? 0 : r.cseq().sequence());
        List<String> routes = r.headerValues("Route");
        h = 31 * h + routes.hashCode();
        return Integer.toHexString(h);
    }

    /** True if one of our own Vias in the request carries the same loop hash: a loop (482). */
    static boolean isLoop(SipRequest r, String loopHash, LocalAddresses local) {
        String mark = PREFIX + loopHash + "-";
        for (Via v : r.vias()) {
            String b = v.branch();
            if (b != null && b.startsWith(mark) && local.isLocal(v)) {
                return true;
            }
        }
        return false;
    }
}
