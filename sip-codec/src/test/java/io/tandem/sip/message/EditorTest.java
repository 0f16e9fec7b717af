package io.tandem.sip.message;

import static io.tandem.sip.message.Msgs.INVITE;
import static io.tandem.sip.message.Msgs.bytes;
import static io.tandem.sip.message.Msgs.crlf;
import static io.tandem.sip.message.Msgs.request;
import static io.tandem.sip.message.Msgs.response;
import static io.tandem.sip.message.Msgs.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.sip.SipMethod;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import io.tandem.sip.uri.SipUri;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Editors: each edit rewrites only the lines it touches; the rest is written back as it was. */
class EditorTest {

    private static final Via PROXY_VIA = Via.of("UDP", "p1.example.com", 5060, "z9hG4bK776asdhds");
    private static final String PROXY_VIA_TEXT = "SIP/2.0/UDP p1.example.com:5060;branch=z9hG4bK776asdhds";

    @Nested
    class ProxyForwarding {
        @Test
        void forwardingEditsChangeOnlyTheirLines() {
            SipRequest in = request(INVITE);
            SipRequest out = in.edit()
                .pushVia(PROXY_VIA)
                .addRecordRoute(NameAddress.of(SipUri.parse("sip:p1.example.com;lr")))
                .decrementMaxForwards()
                .requestUri(SipUri.parse("sip:bob@192.0.2.4:5062"))
                .build();
            assertThat(out.toString()).isEqualTo(crlf(
                "INVITE sip:bob@192.0.2.4:5062 SIP/2.0",
                "Record-Route: <sip:p1.example.com;lr>",
                "Via: " + PROXY_VIA_TEXT,
                "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8",
                "Max-Forwards: 69",
                "To: Bob <sip:bob@biloxi.example.com>",
                "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
                "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
                "CSeq: 314159 INVITE",
                "Contact: <sip:alice@pc33.atlanta.example.com>",
                "Content-Type: application/sdp",
                "Content-Length: 4",
                "") + "v=0\n");
            assertThat(out.encodedLength()).isEqualTo(out.toBytes().length);

            // typed accessors of the new message see the new values
            assertThat(out.method()).isSameAs(SipMethod.INVITE);
            assertThat(out.requestUriText()).isEqualTo("sip:bob@192.0.2.4:5062");
            assertThat(((SipUri) out.requestUri()).port()).isEqualTo(5062);
            assertThat(out.version()).isEqualTo("SIP/2.0");
            assertThat(out.maxForwards()).isEqualTo(69);
            assertThat(out.topVia().host()).isEqualTo("p1.example.com");
            assertThat(out.topVia().branch()).isEqualTo("z9hG4bK776asdhds");
            assertThat(out.vias()).extracting(Via::host).containsExactly("p1.example.com", "pc33.atlanta.example.com");
            assertThat(out.recordRoutes()).hasSize(1);
            assertThat(((SipUri) out.recordRoutes().get(0).uri()).lr()).isTrue();
            assertThat(out.bodyText()).isEqualTo("v=0\n");

            // the original is unchanged
            assertThat(in.toBytes()).isEqualTo(bytes(INVITE));
            assertThat(in.maxForwards()).isEqualTo(70);
            assertThat(in.vias()).hasSize(1);
            assertThat(in.requestUriText()).isEqualTo("sip:bob@biloxi.example.com");
            assertThat(in.recordRoutes()).isEmpty();
        }

        @Test
        void recordRouteGoesAboveExistingOnes() {
            SipRequest in = request(crlf(
                "INVITE sip:b@example.com SIP/2.0",
                "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                "Record-Route: <sip:older.example.com;lr>",
                "Call-ID: x",
                ""));
            SipRequest out = in.edit().addRecordRoute(NameAddress.of(SipUri.parse("sip:newer.example.com;lr"))).build();
            assertThat(out.toString()).isEqualTo(crlf(
                "INVITE sip:b@example.com SIP/2.0",
                "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                "Record-Route: <sip:newer.example.com;lr>",
                "Record-Route: <sip:older.example.com;lr>",
                "Call-ID: x",
                ""));
            assertThat(out.recordRoutes()).extracting(n -> ((SipUri) n.uri()).host())
                .containsExactly("newer.example.com", "older.example.com");
        }

