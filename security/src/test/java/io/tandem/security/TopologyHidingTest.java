package io.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.door.Verdict;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dialog through topology hiding, message by message: the caller A (192.0.2.10) behind its proxy P
 * (198.51.100.7), us (127.0.0.1:5060, Record-Route doubled), the callee B (203.0.113.5). Each side
 * sees no address of the other; what comes back is restored to what the proxy core wrote.
 */
class TopologyHidingTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String A = "192.0.2.10";
    private static final String A_TOKEN = "c000020a"; // A's address in the flow token of our caller-facing entry
    private static final String P = "198.51.100.7";
    private static final String B = "203.0.113.5";
    private static final String OURS_B = "<sip:127.0.0.1:5060;lr;tdm=abc>";
    private static final String OURS_A = "<sip:f-tcp-" + A_TOKEN + "-5060@127.0.0.1:5060;transport=tcp;lr;tdm=abc>";

    private final TopologyHiding hiding = listening(new TopologyHiding(KEY, Networks.NONE, List.of()));

    private static TopologyHiding listening(TopologyHiding h) {
        h.listening(List.of(new ListeningPoint(Transport.UDP, "127.0.0.1", 5060, "127.0.0.1", 5060),
            new ListeningPoint(Transport.TCP, "127.0.0.1", 5060, "127.0.0.1", 5060)));
        return h;
    }

    /** The INVITE as the proxy core sends it to B. */
    private static SipRequest inviteToB() {
        return (SipRequest) parse("INVITE sip:bob@" + B + ":5070 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-ours;rport\r\n"
            + "Via: SIP/2.0/UDP " + P + ":5060;branch=z9hG4bK-p;received=" + P + "\r\n"
            + "Via: SIP/2.0/TCP " + A + ":5060;branch=z9hG4bK-a;rport=5060\r\n"
            + "Record-Route: " + OURS_B + "\r\n"
            + "Record-Route: " + OURS_A + "\r\n"
            + "Record-Route: <sip:" + P + ";lr>\r\n"
            + "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>\r\nCall-ID: c1\r\nCSeq: 2 INVITE\r\n"
            + "Contact: <sip:alice@" + A + ":5060;transport=tcp>;+sip.instance=\"<urn:uuid:1>\"\r\n"
            + "Max-Forwards: 69\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void aDialogSeenFromEachSideNamesOnlyUs() {
        SipRequest invite = inviteToB();
        SipMessage toB = hiding.outbound(invite, Messages.udp(B));
        String wire = toB.toString();
        assertThat(wire).doesNotContain(A).doesNotContain(P).doesNotContain(A_TOKEN);
        assertThat(toB.vias()).hasSize(1);
        assertThat(toB.recordRoutes()).hasSize(1);
        assertThat(toB.contacts().get(0).uri().toString()).startsWith("sip:tdh.").endsWith("@127.0.0.1:5060");
        assertThat(toB.contacts().get(0).params().get("+sip.instance")).isEqualTo("\"<urn:uuid:1>\"");
        assertThat(hiding.outbound(invite, Messages.udp(B)).toString()).as("a retransmission is the same").isEqualTo(wire);

        // B answers: its 200 copies Via and Record-Route (§8.2.6.2, §12.1.1); restored, it is what the core expects
        SipResponse ok = (SipResponse) parse("SIP/2.0 200 OK\r\n" + lines(toB, "Via") + lines(toB, "Record-Route")
            + "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>;tag=b1\r\nCall-ID: c1\r\nCSeq: 2 INVITE\r\n"
            + "Contact: <sip:bob@" + B + ":5070>\r\nContent-Length: 0\r\n\r\n");
        SipResponse restored = (SipResponse) replaced(hiding.check(ok, Messages.udp(B)));
        assertThat(restored.vias()).isEqualTo(invite.vias());
        assertThat(restored.recordRoutes().toString()).isEqualTo(invite.recordRoutes().toString());

        // relayed to A's side (our Via popped, §16.7 step 3): no address of B, our caller-facing entry kept
        SipResponse relayed = restored.edit().popVia().build();
        SipMessage toA = hiding.outbound(relayed, Messages.flow(P, Transport.TCP));
        assertThat(toA.toString()).doesNotContain(B);
        assertThat(toA.vias()).isEqualTo(relayed.vias());
        List<NameAddress> rrSeenByA = toA.recordRoutes();
        assertThat(rrSeenByA).hasSize(2);
        assertThat(rrSeenByA.get(0).uri().toString()).contains("f-tcp-" + A_TOKEN).contains(";tdh=");
        assertThat(rrSeenByA.get(1).toString()).isEqualTo("<sip:" + P + ";lr>");

        // A's ACK: route set = the Record-Route reversed (§12.1.2), P has popped itself; Request-URI = B's masked Contact
        SipRequest ack = (SipRequest) parse("ACK " + toA.contacts().get(0).uri() + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + P + ":5060;branch=z9hG4bK-p2\r\nVia: SIP/2.0/TCP " + A + ":5060;branch=z9hG4bK-a2\r\n"
            + "Route: " + rrSeenByA.get(0) + "\r\n"
            + "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>;tag=b1\r\nCall-ID: c1\r\nCSeq: 2 ACK\r\n"
            + "Max-Forwards: 69\r\nContent-Length: 0\r\n\r\n");
        SipRequest ackIn = (SipRequest) replaced(hiding.check(ack, Messages.flow(P, Transport.TCP)));
        assertThat(ackIn.requestUri().toString()).isEqualTo("sip:bob@" + B + ":5070");
        assertThat(ackIn.routes().toString()).isEqualTo(List.of(OURS_A, OURS_B).toString());

        // B hangs up: its route set is the Record-Route it saw, in order (§12.1.1); Request-URI = A's masked Contact
        SipRequest bye = (SipRequest) parse("BYE " + toB.contacts().get(0).uri() + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + B + ":5070;branch=z9hG4bK-b3\r\n" + "Route: " + toB.recordRoutes().get(0) + "\r\n"
            + "From: <sip:bob@example.com>;tag=b1\r\nTo: <sip:alice@example.com>;tag=a1\r\nCall-ID: c1\r\nCSeq: 1 BYE\r\n"
            + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        SipRequest byeIn = (SipRequest) replaced(hiding.check(bye, Messages.udp(B)));
        assertThat(byeIn.requestUri().toString()).isEqualTo("sip:alice@" + A + ":5060;transport=tcp");
        assertThat(byeIn.routes().toString()).isEqualTo(invite.recordRoutes().toString());
        assertThat(hiding.masked()).isEqualTo(3);
        assertThat(hiding.restored()).isEqualTo(3);
    }

    @Test
    void anotherKeyOpensNothingAForgedSealIs481AndExemptSidesSeeAllAsItIs() {
        SipMessage toB = hiding.outbound(inviteToB(), Messages.udp(B));
        TopologyHiding other = listening(new TopologyHiding("another key of 32 bytes, really!".getBytes(StandardCharsets.US_ASCII),
            Networks.NONE, List.of()));
        SipRequest bye = (SipRequest) parse("BYE " + toB.contacts().get(0).uri() + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + B + ":5070;branch=z9hG4bK-b3\r\nRoute: " + toB.recordRoutes().get(0) + "\r\n"
            + "From: <sip:bob@example.com>;tag=b1\r\nTo: <sip:alice@example.com>;tag=a1\r\nCall-ID: c1\r\nCSeq: 1 BYE\r\n"
            + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        assertThat(other.check(bye, Messages.udp(B))).isEqualTo(new Verdict.Reject(481, "Masked Dialog Unknown"));
        assertThat(other.invalid()).isEqualTo(1);
        assertThat(listening(new TopologyHiding(KEY, Networks.NONE, List.of())).check(bye, Messages.udp(B)))
            .as("the same key in another process (a restart, another EdgePort)").isInstanceOf(Verdict.Replace.class);

        TopologyHiding exempting = listening(new TopologyHiding(KEY, new Networks(List.of(Network.parse("203.0.113.0/24"))),
            List.of()));
        SipRequest invite = inviteToB();
        assertThat(exempting.outbound(invite, Messages.udp(B))).isSameAs(invite);
        assertThat(exempting.masked()).isZero();
    }

    private static SipMessage replaced(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Replace.class);
        return ((Verdict.Replace) v).message();
    }

    private static String lines(SipMessage m, String name) {
        StringBuilder sb = new StringBuilder();
        for (String v : m.headers(name)) {
            sb.append(name).append(": ").append(v).append("\r\n");
        }
        return sb.toString();
    }

    private static SipMessage parse(String text) {
        return SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
