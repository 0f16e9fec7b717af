package io.tandem.edgeport.door;

import io.tandem.processor.Header;
import io.tandem.sip.message.SipMessage;
import java.util.List;

/** What an {@link InboundFilter} decided for a message. Filters keep their Drop/Reject values as constants. */
public sealed interface Verdict {
    /** On to the next filter, then the transaction layer. */
    Verdict PASS = new Pass();

    record Pass() implements Verdict {
    }

    /**
     * On to the next filter with {@code message} in place of the one read (e.g. topology hiding
     * restoring the headers it masked); the transaction layer gets the last replacement.
     */
    record Replace(SipMessage message) implements Verdict {
        public Replace {
            if (message == null) {
                throw new IllegalArgumentException("a replacement needs a message");
            }
        }
    }

    /** No answer (the policy: a scanner, a banned source, a flood); {@code reason} names the rule, for counters and debug logs. */
    record Drop(String reason) implements Verdict {
    }

    /**
     * A request answered at once, statelessly, with {@code status} and {@code reason} (e.g. 400,
     * 413 Request Entity Too Large, 414 Request-URI Too Long); a response or an ACK is dropped instead.
     */
    record Reject(int status, String reason, List<Header> headers) implements Verdict {
        public Reject {
            if (status < 300 || status > 699) {
                throw new IllegalArgumentException("a rejection is a 3xx-6xx status, not " + status);
            }
            headers = List.copyOf(headers);
        }

        public Reject(int status, String reason) {
            this(status, reason, List.of());
        }
    }
}