        @Test
        void pushViaAboveACompactVia() {
            SipRequest in = request(crlf("BYE sip:b@example.com SIP/2.0", "Call-ID: x", "v: SIP/2.0/UDP h;branch=z9hG4bK1", ""));
            SipRequest out = in.edit().pushVia(PROXY_VIA).build();
            assertThat(out.toString()).isEqualTo(crlf(
                "BYE sip:b@example.com SIP/2.0",
                "Call-ID: x",
                "Via: " + PROXY_VIA_TEXT,
                "v: SIP/2.0/UDP h;branch=z9hG4bK1",
                ""));
        }

        @Test
        void pushViaWithoutAnyVia() {
            SipRequest in = request(crlf("OPTIONS sip:b@example.com SIP/2.0", "Call-ID: x", ""));
            assertThat(in.edit().pushVia(PROXY_VIA).build().toString()).isEqualTo(crlf(
                "OPTIONS sip:b@example.com SIP/2.0", "Via: " + PROXY_VIA_TEXT, "Call-ID: x", ""));
        }

        @Test
        void editsOnAMessageWithoutHeaders() {
            SipRequest in = request(crlf("OPTIONS sip:b@example.com SIP/2.0", ""));
            SipRequest out = in.edit().add("A", "1").add("B", "2").add("C", "3").add("D", "4").add("E", "5")
                .decrementMaxForwards().build();
            assertThat(out.toString()).isEqualTo(crlf(
                "OPTIONS sip:b@example.com SIP/2.0", "A: 1", "B: 2", "C: 3", "D: 4", "E: 5", "Max-Forwards: 70", ""));
        }

        @Test
        void decrementMaxForwardsBoundaries() {
            SipRequest zero = request(crlf("OPTIONS sip:b@example.com SIP/2.0", "Max-Forwards: 0", ""));
            assertThat(zero.edit().decrementMaxForwards().build().maxForwards()).isZero();
            SipRequest one = request(crlf("OPTIONS sip:b@example.com SIP/2.0", "Max-Forwards:1", ""));
            assertThat(one.edit().decrementMaxForwards().build().toString())
                .isEqualTo(crlf("OPTIONS sip:b@example.com SIP/2.0", "Max-Forwards: 0", ""));
        }

        @Test
        void decrementMaxForwardsSeesEarlierEditsInTheSameEditor() {
            SipRequest in = request(crlf("OPTIONS sip:b@example.com SIP/2.0", "Max-Forwards: 70", ""));
            SipRequest out = in.edit().maxForwards(10).decrementMaxForwards().decrementMaxForwards().build();
            assertThat(out.maxForwards()).isEqualTo(8);
        }

        @Test
        void requestUriRewriteKeepsVersionAsWritten() {
            SipRequest in = request(crlf("ACK sip:b@example.com sip/2.0", "Call-ID: x", ""));
            SipRequest out = in.edit().requestUri(SipUri.parse("sips:b@10.0.0.9;transport=tls")).build();
            assertThat(out.toString()).isEqualTo(crlf("ACK sips:b@10.0.0.9;transport=tls sip/2.0", "Call-ID: x", ""));
            assertThat(out.version()).isEqualTo("sip/2.0");
            assertThat(out.method()).isSameAs(SipMethod.ACK);
        }

