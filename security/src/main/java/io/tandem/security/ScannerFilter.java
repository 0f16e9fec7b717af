package io.tandem.security;

import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.Verdict;
import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scanner blocking (Kamailio secfilter's user-agent blacklist): a request whose User-Agent
 * contains one of the configured strings, in any case (friendly-scanner, sipvicious, sipcli...),
 * gets no answer, and its source a ban (unless trusted: then it is only dropped).
 */
final class ScannerFilter implements InboundFilter {
    static final Verdict SCANNER = new Verdict.Drop("scanner");

    private final String[] patterns;
    private final BanPolicy policy;
    private final LongAdder dropped = new LongAdder();

    /** @param patterns lower case */
    ScannerFilter(List<String> patterns, BanPolicy policy) {
        this.patterns = patterns.toArray(new String[0]);
        this.policy = policy;
    }

    @Override
    public Verdict check(SipMessage message, Flow flow) {
        if (!(message instanceof SipRequest)) {
            return Verdict.PASS;
        }
        String ua = message.userAgent();
        if (ua == null) {
            return Verdict.PASS;
        }
        for (String p : patterns) {
            if (containsIgnoreCase(ua, p)) {
                dropped.increment();
                policy.ban(flow.remote().getAddress(), "scanner", "User-Agent contains " + p);
                return SCANNER;
            }
        }
        return Verdict.PASS;
    }

    /** {@code lower} is lower case; no copy of {@code text}. */
    static boolean containsIgnoreCase(String text, String lower) {
        int last = text.length() - lower.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, lower, 0, lower.length())) {
                return true;
            }
        }
        return false;
    }

    long dropped() {
        return dropped.sum();
    }
}
