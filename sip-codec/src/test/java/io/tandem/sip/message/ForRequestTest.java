package io.tandem.sip.message;

import static io.tandem.sip.message.Msgs.crlf;
import static io.tandem.sip.message.Msgs.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.SipMethod;
import io.tandem.sip.header.Via;
import org.junit.jupiter.api.Test;

/** SipResponse.forRequest: a response built from its request (RFC 3261 §8.2.6). */
class ForRequestTest {

    private static final String REQUEST = crlf(
        "INVITE sip:bob@biloxi.example.com SIP/2.0",
        "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bK2 , SIP/2.0/UDP p1.example.com;branch=z9hG4bK1",
        "Max-Forwards: 69",
        "v:SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.1",
        "To:   Bob <sip:bob@biloxi.example.com>",
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE",
        "Contact: <sip:alice@pc33.atlanta.example.com>",
        "Record-Route: <sip:p1.example.com;lr>",
        "Content-Type: application/sdp",
        "Content-Length: 4",
        "") + "v=0\n";

    @Test
    void copiesTheDialogHeadersAsWritten() {
        SipRequest req = request(REQUEST);
        SipResponse r = SipResponse.forRequest(req, 486, "Busy Here");
        assertThat(r.toString()).isEqualTo(crlf(
            "SIP/2.0 486 Busy Here",
            "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bK2 , SIP/2.0/UDP p1.example.com;branch=z9hG4bK1",
            "v:SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.1",
            "To:   Bob <sip:bob@biloxi.example.com>",
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
            "CSeq: 314159 INVITE",
            "Content-Length: 0",
            ""));
        assertThat(r.status()).isEqualTo(486);
        assertThat(r.reason()).isEqualTo("Busy Here");
        assertThat(r.version()).isEqualTo("SIP/2.0");
        assertThat(r.isRequest()).isFalse();
        assertThat(r.vias()).extracting(Via::host).containsExactly("p2.example.com", "p1.example.com", "pc33.atlanta.example.com");
        assertThat(r.callId()).isEqualTo("a84b4c76e66710@pc33.atlanta.example.com");
        assertThat(r.cseq().sequence()).isEqualTo(314159);
        assertThat(r.cseq().method()).isSameAs(SipMethod.INVITE);
        assertThat(r.from().tag()).isEqualTo("1928301774");
        assertThat(r.contentLength()).isZero();
        assertThat(r.bodyLength()).isZero();
        assertThat(r.contacts()).isEmpty();
        assertThat(r.recordRoutes()).isEmpty();
        assertThat(r.encodedLength()).isEqualTo(r.toBytes().length);
        // the request is untouched
        assertThat(req.toString()).isEqualTo(REQUEST);
    }

    @Test
    void valuesAlreadyParsedOnTheRequestAreShared() {
        SipRequest req = request(REQUEST);
        Via top = req.topVia();
        SipResponse r = SipResponse.forRequest(req, 100, "Trying");
        assertThat(r.topVia()).isSameAs(top);
    }

    @Test
    void toTagAddedOnlyIfAbsent() {
        SipRequest req = request(REQUEST);
        SipResponse ok = SipResponse.forRequest(req, 200, "OK").edit().toTag("a6c85cf").build();
        assertThat(ok.header("To")).isEqualTo("Bob <sip:bob@biloxi.example.com>;tag=a6c85cf");
        assertThat(ok.to().tag()).isEqualTo("a6c85cf");
        assertThat(ok.toString()).isEqualTo(SipResponse.forRequest(req, 200, "OK").toString()
            .replace("To:   Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf"));

        SipRequest inDialog = request(REQUEST.replace("To:   Bob <sip:bob@biloxi.example.com>", "t: <sip:bob@biloxi.example.com>;tag=existing"));
        SipResponse bye = SipResponse.forRequest(inDialog, 200, "OK").edit().toTag("new").build();
        assertThat(bye.header("To")).isEqualTo("<sip:bob@biloxi.example.com>;tag=existing");
        assertThat(bye.to().tag()).isEqualTo("existing");
    }

    @Test
    void toTagOnACompactTo() {
        SipRequest req = request(REQUEST.replace("To:   Bob <sip:bob@biloxi.example.com>", "t: <sip:bob@biloxi.example.com>"));
        SipResponse r = SipResponse.forRequest(req, 180, "Ringing").edit().toTag("x1").build();
        assertThat(r.toString()).contains("\r\nt: <sip:bob@biloxi.example.com>;tag=x1\r\n");
    }

    @Test
    void statusLineText() {
        SipRequest req = request(crlf("OPTIONS sip:x@example.com SIP/2.0", "Call-ID: c", "CSeq: 1 OPTIONS", ""));
        assertThat(SipResponse.forRequest(req, 200, "OK").toString())
            .isEqualTo(crlf("SIP/2.0 200 OK", "Call-ID: c", "CSeq: 1 OPTIONS", "Content-Length: 0", ""));
        assertThat(SipResponse.forRequest(req, 404, "").toString()).startsWith("SIP/2.0 404 \r\n");
        assertThat(SipResponse.forRequest(req, 404, null).reason()).isEmpty();
        assertThat(SipResponse.forRequest(req, 699, "Très occupé").reason()).isEqualTo("Très occupé");
    }

    @Test
    void manyViasAndHeadersBeyondTheInitialCapacity() {
        StringBuilder sb = new StringBuilder("OPTIONS sip:x@example.com SIP/2.0\r\n");
        for (int i = 0; i < 12; i++) {
            sb.append("Via: SIP/2.0/UDP h").append(i).append(";branch=z9hG4bK").append(i).append("\r\n");
        }
        sb.append("Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n");
        SipResponse r = SipResponse.forRequest(request(sb.toString()), 200, "OK");
        assertThat(r.vias()).hasSize(12);
        assertThat(r.vias().get(11).host()).isEqualTo("h11");
        assertThat(r.headerCount()).isEqualTo(15);
        assertThat(r.toString()).isEqualTo(sb.toString().replace("OPTIONS sip:x@example.com SIP/2.0", "SIP/2.0 200 OK")
            .replace("CSeq: 1 OPTIONS\r\n", "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n"));
    }

    @Test
    void responseToAnEditedRequest() {
        SipRequest req = request(REQUEST).edit().pushVia(Via.of("TCP", "edge.example.com", -1, "z9hG4bKe")).build();
        SipResponse r = SipResponse.forRequest(req, 503, "Service Unavailable");
        assertThat(r.toString()).startsWith(crlf(
            "SIP/2.0 503 Service Unavailable",
            "Via: SIP/2.0/TCP edge.example.com;branch=z9hG4bKe",
            "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bK2 , SIP/2.0/UDP p1.example.com;branch=z9hG4bK1"));
        assertThat(r.vias()).hasSize(4);
    }

    @Test
    void responseIsEditable() {
        SipResponse r = SipResponse.forRequest(request(REQUEST), 200, "OK").edit()
            .add("Contact", "<sip:bob@192.0.2.4>").body("v=1\n", "application/sdp").build();
        assertThat(r.toString()).endsWith(crlf(
            "CSeq: 314159 INVITE",
            "Content-Length: 4",
            "Contact: <sip:bob@192.0.2.4>",
            "Content-Type: application/sdp",
            "") + "v=1\n");
    }
}