        @Test
        void popRouteRemovesFirstValue() {
            SipRequest in = request(crlf(
                "INVITE sip:b@example.com SIP/2.0",
                "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
                "Route: <sip:p3.example.com;lr>",
                "Call-ID: x",
                ""));
            SipRequest once = in.edit().popRoute().build();
            assertThat(once.toString()).isEqualTo(crlf(
                "INVITE sip:b@example.com SIP/2.0",
                "Route: <sip:p2.example.com;lr>",
                "Route: <sip:p3.example.com;lr>",
                "Call-ID: x",
                ""));
            SipRequest twice = once.edit().popRoute().build();
            assertThat(twice.toString()).isEqualTo(crlf(
                "INVITE sip:b@example.com SIP/2.0", "Route: <sip:p3.example.com;lr>", "Call-ID: x", ""));
            SipRequest thrice = twice.edit().popRoute().popRoute().build();
            assertThat(thrice.toString()).isEqualTo(crlf("INVITE sip:b@example.com SIP/2.0", "Call-ID: x", ""));
            assertThat(thrice.routes()).isEmpty();
        }
    }

    @Nested
    class ViaEdits {
        private final String response = crlf(
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP p1.example.com:5060;branch=z9hG4bK776asdhds ,SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.1",
            "Via: SIP/2.0/TCP third.example.com;branch=z9hG4bK3",
            "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
            "Content-Length: 0",
            "");

        @Test
        void popViaRewritesALineHoldingTwoValues() {
            SipResponse in = response(response);
            SipResponse out = in.edit().popVia().build();
            assertThat(out.toString()).isEqualTo(crlf(
                "SIP/2.0 200 OK",
                "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.1",
                "Via: SIP/2.0/TCP third.example.com;branch=z9hG4bK3",
                "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
                "Content-Length: 0",
                ""));
            assertThat(out.topVia().host()).isEqualTo("pc33.atlanta.example.com");
            assertThat(out.topVia().received()).isEqualTo("192.0.2.1");
            assertThat(out.vias()).hasSize(2);
            assertThat(in.vias()).hasSize(3);
            assertThat(in.toString()).isEqualTo(response);
        }

        @Test
        void popViaRemovesASingleValueLine() {
            SipResponse out = response(response).edit().popVia().popVia().build();
            assertThat(out.toString()).isEqualTo(crlf(
                "SIP/2.0 200 OK",
                "Via: SIP/2.0/TCP third.example.com;branch=z9hG4bK3",
                "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
                "Content-Length: 0",
                ""));
            assertThat(out.topVia().transport()).isEqualTo("TCP");
        }

        @Test
        void popViaWithoutVia() {
            SipResponse in = response(crlf("SIP/2.0 200 OK", "Content-Length: 0", ""));
            assertThat(in.edit().popVia().build().toString()).isEqualTo(crlf("SIP/2.0 200 OK", "Content-Length: 0", ""));
            assertThat(in.edit().removeFirstValue("Via")).isFalse();
        }

        @Test
        void replaceTopViaKeepsTheOtherValuesOfItsLine() {
            SipRequest in = request(crlf(
                "INVITE sip:b@example.com SIP/2.0",
                "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;rport, SIP/2.0/UDP h2;branch=z9hG4bKb",
                "Call-ID: x",
                ""));
            Via top = in.topVia();
            SipRequest out = in.edit().replaceTopVia(top.withParam("received", "192.0.2.7").withParam("rport", "6060")).build();
            assertThat(out.toString()).isEqualTo(crlf(
                "INVITE sip:b@example.com SIP/2.0",
                "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;rport=6060;received=192.0.2.7, SIP/2.0/UDP h2;branch=z9hG4bKb",
                "Call-ID: x",
                ""));
            assertThat(out.topVia().rport()).isEqualTo(6060);
            assertThat(out.topVia().received()).isEqualTo("192.0.2.7");
            assertThat(out.vias()).hasSize(2);
            assertThat(in.topVia().hasRport()).isTrue();
            assertThat(in.topVia().rport()).isZero();
        }

