package io.tandem.accounting.cdr;

import io.tandem.accounting.call.CallParties;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.EndedCall;
import io.tandem.accounting.call.HangupSide;

/** Ended calls for the CDR tests. */
final class Calls {
    static final long T0 = 1_700_000_000_000L;

    private Calls() {
    }

    static EndedCall answered(int i) {
        CallParties p = new CallParties("agent", "agent-1001", "trunk", "trunk-carrier", "outbound", "dom-e2e", "+17066041487",
            "+1404555" + String.format("%04d", i));
        return new EndedCall("call-" + i, "a" + i, "b" + i, "sip:1001@pbx.test", "sip:+1404555" + i + "@pbx.test", "edge-1", p,
            T0 + i * 1000L, T0 + i * 1000L + 2000, T0 + i * 1000L + 62_000, 200, "BYE", Disposition.ANSWERED, HangupSide.CALLER,
            i % 5 == 2 ? recording(i) : null);
    }

    /** The file rtpengine would name for the recording of answered call {@code i}. */
    static String recording(int i) {
        return "/var/spool/rtpengine/pcaps/call-" + i + "-0123456789abcdef.pcap";
    }

    static EndedCall busy(int i) {
        return new EndedCall("busy-" + i, "a" + i, null, "sip:+14045559999@carrier", "sip:+17066041487@pbx.test", "edge-1",
            new CallParties("trunk", "trunk-carrier", "agent", "agent-1001", "inbound", "dom-e2e", "+14045559999", "+17066041487"),
            T0 + i * 1000L, 0, T0 + i * 1000L + 500, 486, "Busy Here", Disposition.BUSY, HangupSide.CALLEE);
    }
}
