package io.tandem.sip.torture;

import static io.tandem.sip.torture.Torture.assertRejected;
import static io.tandem.sip.torture.Torture.assertRoundTrip;
import static io.tandem.sip.torture.Torture.latin1;
import static io.tandem.sip.torture.Torture.parseFailure;
import static io.tandem.sip.torture.Torture.proxy;
import static io.tandem.sip.torture.Torture.sip;
import static io.tandem.sip.torture.Torture.uas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.sip.SipMethod;
import io.tandem.sip.SipParseException;
import io.tandem.sip.auth.Credentials;
import io.tandem.sip.auth.OtherCredentials;
import io.tandem.sip.header.MediaType;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.AbsoluteUri;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.validate.Rejection;
import io.tandem.sip.validate.ResponseValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * RFC 4475 "SIP Torture Test Messages", Section 3: one test per message of the RFC's archive
 * ({@code src/test/resources/rfc4475}), each asserting what the RFC says an implementation does
 * with it. Valid messages are also checked for a lossless round trip ({@code toBytes()} gives back
 * the bytes that were parsed).
 */
class Rfc4475Test {
    private static final Torture T = Torture.rfc4475();
    private static final String VALID = "valid";
    private static final String INVALID = "invalid";
    private static final String SEMANTIC = "semantic";

    /** The SIP exception a lazy accessor throws. */
    private static SipParseException failure(ThrowingCallable c) {
        SipParseException e = catchThrowableOfType(SipParseException.class, c);
        assertThat(e).as("SipParseException").isNotNull();
        return e;
    }

    private static void assertVia(Via v, String transport, String host, int port, String branch) {
        assertThat(v.protocol()).isEqualTo("SIP/2.0");
        assertThat(v.transport()).isEqualTo(transport);
        assertThat(v.host()).isEqualTo(host);
        assertThat(v.port()).isEqualTo(port);
        assertThat(v.branch()).isEqualTo(branch);
    }

    // ------------------------------------------------------------------ 3.1.1 valid messages