        @Test
        void replaceTopViaWithoutViaPushesOne() {
            SipRequest in = request(crlf("OPTIONS sip:b@example.com SIP/2.0", "Call-ID: x", ""));
            assertThat(in.edit().replaceTopVia(PROXY_VIA).build().toString())
                .isEqualTo(crlf("OPTIONS sip:b@example.com SIP/2.0", "Via: " + PROXY_VIA_TEXT, "Call-ID: x", ""));
        }
    }

    @Nested
    class GenericHeaders {
        private final String base = crlf(
            "MESSAGE sip:b@example.com SIP/2.0",
            "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
            "X-A: 1",
            "Subject:  first  ",
            "x-a: 2",
            "Call-ID: x",
            "s: second",
            "Content-Length: 0",
            "");

        @Test
        void addAppends() {
            SipRequest out = request(base).edit().add("X-New", "v").add("User-Agent", "Tandem/1").build();
            assertThat(out.toString()).isEqualTo(base.replace("Content-Length: 0\r\n",
                "Content-Length: 0\r\nX-New: v\r\nUser-Agent: Tandem/1\r\n"));
            assertThat(out.header("x-new")).isEqualTo("v");
            assertThat(out.userAgent()).isEqualTo("Tandem/1");
            assertThat(out.headerCount()).isEqualTo(9);
        }

        @Test
        void addFirstGoesAboveTheFirstLineOfThatName() {
            SipRequest out = request(base).edit().addFirst("X-A", "0").addFirst("Subject", "zero").addFirst("X-B", "top").build();
            assertThat(out.toString()).isEqualTo(crlf(
                "MESSAGE sip:b@example.com SIP/2.0",
                "X-B: top",
                "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                "X-A: 0",
                "X-A: 1",
                "Subject: zero",
                "Subject:  first  ",
                "x-a: 2",
                "Call-ID: x",
                "s: second",
                "Content-Length: 0",
                ""));
            assertThat(out.headers("X-A")).containsExactly("0", "1", "2");
            assertThat(out.headers("s")).containsExactly("zero", "first", "second");
        }

        @Test
        void setReplacesTheFirstLineKeepingItsNameAndRemovesTheOthers() {
            SipRequest out = request(base).edit().set("x-A", "only").set("Subject", "one").build();
            assertThat(out.toString()).isEqualTo(crlf(
                "MESSAGE sip:b@example.com SIP/2.0",
                "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                "X-A: only",
                "Subject: one",
                "Call-ID: x",
                "Content-Length: 0",
                ""));
            assertThat(out.headers("x-a")).containsExactly("only");
        }

        @Test
        void setAddsWhenAbsent() {
            SipRequest out = request(base).edit().set("Expires", "60").build();
            assertThat(out.toString()).endsWith("Content-Length: 0\r\nExpires: 60\r\n\r\n");
            assertThat(out.expires()).isEqualTo(60);
        }

        @Test
        void removeTakesEveryLineInAnyForm() {
            SipRequest out = request(base).edit().remove("SUBJECT").remove("x-a").build();
            assertThat(out.toString()).isEqualTo(crlf(
                "MESSAGE sip:b@example.com SIP/2.0",
                "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                "Call-ID: x",
                "Content-Length: 0",
                ""));
            assertThat(out.hasHeader("Subject")).isFalse();
            assertThat(out.headerCount()).isEqualTo(3);
            SipRequest none = request(base).edit().remove("X-Absent").build();
            assertThat(none.toString()).isEqualTo(base);
        }

        @Test
        void removeFirstValueOfAnUnknownListHeader() {
            SipRequest in = request(crlf("OPTIONS sip:b@example.com SIP/2.0", "X-List: \"a, b\", <c,d>, e", ""));
            RequestEditor ed = in.edit();
            assertThat(ed.removeFirstValue("x-list")).isTrue();
            assertThat(ed.build().toString()).isEqualTo(crlf("OPTIONS sip:b@example.com SIP/2.0", "X-List: <c,d>, e", ""));
        }

