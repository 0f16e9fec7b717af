package io.tandem.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routr.message.ResponseType;
import io.routr.message.SIPMessage;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A valid message converted to protobuf, serialized, parsed back and converted again gives the
 * same bytes: every message of the sip-codec torture vectors (RFC 4475, RFC 5118) that the codec
 * accepts, and Routr's typed fields are read from it.
 */
class LosslessMessageTest {
    private static final Path VECTORS = Path.of("../sip-codec/src/test/resources");

    @Test
    void everyAcceptedTortureVectorComesBackByteForByte() throws Exception {
        List<String> checked = new ArrayList<>();
        int withRawLines = 0;
        for (String set : List.of("rfc4475", "rfc5118")) {
            for (String line : Files.readAllLines(VECTORS.resolve(set).resolve("MANIFEST.tsv"))) {
                String[] f = line.split("\t");
                if (line.startsWith("#") || f.length < 3 || f[0].equals("file") || f[2].equals("invalid")) {
                    continue;
                }
                SipMessage original = SipParser.parse(Files.readAllBytes(VECTORS.resolve(set).resolve(f[0])));
                SIPMessage proto = SIPMessage.parseFrom(ProtoSipMessage.of(original).toByteArray());
                SipMessage back = ProtoSipMessage.toSip(proto);
                assertThat(back.toBytes()).as(set + "/" + f[0]).isEqualTo(original.toBytes());
                assertThat(back.headerCount()).as(f[0]).isEqualTo(original.headerCount());
                withRawLines += proto.getWire().getHeadersList().stream().anyMatch(h -> !h.getRaw().isEmpty()) ? 1 : 0;
                checked.add(f[0]);
            }
        }
        // 13 valid + 15 semantic + compat + transaction of RFC 4475, 11 valid of RFC 5118
        assertThat(checked).hasSize(41).contains("wsinv.dat", "esc01.dat", "ipv6-in-sdp.dat");
        // folding and odd white space (wsinv, lwsdisp...) travel as raw lines
        assertThat(withRawLines).isGreaterThanOrEqualTo(2);
    }

    @Test
    void typedRoutingFieldsAreReadFromTheMessage() throws Exception {
        String text = """
            INVITE sip:1002@sip.local;transport=tcp SIP/2.0\r
            Via: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK-1;rport\r
            Via: SIP/2.0/TCP proxy.example.com;branch=z9hG4bK-0;received=192.0.2.9\r
            Max-Forwards: 70\r
            From: "Alice" <sip:1001@sip.local>;tag=a1\r
            To: <sip:1002@sip.local>\r
            Call-ID: c-42@10.0.0.1\r
            CSeq: 7 INVITE\r
            Contact: <sip:1001@10.0.0.1:5062>;expires=60, <sip:1001@198.51.100.1>;q=0.5\r
            Route: <sip:edge.example.com;lr>\r
            Path: <sip:p.example.com;lr>\r
            X-Tenant: acme\r
            Content-Type: application/sdp\r
            Content-Length: 4\r
            \r
            v=0\n""";
        SIPMessage p = ProtoSipMessage.of(SipParser.parse(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(p.getMethod()).isEqualTo("INVITE");
        assertThat(p.getRequestUri().getUser()).isEqualTo("1002");
        assertThat(p.getRequestUri().getTransportParam()).isEqualTo("tcp");
        assertThat(p.getFrom().getAddress().getDisplayName()).isEqualTo("Alice");
        assertThat(p.getFrom().getTag()).isEqualTo("a1");
        assertThat(p.getTo().getAddress().getUri().getHost()).isEqualTo("sip.local");
        assertThat(p.getCallId().getCallId()).isEqualTo("c-42@10.0.0.1");
        assertThat(p.getCseq().getSeq()).isEqualTo(7);
        assertThat(p.getCseq().getMethod()).isEqualTo("INVITE");
        assertThat(p.getViaList()).extracting(v -> v.getBranch()).containsExactly("z9hG4bK-1", "z9hG4bK-0");
        assertThat(p.getVia(0).getPort()).isEqualTo(5062);
        assertThat(p.getVia(0).getRPortFlag()).isTrue();
        assertThat(p.getVia(1).getReceived()).isEqualTo("192.0.2.9");
        assertThat(p.getMaxForwards().getMaxForwards()).isEqualTo(70);
        assertThat(p.getContactsList()).extracting(c -> c.getAddress().getUri().getHost()).containsExactly("10.0.0.1", "198.51.100.1");
        assertThat(p.getContact().getExpires()).isEqualTo(60);
        assertThat(p.getContacts(1).getQValue()).isEqualTo(0.5f);
        assertThat(p.getRoute(0).getAddress().getUri().getLrParam()).isTrue();
        assertThat(p.getPath(0).getAddress().getUri().getHost()).isEqualTo("p.example.com");
        assertThat(p.getExtensionsList()).extracting(e -> e.getName() + ": " + e.getValue())
            .containsExactly("X-Tenant: acme", "Content-Type: application/sdp");
        assertThat(p.getContentLength().getContentLength()).isEqualTo(4);
        assertThat(p.getBody()).isEqualTo("v=0\n");
        assertThat(p.getWire().getBody().toStringUtf8()).isEqualTo("v=0\n");
    }

    @Test
    void aResponseCarriesItsStatusInBothShapes() {
        SipMessage r = SipParser.parse(("SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-2\r\n"
            + "From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        SIPMessage p = ProtoSipMessage.of(r);
        assertThat(p.getStatusCode()).isEqualTo(486);
        assertThat(p.getResponseType()).isEqualTo(ResponseType.BUSY_HERE);
        assertThat(p.getReasonPhrase()).isEqualTo("Busy Here");
        assertThat(ProtoSipMessage.toSip(p).toBytes()).isEqualTo(r.toBytes());
    }

    @Test
    void aMessageWithoutItsWireFormIsRefusedNamingTheField() throws IOException {
        assertThatThrownBy(() -> ProtoSipMessage.toSip(SIPMessage.newBuilder().setReasonPhrase("x").build()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no wire form");
        SIPMessage broken = SIPMessage.newBuilder().setWire(io.tandem.grpc.proto.Wire.newBuilder().setStartLine("HELLO")).build();
        assertThatThrownBy(() -> ProtoSipMessage.toSip(broken)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not a SIP message");
    }
}