    /** §3.1.1.1 A Short Tortuous INVITE: folding, odd LWS, mixed header forms, leading zeros. */
    @Test
    void wsinv() {
        SipRequest r = T.roundTripRequest("wsinv", VALID);
        assertThat(r.method()).isSameAs(SipMethod.INVITE);
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.user()).isEqualTo("vivekg");
        assertThat(ruri.host()).isEqualTo("chair-dnrc.example.com");
        assertThat(ruri.port()).isEqualTo(-1);
        assertThat(ruri.params().has("unknownparam")).isTrue(); // unknown uri parameter without value
        assertThat(ruri.param("unknownparam")).isNull();
        // "TO :" folded onto the next line, LWS around ';' and '='
        NameAddress to = r.to();
        assertThat(to.displayName()).isNull();
        assertThat(to.uri().toString()).isEqualTo("sip:vivekg@chair-dnrc.example.com");
        assertThat(to.tag()).isEqualTo("1918181833n");
        // quoted-pairs in the display name: "J Rosenberg \\\"" reads J Rosenberg \"
        NameAddress from = r.from();
        assertThat(from.displayName()).isEqualTo("J Rosenberg \\\"");
        assertThat(from.uri().toString()).isEqualTo("sip:jdrosen@example.com");
        assertThat(from.tag()).isEqualTo("98asjd8");
        assertThat(r.maxForwards()).isEqualTo(68); // 0068
        assertThat(r.callId()).isEqualTo("wsinv.ndaksdj@192.0.2.1");
        assertThat(r.cseq().sequence()).isEqualTo(9); // 0009, method on a folded line
        assertThat(r.cseq().method()).isSameAs(SipMethod.INVITE);
        // Via in long and compact form, separate lines and a comma list, LWS inside sent-protocol
        List<Via> vias = r.vias();
        assertThat(vias).hasSize(3);
        assertVia(vias.get(0), "UDP", "192.0.2.2", -1, "390skdjuw");
        assertThat(vias.get(0).isRfc3261Branch()).isFalse();
        assertVia(vias.get(1), "TCP", "spindle.example.com", -1, "z9hG4bK9ikj8");
        assertVia(vias.get(2), "UDP", "192.168.255.111", -1, "z9hG4bK30239");
        assertThat(r.topVia()).isEqualTo(vias.get(0));
        // empty Subject (compact form s)
        assertThat(r.hasHeader("Subject")).isTrue();
        assertThat(r.header("Subject")).isEmpty();
        // unknown headers, one folded, one whose value would be invalid as generic-params
        assertThat(r.header("NewFangledHeader")).isEqualTo("newfangled value continued newfangled value");
        assertThat(r.header("UnknownHeaderWithUnusualValue")).isEqualTo(";;,,;;,;");
        // Route with unknown uri parameters, with and without value
        assertThat(r.routes()).hasSize(1);
        SipUri route = sip(r.routes().get(0).uri());
        assertThat(route.host()).isEqualTo("services.example.com");
        assertThat(route.lr()).isTrue();
        assertThat(route.param("unknownwith")).isEqualTo("value");
        assertThat(route.params().has("unknown-no-value")).isTrue();
        // Contact (compact m) with quoted-pairs, folded unknown parameters, q with LWS around '='
        assertThat(r.contacts()).hasSize(1);
        NameAddress contact = r.contacts().get(0);
        assertThat(contact.displayName()).isEqualTo("Quoted string \"\"");
        assertThat(contact.uri().toString()).isEqualTo("sip:jdrosen@example.com");
        assertThat(contact.params().get("newparam")).isEqualTo("newvalue");
        assertThat(contact.params().has("secondparam")).isTrue();
        assertThat(contact.params().get("secondparam")).isNull();
        assertThat(contact.q()).isEqualTo(330);
        assertThat(r.contentType().sameType("application", "sdp")).isTrue();
        assertThat(r.contentLength()).isEqualTo(150);
        assertThat(r.bodyLength()).isEqualTo(150);
        assertThat(r.bodyText()).startsWith("v=0\r\n").endsWith("a=rtpmap:31 LPC\r\n");
        // all elements must consider it valid
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** §3.1.1.2 Wide Range of Valid Characters. */
    @Test
    void intmeth() {
        SipRequest r = T.roundTripRequest("intmeth", VALID);
        String method = "!interesting-Method0123456789_*+`.%indeed'~";
        assertThat(r.method().name()).isEqualTo(method); // '%' is no escape in a method
        assertThat(r.method().isKnown()).isFalse();
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        assertThat(ruri.password()).isEqualTo("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
        assertThat(ruri.host()).isEqualTo("example.com");
        assertThat(ruri.params().isEmpty()).isTrue();
        assertThat(ruri.headersRaw()).isNull();
        // branch with every non-alphanumeric token character
        assertVia(r.topVia(), "TCP", "host1.example.com", -1, "z9hG4bK-.!%66*_+`'~");
        // quoted-pair expansion of BEL, NUL and DEL in the To display name
        NameAddress to = r.to();
        assertThat(to.displayName()).isEqualTo("BEL:\u0007 NUL:\u0000 DEL:\u007f");
        // rendered again, the controls are quoted-pairs as they were written (RFC 3261 §25.1)
        assertThat(to.toString()).startsWith("\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f\" <sip:");
        SipUri toUri = sip(to.uri());
        assertThat(toUri.user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        assertThat(toUri.password()).isNull();
        // display name of several tokens; parameter name of token characters with a UTF-8 quoted value
        NameAddress from = r.from();
        assertThat(from.displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
        assertThat(from.uri().toString()).isEqualTo("sip:mundane@example.com");
        assertThat(from.params().get("fromParam''~+*_!.-%")).isEqualTo("\"работающий\"");
        assertThat(from.tag()).isEqualTo("_token~1'+`*%!-.");
        // word characters: '%' no escape, '"' no quote, '<' '>' no brackets
        assertThat(r.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
        assertThat(r.cseq().sequence()).isEqualTo(139122385);
        assertThat(r.cseq().method()).isEqualTo(r.method());
        assertThat(r.maxForwards()).isEqualTo(255);
        assertThat(r.header("extensionHeader-!.%*+_`'~")).isEqualTo("\uFEFF大停電");
        assertThat(r.contentLength()).isZero();
        assertThat(r.bodyLength()).isZero();
        assertThat(proxy(r)).isNull();
    }

    /** §3.1.1.3 Valid Use of the % Escaping Mechanism. */
    @Test
    void esc01() {
        SipRequest r = T.roundTripRequest("esc01", VALID);
        assertThat(r.method()).isSameAs(SipMethod.INVITE);
        // sips:user@example.com embedded in the user part
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.user()).isEqualTo("sips%3Auser%40example.com");
        assertThat(ruri.userDecoded()).isEqualTo("sips:user@example.com");
        assertThat(ruri.host()).isEqualTo("example.net");
        // escaped user parts compare equal to the unescaped forms (RFC 3261 §19.1.4)
        SipUri to = sip(r.to().uri());
        assertThat(to.user()).isEqualTo("%75se%72");
        assertThat(to.userDecoded()).isEqualTo("user");
        assertThat(to.equivalentTo(sip("sip:user@example.com"))).isTrue();
        assertThat(r.to().tag()).isNull();
        SipUri from = sip(r.from().uri());
        assertThat(from.userDecoded()).isEqualTo("I have spaces");
        assertThat(from.equivalentTo(sip("sip:I%20have%20spaces@example.net"))).isTrue();
        assertThat(r.from().tag()).isEqualTo("938");
        assertThat(r.callId()).isEqualTo("esc01.239409asdfakjkn23onasd0-3234"); // compact i
        assertThat(r.contentType().sameType("application", "sdp")).isTrue(); // compact C
        // escapes in uri parameters: %6C%72 is lr; name=value%41 is NOT name=valueA (no recursive unescaping)
        assertThat(r.contacts()).hasSize(1);
        SipUri contact = sip(r.contacts().get(0).uri());
        assertThat(contact.userDecoded()).isEqualTo("caller");
        assertThat(contact.params().name(0)).isEqualTo("%6C%72");
        assertThat(contact.param("n%61me")).isEqualTo("v%61lue%25%34%31");
        assertThat(contact.equivalentTo(sip("sip:caller@host5.example.net;lr;name=value%2541"))).isTrue();
        assertThat(contact.equivalentTo(sip("sip:caller@host5.example.net;lr;name=valueA"))).isFalse();
        assertThat(r.maxForwards()).isEqualTo(87);
        assertThat(r.cseq().sequence()).isEqualTo(234234);
        assertThat(r.bodyLength()).isEqualTo(150);
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** §3.1.1.4 Escaped Nulls in URIs: legal, and must not shorten the user name. */
    @Test
    void escnull() {
        SipRequest r = T.roundTripRequest("escnull", VALID);
        assertThat(r.method()).isSameAs(SipMethod.REGISTER);
        SipUri to = sip(r.to().uri());
        assertThat(to.user()).isEqualTo("null-%00-null");
        assertThat(to.userDecoded()).isEqualTo("null-\u0000-null").hasSize(11);
        assertThat(to.equivalentTo(sip("sip:null-@example.com"))).isFalse();
        SipUri from = sip(r.from().uri());
        assertThat(from.userDecoded()).isEqualTo("null-\u0000-null");
        assertThat(r.from().tag()).isEqualTo("839923423");
        // two distinct contacts
        List<NameAddress> contacts = r.contacts();
        assertThat(contacts).hasSize(2);
        SipUri c1 = sip(contacts.get(0).uri());
        SipUri c2 = sip(contacts.get(1).uri());
        assertThat(c1.userDecoded()).isEqualTo("\u0000");
        assertThat(c2.userDecoded()).isEqualTo("\u0000\u0000");
        assertThat(c1.equivalentTo(c2)).isFalse();
        assertThat(r.contentLength()).isZero(); // "L:0"
        assertThat(r.callId()).isEqualTo("escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd");
        assertThat(r.cseq().sequence()).isEqualTo(14398234);
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** §3.1.1.5 Use of % When It Is Not an Escape. */
    @Test
    void esc02() {
        SipRequest r = T.roundTripRequest("esc02", VALID);
        // the method is unknown: RE%47IST%45R is not REGISTER
        assertThat(r.method().name()).isEqualTo("RE%47IST%45R");
        assertThat(r.method()).isNotEqualTo(SipMethod.REGISTER);
        assertThat(r.method().isKnown()).isFalse();
        assertThat(r.cseq().method()).isEqualTo(r.method());
        assertThat(r.cseq().sequence()).isEqualTo(29344);
        // display name "%Z%45" as written (not %ZE)
        assertThat(r.to().displayName()).isEqualTo("%Z%45");
        assertThat(r.from().displayName()).isEqualTo("%Z%45");
        assertThat(r.from().tag()).isEqualTo("f232jadfj23");
        // '%' in a token (branch)
        assertVia(r.topVia(), "TCP", "host.example.com", -1, "z9hG4bK209%fzsnel234");
        // two Contact values, not three: C%6Fntact is an unknown header
        assertThat(r.contacts()).extracting(c -> c.uri().toString())
            .containsExactly("sip:alias1@host1.example.com", "sip:alias3@host3.example.com");
        assertThat(r.headerLines("Contact")).isEqualTo(2);
        assertThat(r.header("C%6Fntact")).isEqualTo("<sip:alias2@host2.example.com>");
        assertThat(sip(r.requestUri()).host()).isEqualTo("registrar.example.com");
        assertThat(r.contentLength()).isZero();
        assertThat(proxy(r)).isNull();
    }

    /** §3.1.1.6 Message with No LWS between Display Name and &lt;. */
    @Test
    void lwsdisp() {
        SipRequest r = T.roundTripRequest("lwsdisp", VALID);
        assertThat(r.method()).isSameAs(SipMethod.OPTIONS);
        NameAddress from = r.from();
        assertThat(from.displayName()).isEqualTo("caller");
        assertThat(from.uri().toString()).isEqualTo("sip:caller@example.com");
        assertThat(from.tag()).isEqualTo("323");
        assertThat(r.to().uri().toString()).isEqualTo("sip:user@example.com");
        assertThat(r.callId()).isEqualTo("lwsdisp.1234abcd@funky.example.com");
        assertVia(r.topVia(), "UDP", "funky.example.com", -1, "z9hG4bKkdjuw");
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** §3.1.1.7 Long Values in Header Fields. */
    @Test
    void longreq() {
        SipRequest r = T.roundTripRequest("longreq", VALID);
        NameAddress to = r.to();
        assertThat(to.displayName()).isEqualTo("I have a user name of " + "extreme".repeat(10) + " proportion");
        SipUri toUri = sip(to.uri());
        assertThat(toUri.port()).isEqualTo(6000);
        assertThat(toUri.param("unknownparam1")).isEqualTo("very" + "long".repeat(20) + "value");
        assertThat(toUri.param("longparam" + "name".repeat(25))).isEqualTo("shortvalue");
        assertThat(toUri.params().has("very" + "long".repeat(25) + "ParameterNameWithNoValue")).isTrue();
        NameAddress from = r.from(); // compact F
        assertThat(sip(from.uri()).user()).isEqualTo("amazinglylongcallername".repeat(5));
        assertThat(from.tag()).isEqualTo("1" + "298".repeat(50) + "2424");
        assertThat(from.params().get("unknownheaderparam" + "name".repeat(20)))
            .isEqualTo("unknowheaderparam" + "value".repeat(15));
        assertThat(from.params().has("unknownValueless" + "paramname".repeat(10))).isTrue();
        assertThat(r.callId()).isEqualTo("longreq.one" + "really".repeat(20) + "longcallid");
        assertThat(r.cseq().sequence()).isEqualTo(3882340);
        String longLong = "long".repeat(20);
        assertThat(r.header("Unknown-" + "Long".repeat(20) + "-Name")).isEqualTo("unknown-" + longLong
            + "-value; unknown-" + longLong + "-parameter-name = unknown-" + longLong + "-parameter-value");
        // 34 Via values in every spelling of the name, top first
        List<Via> vias = r.vias();
        assertThat(vias).hasSize(34);
        assertThat(r.headerLines("Via")).isEqualTo(34);
        for (int i = 0; i < 33; i++) {
            assertVia(vias.get(i), "TCP", "sip" + (33 - i) + ".example.com", -1, null);
        }
        Via last = vias.get(33);
        assertVia(last, "TCP", "host.example.com", -1, "very" + "long".repeat(50) + "branchvalue");
        assertThat(last.received()).isEqualTo("192.0.2.5");
        assertThat(r.maxForwards()).isEqualTo(70);
        assertThat(sip(r.contacts().get(0).uri()).user()).isEqualTo("amazinglylongcallername".repeat(5));
        assertThat(r.contentLength()).isEqualTo(150);
        assertThat(r.bodyLength()).isEqualTo(150);
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** §3.1.1.8 Extra Trailing Octets in a UDP Datagram: they are noise and ignored. */
    @Test
    void dblreq() {
        byte[] b = T.bytes("dblreq", VALID);
        SipMessage m = SipParser.parseDatagram(b, 0, b.length);
        assertThat(m).isInstanceOf(SipRequest.class);
        SipRequest r = (SipRequest) m;
        assertThat(r.method()).isSameAs(SipMethod.REGISTER);
        assertThat(r.contentLength()).isZero();
        assertThat(r.bodyLength()).isZero();
        // the message ends at the empty line; the INVITE after it is not read
        int end = latin1(b).indexOf("\r\n\r\n") + 4;
        assertThat(r.toBytes()).isEqualTo(Arrays.copyOf(b, end));
        assertThat(latin1(b).substring(end)).startsWith("\r\nINVITE sip:joe@example.com SIP/2.0\r\n");
        assertThat(r.headerLines("Call-ID")).isEqualTo(1);
        assertThat(r.callId()).isEqualTo("dblreq.0ha0isndaksdj99sdfafnl3lk233412"); // compact I
        assertThat(r.to().uri().toString()).isEqualTo("sip:j.user@example.com");
        assertThat(r.from().tag()).isEqualTo("43251j3j324");
        assertThat(r.contacts()).extracting(c -> c.uri().toString()).containsExactly("sip:j.user@host.example.com");
        assertThat(r.cseq().sequence()).isEqualTo(8);
        assertThat(r.cseq().method()).isSameAs(SipMethod.REGISTER);
        assertVia(r.topVia(), "UDP", "192.0.2.125", -1, "z9hG4bKkdjuw23492");
        assertThat(r.hasHeader("Content-Type")).isFalse();
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** §3.1.1.9 Semicolon-Separated Parameters in URI User Part. */
    @Test
    void semiuri() {
        SipRequest r = T.roundTripRequest("semiuri", VALID);
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.user()).isEqualTo("user;par=u%40example.net");
        assertThat(ruri.userDecoded()).isEqualTo("user;par=u@example.net");
        assertThat(ruri.host()).isEqualTo("example.com");
        assertThat(ruri.params().isEmpty()).isTrue(); // "par" is part of the user, not a uri parameter
        assertThat(r.accept()).extracting(MediaType::toString).containsExactly("application/sdp",
            "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag");
        assertThat(r.maxForwards()).isEqualTo(3);
        assertThat(r.callId()).isEqualTo("semiuri.0ha0isndaksdj");
        assertVia(r.topVia(), "UDP", "192.0.2.1", -1, "z9hG4bKkdjuw");
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** §3.1.1.10 Varied and Unknown Transport Types. */
    @Test
    void transports() {
        SipRequest r = T.roundTripRequest("transports", VALID);
        List<Via> vias = r.vias();
        assertThat(vias).extracting(Via::transport).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
        assertThat(vias).extracting(Via::host)
            .containsExactly("t1.example.com", "t2.example.com", "t3.example.com", "t4.example.com", "t5.example.com");
        assertThat(vias).extracting(Via::branch).containsExactly("z9hG4bKkdjuw", "z9hG4bKklasjdhf",
            "z9hG4bK2980unddj", "z9hG4bKasd0f3en", "z9hG4bK0a9idfnee");
        assertThat(vias).allMatch(v -> v.protocol().equals("SIP/2.0") && v.port() == -1);
        assertThat(r.callId()).isEqualTo("transports.kijh4akdnaqjkwendsasfdj");
        assertThat(r.cseq().sequence()).isEqualTo(60);
        assertThat(r.from().tag()).isEqualTo("323");
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** §3.1.1.11 Multipart MIME Message, with a binary part holding NUL octets. */
    @Test
    void mpart01() {
        SipRequest r = T.roundTripRequest("mpart01", VALID);
        assertThat(r.method()).isSameAs(SipMethod.MESSAGE);
        Via via = r.topVia();
        assertVia(via, "UDP", "127.0.0.1", 5070, "z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-");
        assertThat(via.hasRport()).isTrue();
        assertThat(via.rport()).isZero();
        SipUri route = sip(r.routes().get(0).uri());
        assertThat(route.host()).isEqualTo("127.0.0.1");
        assertThat(route.port()).isEqualTo(5080);
        assertThat(r.header("Identity")).startsWith("r5mwreLuyDRYBi/0TiPwEsY3rEVsk").endsWith("hkMWYUA=");
        assertThat(r.callId()).isEqualTo("3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..");
        assertThat(r.header("Content-Transfer-Encoding")).isEqualTo("binary");
        assertThat(r.header("Date")).isEqualTo("Sat, 15 Oct 2005 04:44:56 GMT");
        assertThat(r.userAgent()).isEqualTo("SIPimp.org/0.2.5 (curses)");
        MediaType ct = r.contentType();
        assertThat(ct.sameType("multipart", "mixed")).isTrue();
        assertThat(ct.params().get("boundary")).isEqualTo("7a9cbec02ceef655");
        assertThat(r.contentLength()).isEqualTo(553);
        assertThat(r.bodyLength()).isEqualTo(553);
        // frame the two parts
        byte[] body = r.body();
        List<byte[]> parts = multipart(body, "7a9cbec02ceef655");
        assertThat(parts).hasSize(2);
        assertThat(latin1(parts.get(0)))
            .isEqualTo("Content-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n\r\nHello");
        String head2 = "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n";
        assertThat(latin1(parts.get(1))).startsWith(head2);
        byte[] binary = Arrays.copyOfRange(parts.get(1), head2.length(), parts.get(1).length);
        assertThat(Arrays.copyOf(binary, 4)).containsExactly(0x30, 0x82, 0x01, 0x52); // DER SEQUENCE
        assertThat(Arrays.copyOfRange(binary, binary.length - 2, binary.length)).containsExactly(0xD0, 0x05);
        assertThat(binary).contains((byte) 0);
        assertThat(latin1(body)).endsWith("\r\n--7a9cbec02ceef655--\r\n");
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull(); // multipart is understood
    }

    /** §3.1.1.12 Unusual Reason Phrase, in UTF-8. */
    @Test
    void unreason() {
        SipResponse r = T.roundTripResponse("unreason", VALID);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("= 2**3 * 5**2 но сто девяносто девять - простое");
        assertThat(r.version()).isEqualTo("SIP/2.0");
        assertVia(r.topVia(), "UDP", "192.0.2.198", -1, "z9hG4bK1324923");
        assertThat(r.callId()).isEqualTo("unreason.1234ksdfak3j2erwedfsASdf");
        assertThat(r.cseq().sequence()).isEqualTo(35);
        assertThat(r.cseq().method()).isSameAs(SipMethod.INVITE);
        assertThat(r.from().tag()).isEqualTo("11141343");
        assertThat(r.to().tag()).isEqualTo("2229");
        assertThat(r.contentLength()).isEqualTo(154);
        assertThat(r.bodyLength()).isEqualTo(154);
        assertThat(r.contacts().get(0).uri().toString()).isEqualTo("sip:user@host198.example.com");
        assertThat(ResponseValidator.discardReason(r)).isNull();
    }

    /** §3.1.1.13 Empty Reason Phrase (the SP after the code is present). */
    @Test
    void noreason() {
        byte[] b = T.bytes("noreason", VALID);
        SipResponse r = T.roundTripResponse("noreason", VALID);
        assertThat(latin1(b)).startsWith("SIP/2.0 100 \r\n");
        assertThat(r.status()).isEqualTo(100);
        assertThat(r.reason()).isEmpty();
        assertThat(r.isProvisional()).isTrue();
        assertVia(r.topVia(), "UDP", "192.0.2.105", -1, "z9hG4bK2398ndaoe");
        assertThat(r.callId()).isEqualTo("noreason.asndj203insdf99223ndf");
        assertThat(r.to().tag()).isEqualTo("902jndnke3");
        assertThat(r.contentLength()).isZero();
        assertThat(ResponseValidator.discardReason(r)).isNull();
    }

    // ------------------------------------------------------------------ 3.1.2 invalid messages

    /** §3.1.2.1 Extraneous Header Field Separators: 400. */
    @Test
    void badinv01() {
        SipRequest r = T.request("badinv01", INVALID);
        SipParseException via = failure(r::vias);
        assertThat(via.where()).isEqualTo("Via");
        assertThat(via.problem()).startsWith("empty parameter name before ';'");
        SipParseException contact = failure(r::contacts);
        assertThat(contact.where()).isEqualTo("Contact");
        assertThat(contact.problem()).startsWith("empty parameter name");
        assertRejected(uas(r), 400, "Bad Via", "empty parameter name");
        assertRejected(proxy(r), 400, "Bad Via", "empty parameter name");
    }

    /** §3.1.2.2 Content Length Larger Than Message (UDP): 400, built from the partial message. */
    @Test
    void clerr() {
        SipParseException e = parseFailure(T.bytes("clerr", INVALID));
        assertThat(e.where()).isEqualTo("Content-Length");
        assertThat(e.problem()).startsWith("9999 is larger than the 154 bytes of body in the datagram");
        assertThat(e.partial()).isInstanceOf(SipRequest.class);
        SipRequest partial = (SipRequest) e.partial();
        assertThat(partial.callId()).isEqualTo("clerr.0ha0isndaksdjweiafasdk3");
        assertThat(partial.contentLength()).isEqualTo(9999);
        assertThat(SipResponse.forRequest(partial, 400, "Bad Request").status()).isEqualTo(400);
    }

    /** §3.1.2.3 Negative Content-Length. */
    @Test
    void ncl() {
        SipParseException e = parseFailure(T.bytes("ncl", INVALID));
        assertThat(e.where()).isEqualTo("Content-Length");
        assertThat(e.problem()).startsWith("not a number: '-999'");
        assertThat(e.partial()).isInstanceOf(SipRequest.class);
        assertThat(((SipRequest) e.partial()).callId()).isEqualTo("ncl.0ha0isndaksdj2193423r542w35");
    }

    /** §3.1.2.4 Request Scalar Fields with Overlarge Values: 400 because of CSeq. */
    @Test
    void scalar02() {
        SipRequest r = T.request("scalar02", INVALID);
        SipParseException cseq = failure(r::cseq);
        assertThat(cseq.where()).isEqualTo("CSeq");
        assertThat(cseq.problem()).startsWith("sequence number is larger than 2**31 - 1");
        SipParseException mf = failure(r::maxForwards);
        assertThat(mf.where()).isEqualTo("Max-Forwards");
        assertThat(mf.problem()).startsWith("value is larger than 255");
        SipParseException exp = failure(r::expires);
        assertThat(exp.where()).isEqualTo("Expires");
        assertThat(exp.problem()).startsWith("value is larger than 4294967295");
        // an overlarge contact expires reads as invalid (-1), leaving the default to the registrar
        assertThat(r.contacts().get(0).params().get("expires")).isEqualTo("280297596632815");
        assertThat(r.contacts().get(0).expires()).isEqualTo(-1);
        assertRejected(uas(r), 400, "Bad CSeq", "2**31");
        assertRejected(proxy(r), 400, "Bad CSeq", "2**31");
    }

    /** §3.1.2.5 Response Scalar Fields with Overlarge Values: discarded. */
    @Test
    void scalarlg() {
        SipResponse r = T.response("scalarlg", INVALID);
        assertThat(r.status()).isEqualTo(503);
        SipParseException cseq = failure(r::cseq);
        assertThat(cseq.where()).isEqualTo("CSeq");
        assertThat(cseq.problem()).startsWith("sequence number is larger than 2**31 - 1");
        assertThat(r.header("Retry-After")).isEqualTo("949302838503028349304023988");
        assertThat(r.header("Warning")).isEqualTo("1812 overture \"In Progress\"");
        assertThat(ResponseValidator.discardReason(r)).startsWith("malformed CSeq").contains("2**31");
    }

    /** §3.1.2.6 Unterminated Quoted String in Display Name: 400. */
    @Test
    void quotbal() {
        SipRequest r = T.request("quotbal", INVALID);
        SipParseException to = failure(r::to);
        assertThat(to.where()).isEqualTo("To");
        assertThat(to.problem()).startsWith("unterminated quoted string");
        assertThat(to.offset()).isZero();
        assertRejected(uas(r), 400, "Bad To", "unterminated quoted string");
        assertRejected(proxy(r), 400, "Bad To", "unterminated quoted string");
    }

    /** §3.1.2.7 &lt;&gt; Enclosing Request-URI: 400. */
    @Test
    void ltgtruri() {
        SipParseException e = parseFailure(T.bytes("ltgtruri", INVALID));
        assertThat(e.where()).isEqualTo("Request-Line");
        assertThat(e.problem()).startsWith("Request-URI does not start with a URI scheme");
        assertThat(e.offset()).isEqualTo("INVITE ".length()); // the '<'
        assertThat(e.partial()).isInstanceOf(SipRequest.class);
        assertThat(((SipRequest) e.partial()).callId()).isEqualTo("ltgtruri.1@192.0.2.5");
    }

    /** §3.1.2.8 Malformed SIP Request-URI (embedded LWS): 400. */
    @Test
    void lwsruri() {
        SipParseException e = parseFailure(T.bytes("lwsruri", INVALID));
        assertThat(e.where()).isEqualTo("Request-Line");
        assertThat(e.problem()).startsWith("white space or control character inside the Request-URI");
        assertThat(e.offset()).isEqualTo("INVITE sip:user@example.com;".length()); // the SP before "lr"
        assertThat(e.partial()).isInstanceOf(SipRequest.class);
    }

    /** §3.1.2.9 Multiple SP Separating Request-Line Elements. */
    @Test
    void lwsstart() {
        SipParseException e = parseFailure(T.bytes("lwsstart", INVALID));
        assertThat(e.where()).isEqualTo("Request-Line");
        assertThat(e.problem()).contains("white space");
        assertThat(e.offset()).isEqualTo("INVITE ".length()); // the second SP
        assertThat(e.partial()).isInstanceOf(SipRequest.class);
    }

    /**
     * §3.1.2.10 SP Characters at End of Request-Line. (The codec reports the white space at the SP
     * before SIP-Version, not at the trailing SP; see the report.)
     */
    @Test
    void trws() {
        byte[] b = T.bytes("trws", INVALID);
        assertThat(latin1(b)).startsWith("OPTIONS sip:remote-target@example.com SIP/2.0  \r\n");
        SipParseException e = parseFailure(b);
        assertThat(e.where()).isEqualTo("Request-Line");
        assertThat(e.problem()).contains("white space");
        assertThat(e.partial()).isInstanceOf(SipRequest.class);
    }

    /** §3.1.2.11 Escaped Headers in SIP Request-URI: 400. */
    @Test
    void escruri() {
        SipRequest r = T.request("escruri", INVALID);
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.headersRaw()).isEqualTo("Route=%3Csip:example.com%3E");
        assertThat(ruri.header("Route")).isEqualTo("<sip:example.com>");
        assertRejected(uas(r), 400, "Bad Request-URI", "must not contain headers");
        assertRejected(proxy(r), 400, "Bad Request-URI", "must not contain headers");
    }

    /** §3.1.2.12 Invalid Time Zone in Date Header Field: a UAS rejects, a proxy ignores the Date. */
    @Test
    void baddate() {
        SipRequest r = T.request("baddate", INVALID);
        assertThat(r.header("Date")).isEqualTo("Fri, 01 Jan 2010 16:00:00 EST");
        assertRejected(uas(r), 400, "Bad Date", "time zone EST is not GMT");
        assertThat(proxy(r)).isNull(); // RFC 3261 §16.3 step 1: forwarded unchanged
        assertRoundTrip(r, T.bytes("baddate", INVALID));
    }

    /** §3.1.2.13 Failure to Enclose name-addr URI in &lt;&gt;: 400. */
    @Test
    void regbadct() {
        SipRequest r = T.request("regbadct", INVALID);
        SipParseException c = failure(r::contacts);
        assertThat(c.where()).isEqualTo("Contact");
        assertThat(c.problem()).startsWith("URI with headers must be enclosed in '<' '>'");
        assertRejected(uas(r), 400, "Bad Contact", "must be enclosed in '<' '>'");
        assertRejected(proxy(r), 400, "Bad Contact", "must be enclosed in '<' '>'");
    }

    /** §3.1.2.14 Spaces within addr-spec: 400. */
    @Test
    void badaspec() {
        SipRequest r = T.request("badaspec", INVALID);
        assertThat(r.from().displayName()).isEqualTo("Bell, Alexander");
        SipParseException to = failure(r::to);
        assertThat(to.where()).isEqualTo("To");
        assertThat(to.problem()).startsWith("white space inside '<' '>' around the URI");
        assertThat(to.offset()).isEqualTo("\"Watson, Thomas\" <".length());
        assertRejected(uas(r), 400, "Bad To", "white space inside '<' '>'");
        assertRejected(proxy(r), 400, "Bad To", "white space inside '<' '>'");
    }

    /**
     * §3.1.2.15 Non-token Characters in Display Name: 400. The file, like its source, ends after
     * "l: 0" CRLF without the empty line that closes the header section; that alone fails the
     * parse. With the empty line added, the display names are what is rejected.
     */
    @Test
    void baddn() {
        byte[] b = T.bytes("baddn", INVALID);
        SipParseException framing = parseFailure(b);
        assertThat(framing.where()).isEqualTo("message");
        assertThat(framing.problem()).startsWith("header section not terminated by an empty line");

        byte[] closed = Arrays.copyOf(b, b.length + 2);
        closed[b.length] = '\r';
        closed[b.length + 1] = '\n';
        SipRequest r = (SipRequest) SipParser.parse(closed);
        SipParseException from = failure(r::from);
        assertThat(from.where()).isEqualTo("From");
        assertThat(from.problem()).startsWith("invalid character ',' in an unquoted display name");
        assertThat(from.offset()).isEqualTo("Bell".length());
        SipParseException to = failure(r::to);
        assertThat(to.where()).isEqualTo("To");
        assertThat(to.problem()).startsWith("invalid character ',' in an unquoted display name");
        assertRejected(uas(r), 400, "Bad From", "unquoted display name");
        assertRejected(proxy(r), 400, "Bad From", "unquoted display name");
    }

    /** §3.1.2.16 Unknown Protocol Version: 505. */
    @Test
    void badvers() {
        SipRequest r = T.roundTripRequest("badvers", INVALID);
        assertThat(r.version()).isEqualTo("SIP/7.0");
        assertThat(r.topVia().protocol()).isEqualTo("SIP/7.0");
        assertRejected(uas(r), 505, "Version Not Supported", "SIP/7.0");
        assertRejected(proxy(r), 505, "Version Not Supported", "SIP/7.0");
    }

    /** §3.1.2.17 Start Line and CSeq Method Mismatch: 400. */
    @Test
    void mismatch01() {
        SipRequest r = T.request("mismatch01", INVALID);
        assertThat(r.method()).isSameAs(SipMethod.OPTIONS);
        assertThat(r.cseq().method()).isSameAs(SipMethod.INVITE);
        Rejection rj = assertRejected(uas(r), 400, "CSeq Method Mismatch", "CSeq method INVITE");
        assertThat(rj.detail()).contains("OPTIONS");
        assertRejected(proxy(r), 400, "CSeq Method Mismatch", "CSeq method INVITE");
    }

    /** §3.1.2.18 Unknown Method with CSeq Method Mismatch: 501, or 400 (this codec). */
    @Test
    void mismatch02() {
        SipRequest r = T.request("mismatch02", INVALID);
        assertThat(r.method().name()).isEqualTo("NEWMETHOD");
        assertThat(r.method().isKnown()).isFalse();
        assertThat(r.cseq().method()).isSameAs(SipMethod.INVITE);
        assertThat(r.contentLength()).isEqualTo(138); // compact l
        assertThat(r.bodyLength()).isEqualTo(138);
        Rejection rj = assertRejected(uas(r), 400, "CSeq Method Mismatch", "CSeq method INVITE");
        assertThat(rj.detail()).contains("NEWMETHOD");
        assertRejected(proxy(r), 400, "CSeq Method Mismatch", "NEWMETHOD");
    }

    /** §3.1.2.19 Overlarge Response Code: dropped. */
    @Test
    void bigcode() {
        SipParseException e = parseFailure(T.bytes("bigcode", INVALID));
        assertThat(e.where()).isEqualTo("Status-Line");
        assertThat(e.problem()).startsWith("Status-Code has more than 3 digits");
        assertThat(e.offset()).isEqualTo("SIP/2.0 429".length());
        assertThat(e.partial()).isNull(); // nothing to answer: a response is dropped
    }

    // ------------------------------------------------------------------ 3.2 transaction layer

    /** §3.2.1 Missing Transaction Identifier: the cookie alone, so RFC 2543 matching applies. */
    @Test
    void badbranch() {
        SipRequest r = T.roundTripRequest("badbranch", "transaction");
        Via via = r.topVia();
        assertVia(via, "UDP", "192.0.2.1", -1, "z9hG4bK");
        assertThat(via.isRfc3261Branch()).isFalse();
        assertThat(r.callId()).isEqualTo("badbranch.sadonfo23i420jv0as0derf3j3n");
        assertThat(r.cseq().sequence()).isEqualTo(8);
        assertThat(r.maxForwards()).isEqualTo(3);
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    // ------------------------------------------------------------------ 3.3 application layer

    /** §3.3.1 Missing Required Header Fields (Call-ID, From, To): 400. */
    @Test
    void insuf() {
        SipRequest r = T.roundTripRequest("insuf", SEMANTIC);
        assertThat(r.to()).isNull();
        assertThat(r.from()).isNull();
        assertThat(r.callId()).isNull();
        assertThat(r.cseq().sequence()).isEqualTo(193942);
        assertThat(r.bodyLength()).isEqualTo(152);
        Rejection rj = assertRejected(uas(r), 400, "Missing To Header", "To");
        assertThat(rj.detail()).isEqualTo("required header To is missing");
        assertRejected(proxy(r), 400, "Missing To Header", "To");
    }

    /** §3.3.2 Request-URI with Unknown Scheme: 416. */
    @Test
    void unkscm() {
        SipRequest r = T.roundTripRequest("unkscm", SEMANTIC);
        assertThat(r.requestUri()).isInstanceOf(AbsoluteUri.class);
        AbsoluteUri u = (AbsoluteUri) r.requestUri();
        assertThat(u.schemeAsWritten()).isEqualTo("nobodyKnowsThisScheme");
        assertThat(u.schemeSpecificPart()).isEqualTo("totallyopaquecontent");
        assertRejected(uas(r), 416, "Unsupported URI Scheme", "nobodyknowsthisscheme");
        assertRejected(proxy(r), 416, "Unsupported URI Scheme", "nobodyknowsthisscheme");
    }

    /** §3.3.3 Request-URI with Known but Atypical Scheme (soap.beep): 416 when not supported. */
    @Test
    void novelsc() {
        SipRequest r = T.roundTripRequest("novelsc", SEMANTIC);
        assertThat(r.requestUri()).isInstanceOf(AbsoluteUri.class);
        AbsoluteUri u = (AbsoluteUri) r.requestUri();
        assertThat(u.scheme()).isEqualTo("soap.beep");
        assertThat(u.schemeSpecificPart()).isEqualTo("//192.0.2.103:3002");
        assertRejected(uas(r), 416, "Unsupported URI Scheme", "soap.beep");
        assertRejected(proxy(r), 416, "Unsupported URI Scheme", "soap.beep");
    }

    /** §3.3.4 Unknown URI Schemes in Header Fields: well formed; a proxy treats it as any request. */
    @Test
    void unksm2() {
        SipRequest r = T.roundTripRequest("unksm2", SEMANTIC);
        assertThat(r.to().uri()).isInstanceOf(AbsoluteUri.class);
        assertThat(r.to().uri().toString()).isEqualTo("isbn:2983792873");
        assertThat(r.to().uri().scheme()).isEqualTo("isbn");
        assertThat(r.from().uri()).isInstanceOf(AbsoluteUri.class);
        assertThat(r.from().uri().toString()).isEqualTo("http://www.example.com");
        assertThat(r.from().tag()).isEqualTo("3234233");
        assertThat(r.contacts()).hasSize(1);
        assertThat(r.contacts().get(0).uri()).isInstanceOf(AbsoluteUri.class);
        assertThat(r.contacts().get(0).uri().toString()).isEqualTo("name:John_Smith");
        assertThat(proxy(r)).isNull();
    }

    /** §3.3.5 Proxy-Require and Require: 420 listing the options of the element's role. */
    @Test
    void bext01() {
        SipRequest r = T.roundTripRequest("bext01", SEMANTIC);
        assertThat(r.require()).containsExactly("nothingSupportsThis", "nothingSupportsThisEither");
        assertThat(r.proxyRequire()).containsExactly("noProxiesSupportThis", "norDoAnyProxiesSupportThis");
        Rejection u = assertRejected(uas(r), 420, "Bad Extension", "nothingSupportsThis");
        assertThat(u.header("Unsupported")).isEqualTo("nothingSupportsThis, nothingSupportsThisEither");
        Rejection p = assertRejected(proxy(r), 420, "Bad Extension", "noProxiesSupportThis");
        assertThat(p.header("Unsupported")).isEqualTo("noProxiesSupportThis, norDoAnyProxiesSupportThis");
    }

    /** §3.3.6 Unknown Content-Type: a UAS answers 415 (with Accept); a proxy forwards. */
    @Test
    void invut() {
        SipRequest r = T.roundTripRequest("invut", SEMANTIC);
        assertThat(r.contentType().sameType("application", "unknownformat")).isTrue();
        assertThat(r.bodyLength()).isEqualTo(40);
        assertThat(r.bodyText()).isEqualTo("<audio>\r\n <pcmu port=\"443\"/>\r\n</audio>\r\n");
        Rejection u = assertRejected(uas(r), 415, "Unsupported Media Type", "application/unknownformat");
        assertThat(u.header("Accept")).isEqualTo("application/sdp");
        assertThat(proxy(r)).isNull();
    }

    /** §3.3.7 Unknown Authorization Scheme: a registrar answers 401; a proxy forwards. */
    @Test
    void regaut01() {
        SipRequest r = T.roundTripRequest("regaut01", SEMANTIC);
        List<Credentials> creds = r.authorization();
        assertThat(creds).hasSize(1);
        assertThat(creds.get(0)).isInstanceOf(OtherCredentials.class);
        OtherCredentials c = (OtherCredentials) creds.get(0);
        assertThat(c.scheme()).isEqualTo("NoOneKnowsThisScheme");
        assertThat(c.param("opaque-data")).isEqualTo("here");
        assertThat(r.contentLength()).isZero(); // "Content-Length:0"
        assertRejected(uas(r), 401, "Unauthorized", "NoOneKnowsThisScheme");
        assertThat(proxy(r)).isNull();
    }

    /** §3.3.8 Multiple Values in Single Value Required Fields: 400. */
    @Test
    void multi01() {
        SipRequest r = T.roundTripRequest("multi01", SEMANTIC);
        for (String h : new String[] {"Call-ID", "To", "From", "Max-Forwards", "CSeq"}) {
            assertThat(r.headerLines(h)).as(h).isEqualTo(2);
        }
        assertThat(r.contacts()).hasSize(2);
        assertRejected(uas(r), 400, "Multiple To Values", "To may appear only once");
        assertRejected(proxy(r), 400, "Multiple To Values", "To may appear only once");
    }

    /** §3.3.9 Multiple Content-Length Values: 400. */
    @Test
    void mcl01() {
        SipRequest r = T.request("mcl01", SEMANTIC);
        assertThat(r.headers("Content-Length")).containsExactly("13", "5");
        assertRejected(uas(r), 400, "Multiple Content-Length Values", "Content-Length may appear only once");
        assertRejected(proxy(r), 400, "Multiple Content-Length Values", "Content-Length may appear only once");
    }

    /** §3.3.10 200 OK Response with Broadcast Via Header Field Value: dropped. */
    @Test
    void bcast() {
        SipResponse r = T.roundTripResponse("bcast", SEMANTIC);
        assertThat(r.status()).isEqualTo(200);
        List<Via> vias = r.vias();
        assertThat(vias).hasSize(2);
        assertVia(vias.get(0), "UDP", "192.0.2.198", -1, "z9hG4bK1324923");
        assertVia(vias.get(1), "UDP", "255.255.255.255", -1, "z9hG4bK1saber23");
        assertThat(ResponseValidator.discardReason(r)).contains("255.255.255.255").contains("broadcast");
    }

    /** §3.3.11 Max-Forwards of Zero: a proxy answers 483; the UA may answer the OPTIONS itself. */
    @Test
    void zeromf() {
        SipRequest r = T.roundTripRequest("zeromf", SEMANTIC);
        assertThat(r.maxForwards()).isZero();
        assertRejected(proxy(r), 483, "Too Many Hops", "Max-Forwards is 0");
        assertThat(uas(r)).isNull();
    }

    /** §3.3.12 REGISTER with a Contact Header Parameter (addr-spec: the parameter is the header's). */
    @Test
    void cparam01() {
        SipRequest r = T.roundTripRequest("cparam01", SEMANTIC);
        NameAddress c = r.contacts().get(0);
        SipUri u = sip(c.uri());
        assertThat(u.toString()).isEqualTo("sip:+19725552222@gw1.example.net");
        assertThat(u.user()).isEqualTo("+19725552222");
        assertThat(u.params().isEmpty()).isTrue();
        assertThat(c.params().has("unknownparam")).isTrue();
        assertThat(c.params().get("unknownparam")).isNull();
        assertThat(uas(r)).isNull();
        assertThat(proxy(r)).isNull();
    }

    /** §3.3.13 REGISTER with a URL Parameter (inside &lt;&gt;: the parameter is the URI's). */
    @Test
    void cparam02() {
        SipRequest r = T.roundTripRequest("cparam02", SEMANTIC);
        NameAddress c = r.contacts().get(0);
        SipUri u = sip(c.uri());
        assertThat(u.toString()).isEqualTo("sip:+19725552222@gw1.example.net;unknownparam");
        assertThat(u.params().has("unknownparam")).isTrue();
        assertThat(c.params().isEmpty()).isTrue();
        assertThat(uas(r)).isNull();
        assertThat(proxy(r)).isNull();
    }

    /** §3.3.14 REGISTER with a URL Escaped Header: stored as is; Route reads &lt;sip:sip.example.com&gt;. */
    @Test
    void regescrt() {
        SipRequest r = T.roundTripRequest("regescrt", SEMANTIC);
        SipUri u = sip(r.contacts().get(0).uri()); // compact M
        assertThat(u.toString()).isEqualTo("sip:user@example.com?Route=%3Csip:sip.example.com%3E");
        assertThat(u.headersRaw()).isEqualTo("Route=%3Csip:sip.example.com%3E");
        assertThat(u.header("Route")).isEqualTo("<sip:sip.example.com>");
        assertThat(r.contentLength()).isZero(); // compact L
        assertThat(uas(r)).isNull();
        assertThat(proxy(r)).isNull();
    }

    /** §3.3.15 Unacceptable Accept Offering: 406. */
    @Test
    void sdp01() {
        SipRequest r = T.roundTripRequest("sdp01", SEMANTIC);
        assertThat(r.accept()).extracting(MediaType::toString).containsExactly("text/nobodyKnowsThis");
        assertThat(r.contentType().sameType("application", "sdp")).isTrue();
        assertRejected(uas(r), 406, "Not Acceptable", "Accept");
        assertThat(proxy(r)).isNull();
    }

    // ------------------------------------------------------------------ 3.4 backward compatibility

    /** §3.4.1 INVITE with RFC 2543 Syntax: no branch, no From tag, no Content-Length, no Max-Forwards. */
    @Test
    void inv2543() {
        byte[] b = T.bytes("inv2543", "compat");
        SipRequest r = T.roundTripRequest("inv2543", "compat");
        assertThat(r.method()).isSameAs(SipMethod.INVITE);
        assertThat(sip(r.requestUri()).user()).isEqualTo("UserB");
        Via via = r.topVia();
        assertVia(via, "UDP", "iftgw.example.com", -1, null);
        assertThat(via.isRfc3261Branch()).isFalse();
        assertThat(r.from().tag()).isNull();
        assertThat(sip(r.from().uri()).userParam()).isEqualTo("phone");
        // addr-spec form: ";user=phone" is a header parameter of To (RFC 3261 §20.10)
        assertThat(r.to().uri().toString()).isEqualTo("sip:+16505552222@ss1.example.net");
        assertThat(r.to().params().get("user")).isEqualTo("phone");
        assertThat(sip(r.recordRoutes().get(0).uri()).maddr()).isEqualTo("ss1.example.com");
        assertThat(r.callId()).isEqualTo("inv2543.1717@ift.client.example.com");
        assertThat(r.cseq().sequence()).isEqualTo(56);
        assertThat(r.maxForwards()).isEqualTo(-1);
        assertThat(r.contentLength()).isEqualTo(-1);
        int bodyStart = latin1(b).indexOf("\r\n\r\n") + 4;
        assertThat(r.bodyLength()).isEqualTo(b.length - bodyStart); // the rest of the datagram
        assertThat(r.bodyText()).startsWith("v=0\r\n").endsWith("m=audio 49217 RTP/AVP 0\r\n");
        assertThat(proxy(r)).isNull();
        assertThat(uas(r)).isNull();
    }

    /** Splits a multipart body (RFC 2046 §5.1.1) into the parts between the boundary delimiters. */
    private static List<byte[]> multipart(byte[] body, String boundary) {
        String text = latin1(body);
        String delimiter = "--" + boundary;
        List<byte[]> parts = new ArrayList<>();
        int p = text.indexOf(delimiter);
        assertThat(p).isZero();
        while (true) {
            int lineEnd = text.indexOf("\r\n", p);
            if (text.startsWith(delimiter + "--", p)) {
                break;
            }
            int next = text.indexOf("\r\n" + delimiter, lineEnd);
            assertThat(next).as("closing delimiter").isPositive();
            parts.add(text.substring(lineEnd + 2, next).getBytes(StandardCharsets.ISO_8859_1));
            p = next + 2;
        }
        return parts;
    }
}