        @Test
        void removeEverything() {
            SipRequest out = request(base).edit().remove("Via").remove("X-A").remove("Subject").remove("Call-ID")
                .remove("Content-Length").build();
            assertThat(out.headerCount()).isZero();
            assertThat(out.toString()).isEqualTo(crlf("MESSAGE sip:b@example.com SIP/2.0", ""));
        }

        @Test
        void editsChain() {
            SipRequest first = request(base).edit().add("X-Chain", "1").remove("Subject").build();
            SipRequest second = first.edit().set("X-Chain", "2").addFirst("X-A", "0").build();
            SipRequest third = second.edit().remove("X-A").pushVia(PROXY_VIA).build();
            assertThat(third.toString()).isEqualTo(crlf(
                "MESSAGE sip:b@example.com SIP/2.0",
                "Via: " + PROXY_VIA_TEXT,
                "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                "Call-ID: x",
                "Content-Length: 0",
                "X-Chain: 2",
                ""));
            assertThat(second.toString()).isEqualTo(crlf(
                "MESSAGE sip:b@example.com SIP/2.0",
                "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
                "X-A: 0",
                "X-A: 1",
                "x-a: 2",
                "Call-ID: x",
                "Content-Length: 0",
                "X-Chain: 2",
                ""));
            assertThat(first.header("X-Chain")).isEqualTo("1");
            assertThat(request(base).toString()).isEqualTo(base);
        }

        @Test
        void originalUnchangedAfterEditWithCachedValues() {
            SipRequest in = request(INVITE);
            Via before = in.topVia();
            SipRequest out = in.edit().popVia().pushVia(PROXY_VIA).build();
            assertThat(out.topVia().host()).isEqualTo("p1.example.com");
            assertThat(in.topVia()).isSameAs(before);
            assertThat(in.toBytes()).isEqualTo(bytes(INVITE));
        }

        @Test
        void editorCannotChangeABuiltMessage() {
            SipRequest in = request(base);
            RequestEditor ed = in.edit().add("X-One", "1");
            SipRequest built = ed.build();
            String text = built.toString();
            assertThatThrownBy(() -> ed.add("X-Two", "2")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(ed::build).isInstanceOf(IllegalStateException.class);
            assertThat(built.toString()).isEqualTo(text);
        }
    }

    @Nested
    class Validation {
        private final SipRequest in = request(crlf("OPTIONS sip:b@example.com SIP/2.0", "Call-ID: x", ""));

