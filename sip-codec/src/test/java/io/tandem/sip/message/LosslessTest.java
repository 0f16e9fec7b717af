package io.tandem.sip.message;

import static io.tandem.sip.message.Msgs.INVITE;
import static io.tandem.sip.message.Msgs.bytes;
import static io.tandem.sip.message.Msgs.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An unmodified message serializes byte for byte as it was received (RFC 3261 §16.6). */
class LosslessTest {

    static Stream<String> messages() {
        return Stream.of(
            INVITE,
            // odd spacing, tabs, compact forms, unknown headers, folding, mixed case
            crlf(
                "REGISTER sips:ss2.biloxi.example.com SIP/2.0",
                "v  :   SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashd92\t",
                "MAX-forwards:70",
                "f:Bob <sips:bob@biloxi.example.com>;tag=ja743ks76zlflH",
                "t :\tBob <sips:bob@biloxi.example.com>",
                "i: 1j9FpLxk3uxtm8tn@biloxi.example.com",
                "CSeq:    2     REGISTER",
                "m: <sips:bob@client.biloxi.example.com>",
                "X-Unknown-Thing: some ;  value, \"with, commas\"",
                "Subject: folded",
                "    over two lines",
                "\t and three",
                "l: 0",
                ""),
            // bare LF line endings and a body with CRLFs
            "SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nContent-Length: 8\n\nab\r\ncd\r\n",
            // empty values, trailing white space, no headers besides Content-Length
            crlf("OPTIONS sip:x@example.com SIP/2.0", "X-Empty:", "X-Spaces:   ", "Content-Length:0  ", ""),
            // no headers at all
            crlf("OPTIONS sip:x@example.com SIP/2.0", ""),
            // response with an empty reason and an unusual version case
            crlf("sip/2.0 488 ", "Call-ID: c", "") + "rest-of-datagram");
    }

    @ParameterizedTest
    @MethodSource("messages")
    void unmodifiedRoundTripIsByteIdentical(String text) {
        byte[] in = bytes(text);
        SipMessage m = SipParser.parse(in);
        byte[] out = m.toBytes();
        assertThat(out).isEqualTo(in);
        assertThat(m.encodedLength()).isEqualTo(in.length);
        assertThat(m.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTripAfterTypedAccess(String text) {
        SipMessage m = SipParser.parse(bytes(text));
        for (int i = 0; i < m.headerCount(); i++) {
            m.headerValue(i);
        }
        try {
            m.vias();
            m.from();
            m.to();
            m.callId();
            m.cseq();
            m.contacts();
        } catch (RuntimeException ignored) {
            // typed access does not change the bytes, even when it fails
        }
        assertThat(m.toBytes()).isEqualTo(bytes(text));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void emptyEditIsByteIdentical(String text) {
        SipMessage m = SipParser.parse(bytes(text));
        SipMessage copy = m instanceof SipRequest r ? r.edit().build() : ((SipResponse) m).edit().build();
        assertThat(copy.toBytes()).isEqualTo(bytes(text));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void encodeAtAnOffset(String text) {
        SipMessage m = SipParser.parse(bytes(text));
        byte[] dst = new byte[m.encodedLength() + 10];
        int end = m.encode(dst, 5);
        assertThat(end).isEqualTo(5 + m.encodedLength());
        assertThat(Msgs.text(java.util.Arrays.copyOfRange(dst, 5, end))).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void framedFromAStreamIsByteIdentical(String text) {
        // without Content-Length a stream message has no body (§18.3); drop the datagram tail
        SipMessage m = SipParser.parse(bytes(text));
        byte[] exact = m.toBytes();
        StreamFramer f = new StreamFramer(65536);
        if (m.contentLength() < 0 && m.bodyLength() > 0) {
            return;
        }
        assertThat(f.next(exact, 0, exact.length)).isEqualTo(StreamFramer.Result.MESSAGE);
        assertThat(f.length()).isEqualTo(exact.length);
        assertThat(SipParser.parseFrame(exact, 0, f.length()).toBytes()).isEqualTo(exact);
    }
}
