package io.tandem.bench;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sip.address.SipURI;

/**
 * Run once per trial before measuring: both parsers must accept the message and read the same
 * routing fields and the same number of header values from it, or the comparison would be
 * meaningless.
 */
final class CrossCheck {
    private CrossCheck() {
    }

    static void verify(String name, byte[] bytes) throws ParseException {
        byte[] copy = bytes.clone();
        SipMessage t = SipParser.parse(bytes);
        SIPMessage j = CodecBenchmark.jainParse(new StringMsgParser(), bytes);
        if (!java.util.Arrays.equals(copy, bytes)) {
            throw new IllegalStateException(name + ": a parser modified the input bytes");
        }
        List<String> tr = tandemRouting(t);
        List<String> jr = jainRouting(j);
        if (!tr.equals(jr)) {
            throw new IllegalStateException(name + ": routing fields differ: Tandem " + tr + ", JAIN-SIP " + jr);
        }
        int tv = tandemValues(t);
        int jv = jainValues(j);
        if (tv != jv) {
            throw new IllegalStateException(name + ": header values differ: Tandem " + tv + ", JAIN-SIP " + jv);
        }
        byte[] jainBody = j.getRawContent();
        if (t.bodyLength() != (jainBody == null ? 0 : jainBody.length)) {
            throw new IllegalStateException(name + ": body lengths differ");
        }
    }

    static List<String> tandemRouting(SipMessage m) {
        List<String> out = new ArrayList<>();
        out.add(m.topVia().branch());
        out.add(m.callId());
        out.add(Long.toString(m.cseq().sequence()));
        out.add(m.cseq().method().name());
        out.add(m.from().tag());
        out.add(m.to().tag());
        if (m instanceof SipRequest r) {
            out.add(((SipUri) r.requestUri()).host());
        }
        return out;
    }

    static List<String> jainRouting(SIPMessage m) {
        List<String> out = new ArrayList<>();
        out.add(m.getTopmostVia().getBranch());
        out.add(m.getCallId().getCallId());
        out.add(Long.toString(m.getCSeq().getSeqNumber()));
        out.add(m.getCSeq().getMethod());
        out.add(m.getFrom().getTag());
        out.add(m.getTo().getTag());
        if (m instanceof SIPRequest r) {
            out.add(((SipURI) r.getRequestURI()).getHost());
        }
        return out;
    }

    /** Header values: the elements of comma lists and every other header line. */
    static int tandemValues(SipMessage m) {
        int n = 0;
        for (int i = 0; i < m.headerCount(); i++) {
            String name = m.headerCanonicalName(i);
            n += switch (name) {
                case "Via", "Contact", "Route", "Record-Route", "Allow", "Supported", "Require" -> 0;
                default -> 1;
            };
        }
        return n + m.vias().size() + m.contacts().size() + m.routes().size() + m.recordRoutes().size()
            + m.allow().size() + m.supported().size() + m.require().size();
    }

    static int jainValues(SIPMessage m) {
        int n = 0;
        for (Iterator<SIPHeader> it = m.getHeaders(); it.hasNext(); ) {
            SIPHeader h = it.next();
            n += h instanceof SIPHeaderList<?> l ? l.size() : 1;
        }
        return n;
    }
}
