package io.tandem.accounting.call;

import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** SIP messages of one call between a caller (tag a) on 127.0.0.1:5070 and a callee (tag b) on 127.0.0.1:5080. */
final class Messages {
    static final String OUR_RR = "<sip:127.0.0.1:5060;lr;tdm=abc>";

    private Messages() {
    }

    static SipRequest invite(String callId) {
        return request("INVITE sip:1002@pbx.test", callId, 1, "INVITE", null, "Contact: <sip:1001@127.0.0.1:5070>\r\n");
    }

    static SipRequest request(String line, String callId, long cseq, String method, String toTag, String extra) {
        return (SipRequest) SipParser.parse(bytes(line + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-" + callId + cseq + method + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:1001@pbx.test>;tag=a\r\n"
            + "To: <sip:1002@pbx.test>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + cseq + " " + method + "\r\n" + extra
            + "Content-Length: 0\r\n\r\n"));
    }

    /** A request from the callee's side (its BYE): From and To swapped. */
    static SipRequest fromCallee(String method, String callId, long cseq) {
        return (SipRequest) SipParser.parse(bytes(method + " sip:1001@127.0.0.1:5070 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-b" + callId + cseq + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:1002@pbx.test>;tag=b\r\n"
            + "To: <sip:1001@pbx.test>;tag=a\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + cseq + " " + method + "\r\n"
            + "Content-Length: 0\r\n\r\n"));
    }

    static SipResponse response(SipRequest request, int status, String reason, String toTag) {
        String to = request.header("To") + (toTag == null || request.to().tag() != null ? "" : ";tag=" + toTag);
        return (SipResponse) SipParser.parse(bytes("SIP/2.0 " + status + " " + reason + "\r\n"
            + "Via: " + request.header("Via") + "\r\n"
            + "Record-Route: <sip:proxy2.test;lr>, " + OUR_RR + ", <sip:proxy1.test;lr>\r\n"
            + "From: " + request.header("From") + "\r\n"
            + "To: " + to + "\r\n"
            + "Call-ID: " + request.callId() + "\r\n"
            + "CSeq: " + request.cseq() + "\r\n"
            + "Contact: <sip:1002@127.0.0.1:5080>\r\n"
            + "Content-Length: 0\r\n\r\n"));
    }

    static MessageContext context(SipRequest r) {
        return new MessageContext("edge-1", r, Transport.UDP, "127.0.0.1", 5070, null, List.of(), List.of(), List.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