        @Test
        void headerInjectionRejected() {
            assertThatThrownBy(() -> in.edit().add("X-A", "v\r\nVia: SIP/2.0/UDP evil")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().set("Call-ID", "y\nVia: x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().addFirst("X-A", "v\r")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().add("X-A", "v\r\n")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().add("X-A", "a\r b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().add("X-A", "a\n\r\n b")).isInstanceOf(IllegalArgumentException.class);
            SipResponse r = response(crlf("SIP/2.0 200 OK", "To: <sip:b@example.com>", ""));
            assertThatThrownBy(() -> r.edit().toTag("a\r\nVia: x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> r.edit().toTag("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().pushVia(Via.of("UDP", "h\nVia: x", -1, "z9hG4bK1")))
                .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void receivedTextReRenderedWithoutComplaint() {
            // quoted-pair may escape NUL and other controls (RFC 3261 §25.1, RFC 4475 §3.1.1.3);
            // the To rendered with its tag carries them on, and re-parses
            SipResponse r = response(crlf("SIP/2.0 200 OK", "To: \"BEL:\\\u0007 NUL:\\\u0000\" <sip:b@example.com>", ""));
            SipResponse out = r.edit().toTag("t1").build();
            assertThat(out.to().tag()).isEqualTo("t1");
            assertThat(SipParser.parse(out.toBytes()).headerCount()).isEqualTo(1);
            // a folded quoted display name stays folded
            SipResponse folded = response(crlf("SIP/2.0 200 OK", "To: \"Bob", "  Smith\" <sip:b@example.com>", ""));
            SipResponse tagged = folded.edit().toTag("t2").build();
            assertThat(tagged.headerCount()).isEqualTo(1);
            assertThat(SipParser.parse(tagged.toBytes()).to().tag()).isEqualTo("t2");
        }

        @Test
        void foldedValueAccepted() {
            SipRequest out = in.edit().add("Subject", "one\r\n two").build();
            assertThat(out.header("Subject")).isEqualTo("one two");
            assertThat(out.toString()).isEqualTo(crlf("OPTIONS sip:b@example.com SIP/2.0", "Call-ID: x", "Subject: one", " two", ""));
            assertThat(SipParser.parse(out.toBytes()).header("Subject")).isEqualTo("one two");
        }

        @Test
        void headerNameMustBeAToken() {
            assertThatThrownBy(() -> in.edit().add("", "v")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().add("X A", "v")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().add("X:A", "v")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().set("Tö", "v")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> in.edit().addFirst("Via\r\n", "v")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void requestUriWithWhiteSpaceRejected() {
            // an absoluteURI is kept opaque by the URI parser; the start line must still not break
            assertThatThrownBy(() -> in.edit().requestUri(io.tandem.sip.uri.Uri.parse("urn:a b")))
                .isInstanceOfAny(IllegalArgumentException.class, io.tandem.sip.SipParseException.class);
        }

        @Test
        void reasonPhraseWithLineBreakRejected() {
            SipResponse r = response(crlf("SIP/2.0 200 OK", ""));
            assertThatThrownBy(() -> r.edit().status(500, "Oops\r\nVia: x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SipResponse.forRequest(in, 500, "a\nb")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SipResponse.forRequest(in, 1000, "Big")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void everyEditFailsAfterBuild() {
            SipResponse r = response(crlf("SIP/2.0 200 OK", "To: <sip:b@example.com>", ""));
            ResponseEditor re = r.edit();
            re.build();
            assertThatThrownBy(() -> re.status(404, "Not Found")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> re.toTag("t")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> re.remove("To")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> re.popVia()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> re.body("x", null)).isInstanceOf(IllegalStateException.class);
            RequestEditor qe = in.edit();
            qe.build();
            assertThatThrownBy(() -> qe.requestUri(SipUri.parse("sip:c@example.com"))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(qe::decrementMaxForwards).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(qe::popRoute).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> qe.set("A", "b")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> qe.replaceTopVia(PROXY_VIA)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Bodies {
        @Test
        void replacingTheBodyUpdatesContentLength() {
            SipRequest in = request(INVITE);
            SipRequest out = in.edit().body("hello world", null).build();
            assertThat(out.toString()).isEqualTo(INVITE.replace("Content-Length: 4", "Content-Length: 11")
                .replace("v=0\n", "hello world"));
            assertThat(out.contentLength()).isEqualTo(11);
            assertThat(out.bodyText()).isEqualTo("hello world");
            assertThat(in.bodyText()).isEqualTo("v=0\n");
            assertThat(in.contentLength()).isEqualTo(4);
        }

        @Test
        void bodyWithContentTypeInCompactForms() {
            SipRequest in = request(crlf("MESSAGE sip:b@example.com SIP/2.0", "c: text/plain", "l: 2", "") + "hi");
            SipRequest out = in.edit().body(new byte[] {1, 2, 3}, "application/octet-stream").build();
            assertThat(out.toBytes()).isEqualTo(bytes(crlf(
                "MESSAGE sip:b@example.com SIP/2.0", "c: application/octet-stream", "l: 3", "") + "\1\2\3"));
            assertThat(out.body()).containsExactly(1, 2, 3);
            assertThat(out.contentType().subtype()).isEqualTo("octet-stream");
        }

        @Test
        void bodyAddedWhereThereWasNone() {
            SipRequest in = request(crlf("MESSAGE sip:b@example.com SIP/2.0", "Call-ID: x", ""));
            SipRequest out = in.edit().body("ok", "text/plain").build();
            assertThat(out.toString()).isEqualTo(crlf(
                "MESSAGE sip:b@example.com SIP/2.0", "Call-ID: x", "Content-Length: 2", "Content-Type: text/plain", "") + "ok");
        }

        @Test
        void emptyBodyRemovesContentType() {
            SipRequest out = request(INVITE).edit().body(new byte[0], null).build();
            assertThat(out.toString()).isEqualTo(INVITE.replace("Content-Type: application/sdp\r\n", "")
                .replace("Content-Length: 4", "Content-Length: 0").replace("v=0\n", ""));
            assertThat(out.bodyLength()).isZero();
        }

        @Test
        void datagramTailNotCarriedIntoAnEdit() {
            SipRequest in = request(crlf("MESSAGE sip:b@example.com SIP/2.0", "Content-Length: 2", "") + "hiJUNK");
            assertThat(in.edit().add("X", "y").build().toString())
                .isEqualTo(crlf("MESSAGE sip:b@example.com SIP/2.0", "Content-Length: 2", "X: y", "") + "hi");
        }

        @Test
        void bareLfMessageEditedKeepsUntouchedLines() {
            String lf = "SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nCall-ID: x\nContent-Length: 0\n\n";
            SipResponse out = response(lf).edit().set("Call-ID", "y").build();
            assertThat(text(out.toBytes()))
                .isEqualTo("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nCall-ID: y\r\nContent-Length: 0\n\n");
            assertThat(out.callId()).isEqualTo("y");
        }
    }

    @Nested
    class ResponseEdits {
        private final String ringing = crlf(
            "SIP/2.0 180 Ringing",
            "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
            "To: <sip:b@example.com>",
            "Content-Length: 0",
            "");

        @Test
        void statusChange() {
            SipResponse out = response(ringing).edit().status(183, "Session Progress").build();
            assertThat(out.toString()).isEqualTo(ringing.replace("180 Ringing", "183 Session Progress"));
            assertThat(out.status()).isEqualTo(183);
            assertThat(out.reason()).isEqualTo("Session Progress");
            assertThat(out.version()).isEqualTo("SIP/2.0");
        }

        @Test
        void statusChangeWithoutReasonPhrase() {
            SipResponse out = response(ringing).edit().status(181, null).build();
            assertThat(out.status()).isEqualTo(181);
            assertThat(out.reason()).isEmpty();
            assertThat(out.toString()).startsWith("SIP/2.0 181 \r\n");
        }

        @Test
        void statusOutOfRange() {
            assertThatThrownBy(() -> response(ringing).edit().status(99, "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> response(ringing).edit().status(700, "x")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void toTagAddedOnce() {
            SipResponse tagged = response(ringing).edit().toTag("abc").build();
            assertThat(tagged.toString()).isEqualTo(ringing.replace("To: <sip:b@example.com>", "To: <sip:b@example.com>;tag=abc"));
            assertThat(tagged.to().tag()).isEqualTo("abc");
            SipResponse again = tagged.edit().toTag("other").build();
            assertThat(again.toString()).isEqualTo(tagged.toString());
        }

        @Test
        void toTagSeesAToSetInTheSameEditor() {
            SipResponse out = response(ringing).edit().set("To", "<sip:c@example.com>;tag=set").toTag("abc").build();
            assertThat(out.to().tag()).isEqualTo("set");
        }

        @Test
        void unchangedStatusLineKeptAsWritten() {
            String odd = crlf("sip/2.0 180 Ringing  now", "Content-Length: 0", "");
            SipResponse out = response(odd).edit().add("X", "1").build();
            assertThat(out.toString()).isEqualTo(crlf("sip/2.0 180 Ringing  now", "Content-Length: 0", "X: 1", ""));
            assertThat(out.reason()).isEqualTo("Ringing  now");
            assertThat(out.version()).isEqualTo("sip/2.0");
        }
    }
}
