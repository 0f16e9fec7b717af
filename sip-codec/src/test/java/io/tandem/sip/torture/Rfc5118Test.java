package io.tandem.sip.torture;

import static io.tandem.sip.torture.Torture.assertRejected;
import static io.tandem.sip.torture.Torture.proxy;
import static io.tandem.sip.torture.Torture.sip;
import static io.tandem.sip.torture.Torture.uas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.sip.SipMethod;
import io.tandem.sip.SipParseException;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 5118 "SIP Torture Test Messages for IPv6", Section 4: one test per message
 * ({@code src/test/resources/rfc5118}), with the values its MANIFEST.tsv lists. IPv6 hosts are
 * kept as written, with their brackets; equality as addresses goes through URI equivalence
 * (RFC 3261 §19.1.4).
 */
class Rfc5118Test {
    private static final Torture T = Torture.rfc5118();
    private static final String VALID = "valid";

    private static void assertVia(Via v, String transport, String host, int port, String branch) {
        assertThat(v.protocol()).isEqualTo("SIP/2.0");
        assertThat(v.transport()).isEqualTo(transport);
        assertThat(v.host()).isEqualTo(host);
        assertThat(v.port()).isEqualTo(port);
        assertThat(v.branch()).isEqualTo(branch);
    }

    /** The host is an IPv6 reference that is, as an address, {@code address}. */
    private static void assertIPv6Host(SipUri u, String asWritten, String address) {
        assertThat(u.host()).isEqualTo(asWritten);
        assertThat(u.hostIsIPv6()).isTrue();
        assertThat(u.withoutParams().withUser(null).withPort(-1).equivalentTo(SipUri.of(false, null, address, -1)))
            .as("%s is the address %s", asWritten, address).isTrue();
    }

    private static void assertCaller(NameAddress contact, String host) {
        assertThat(contact.displayName()).isEqualTo("Caller");
        SipUri u = sip(contact.uri());
        assertThat(u.user()).isEqualTo("caller");
        assertThat(u.host()).isEqualTo(host);
        assertThat(u.hostIsIPv6()).isTrue();
        assertThat(u.port()).isEqualTo(-1);
    }

    /** §4.1 Valid SIP Message with an IPv6 Reference. */
    @Test
    void ipv6Good() {
        SipRequest r = T.roundTripRequest("ipv6-good", VALID);
        assertThat(r.method()).isSameAs(SipMethod.REGISTER);
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.user()).isNull();
        assertIPv6Host(ruri, "[2001:db8::10]", "2001:db8::10");
        assertThat(ruri.port()).isEqualTo(-1);
        assertThat(r.vias()).hasSize(1);
        Via via = r.topVia();
        assertVia(via, "UDP", "[2001:db8::9:1]", -1, "z9hG4bKas3-111");
        assertThat(via.received()).isNull();
        assertThat(r.contacts()).hasSize(1);
        assertCaller(r.contacts().get(0), "[2001:db8::1]");
        assertThat(r.to().uri().toString()).isEqualTo("sip:user@example.com");
        assertThat(r.to().tag()).isNull();
        assertThat(r.from().uri().toString()).isEqualTo("sip:user@example.com");
        assertThat(r.from().tag()).isEqualTo("81x2");
        assertThat(r.callId()).isEqualTo("SSG9559905523997077@hlau_4100");
        assertThat(r.cseq().sequence()).isEqualTo(98176);
        assertThat(r.cseq().method()).isSameAs(SipMethod.REGISTER);
        assertThat(r.maxForwards()).isEqualTo(70);
        assertThat(r.contentLength()).isZero();
        assertThat(r.bodyLength()).isZero();
        assertThat(uas(r)).isNull();
        assertThat(proxy(r)).isNull();
    }

    /** §4.2 Invalid SIP Message with an IPv6 Reference: the Request-URI lacks the brackets. 400. */
    @Test
    void ipv6Bad() {
        SipRequest r = T.request("ipv6-bad", "invalid");
        assertThat(r.requestUriText()).isEqualTo("sip:2001:db8::10");
        SipParseException e = catchThrowableOfType(SipParseException.class, r::requestUri);
        assertThat(e).isNotNull();
        assertThat(e.where()).isEqualTo("sip URI");
        assertThat(e.problem()).startsWith("IPv6 address must be enclosed in '[' ']'");
        // every other header is that of ipv6-good and reads
        assertVia(r.topVia(), "UDP", "[2001:db8::9:1]", -1, "z9hG4bKas3-111");
        assertCaller(r.contacts().get(0), "[2001:db8::1]");
        assertThat(r.from().tag()).isEqualTo("81x2");
        assertThat(r.cseq().sequence()).isEqualTo(98176);
        assertRejected(uas(r), 400, "Bad Request-URI", "IPv6 address must be enclosed in '[' ']'");
        assertRejected(proxy(r), 400, "Bad Request-URI", "IPv6 address must be enclosed in '[' ']'");
    }

    /** §4.3 Port Ambiguous in a SIP URI: the ":5070" inside "]" is part of the address; no port. */
    @Test
    void portAmbiguous() {
        SipRequest r = T.roundTripRequest("port-ambiguous", VALID);
        SipUri ruri = sip(r.requestUri());
        assertIPv6Host(ruri, "[2001:db8::10:5070]", "2001:db8:0:0:0:0:10:5070");
        assertThat(ruri.port()).isEqualTo(-1);
        assertThat(ruri.equivalentTo(sip("sip:[2001:db8::10]:5070"))).isFalse();
        assertVia(r.topVia(), "UDP", "[2001:db8::9:1]", -1, "z9hG4bKas3-111");
        assertCaller(r.contacts().get(0), "[2001:db8::1]");
        assertThat(r.cseq().sequence()).isEqualTo(98176);
        assertThat(r.cseq().method()).isSameAs(SipMethod.REGISTER);
        // Contact precedes Max-Forwards in this message
        assertThat(r.headerCanonicalName(4)).isEqualTo("Contact");
        assertThat(r.headerCanonicalName(5)).isEqualTo("Max-Forwards");
        assertThat(uas(r)).isNull();
    }

    /** §4.4 Port Unambiguous in a SIP URI. */
    @Test
    void portUnambiguous() {
        SipRequest r = T.roundTripRequest("port-unambiguous", VALID);
        SipUri ruri = sip(r.requestUri());
        assertIPv6Host(ruri, "[2001:db8::10]", "2001:db8::10");
        assertThat(ruri.port()).isEqualTo(5070);
        assertVia(r.topVia(), "UDP", "[2001:db8::9:1]", -1, "z9hG4bKas3-111");
        assertCaller(r.contacts().get(0), "[2001:db8::1]");
        assertThat(r.cseq().sequence()).isEqualTo(98176);
        assertThat(uas(r)).isNull();
    }

    /** §4.5 IPv6 Reference Delimiters in Via received: must parse, and the branch after it must read. */
    @Test
    void viaReceivedParamWithDelim() {
        SipRequest r = T.roundTripRequest("via-received-param-with-delim", VALID);
        assertThat(r.method()).isSameAs(SipMethod.BYE);
        SipUri ruri = sip(r.requestUri());
        assertIPv6Host(ruri, "[2001:db8::10]", "2001:db8::10");
        assertThat(ruri.port()).isEqualTo(-1);
        assertThat(r.vias()).hasSize(1);
        Via via = r.topVia();
        assertVia(via, "UDP", "[2001:db8::9:1]", -1, "z9hG4bKas3-111");
        assertThat(via.received()).isEqualTo("[2001:db8::9:255]");
        assertThat(SipUri.of(false, null, via.received(), -1).equivalentTo(sip("sip:[2001:db8::9:255]"))).isTrue();
        assertThat(r.to().tag()).isEqualTo("bd76ya");
        assertThat(r.from().tag()).isEqualTo("81x2");
        assertThat(r.cseq().sequence()).isEqualTo(321);
        assertThat(r.cseq().method()).isSameAs(SipMethod.BYE);
        assertThat(r.contacts()).isEmpty();
        assertThat(uas(r)).isNull();
        assertThat(proxy(r)).isNull();
    }

    /** §4.5 IPv6 Reference without delimiters in Via received: the colons do not end the parameters. */
    @Test
    void viaReceivedParamNoDelim() {
        SipRequest r = T.roundTripRequest("via-received-param-no-delim", VALID);
        assertThat(r.method()).isSameAs(SipMethod.OPTIONS);
        assertIPv6Host(sip(r.requestUri()), "[2001:db8::10]", "2001:db8::10");
        Via via = r.topVia();
        assertVia(via, "UDP", "[2001:db8::9:1]", -1, "z9hG4bKas3");
        assertThat(via.received()).isEqualTo("2001:db8::9:255");
        assertThat(SipUri.of(false, null, via.received(), -1).equivalentTo(sip("sip:[2001:db8::9:255]"))).isTrue();
        assertCaller(r.contacts().get(0), "[2001:db8::9:1]");
        assertThat(r.callId()).isEqualTo("SSG95523997077@hlau_4100");
        assertThat(r.cseq().sequence()).isEqualTo(921);
        assertThat(r.cseq().method()).isSameAs(SipMethod.OPTIONS);
        assertThat(uas(r)).isNull();
    }

    /** §4.6 SIP Request with IPv6 Addresses in SDP Body (bare, without brackets). */
    @Test
    void ipv6InSdp() {
        SipRequest r = T.roundTripRequest("ipv6-in-sdp", VALID);
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.user()).isEqualTo("user");
        assertIPv6Host(ruri, "[2001:db8::10]", "2001:db8::10");
        assertThat(ruri.port()).isEqualTo(-1);
        assertThat(r.to().uri().toString()).isEqualTo("sip:user@[2001:db8::10]");
        assertVia(r.topVia(), "UDP", "[2001:db8::20]", -1, "z9hG4bKas3-111");
        assertCaller(r.contacts().get(0), "[2001:db8::20]");
        assertThat(r.cseq().sequence()).isEqualTo(8612);
        assertThat(r.contentType().sameType("application", "sdp")).isTrue();
        assertThat(r.contentLength()).isEqualTo(251);
        assertThat(r.bodyLength()).isEqualTo(251);
        assertThat(r.bodyText().split("\r\n")).contains("o=assistant 971731711378798081 0 IN IP6 2001:db8::20",
            "c=IN IP6 2001:db8::20", "m=audio 6000 RTP/AVP 2", "m=video 6024 RTP/AVP 107");
        assertThat(uas(r)).isNull();
    }

    /** §4.7 Multiple IP Addresses in SIP Headers: a Via list mixing IPv6 references and IPv4. */
    @Test
    void multIpInHeader() {
        SipRequest r = T.roundTripRequest("mult-ip-in-header", VALID);
        assertThat(r.method()).isSameAs(SipMethod.BYE);
        assertThat(r.requestUri().toString()).isEqualTo("sip:user@host.example.net");
        List<Via> vias = r.vias();
        assertThat(vias).hasSize(3);
        assertVia(vias.get(0), "UDP", "[2001:db8::9:1]", 6050, "z9hG4bKas3-111");
        assertVia(vias.get(1), "UDP", "192.0.2.1", -1, "z9hG4bKjhja8781hjuaij65144");
        assertVia(vias.get(2), "TCP", "[2001:db8::9:255]", -1, "z9hG4bK451jj");
        assertThat(vias.get(2).received()).isEqualTo("192.0.2.200");
        assertThat(r.callId()).isEqualTo("997077@lau_4100");
        assertThat(r.cseq().sequence()).isEqualTo(89187);
        assertThat(r.to().uri().toString()).isEqualTo("sip:user@example.net");
        assertThat(r.to().tag()).isEqualTo("9817--94");
        assertThat(r.from().tag()).isEqualTo("81x2");
        assertThat(r.contacts()).isEmpty();
        assertThat(proxy(r)).isNull();
    }

    /** §4.8 Multiple IP Addresses in SDP. */
    @Test
    void multIpInSdp() {
        SipRequest r = T.roundTripRequest("mult-ip-in-sdp", VALID);
        assertIPv6Host(sip(r.requestUri()), "[2001:db8::10]", "2001:db8::10");
        assertVia(r.topVia(), "UDP", "[2001:db8::9:1]", -1, "z9hG4bKas3-111");
        assertCaller(r.contacts().get(0), "[2001:db8::9:1]");
        assertThat(r.cseq().sequence()).isEqualTo(8912);
        assertThat(r.contentType().sameType("application", "sdp")).isTrue();
        assertThat(r.contentLength()).isEqualTo(189);
        assertThat(r.bodyLength()).isEqualTo(189);
        String sdp = r.bodyText();
        assertThat(sdp).contains("o=bob 280744730 28977631 IN IP4 host.example.com\r\ns=\r\nt=0 0\r\n");
        assertThat(sdp).contains("m=audio 22334 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\n");
        assertThat(sdp).contains("m=video 6024 RTP/AVP 107\r\nc=IN IP6 2001:db8::1\r\n");
        assertThat(uas(r)).isNull();
    }

    /** §4.9 IPv4-Mapped IPv6 Addresses, in signaling and SDP. */
    @Test
    void ipv4MappedIpv6() {
        SipRequest r = T.roundTripRequest("ipv4-mapped-ipv6", VALID);
        assertThat(r.requestUri().toString()).isEqualTo("sip:user@example.com");
        List<Via> vias = r.vias();
        assertThat(vias).hasSize(2);
        assertVia(vias.get(0), "UDP", "[::ffff:192.0.2.10]", 19823, "z9hG4bKbh19");
        assertVia(vias.get(1), "UDP", "[::ffff:192.0.2.2]", -1, "z9hG4bKas3-111");
        NameAddress contact = r.contacts().get(0);
        assertThat(contact.displayName()).isEqualTo("T. desk phone");
        SipUri cu = sip(contact.uri());
        assertThat(cu.user()).isEqualTo("ted");
        assertIPv6Host(cu, "[::ffff:192.0.2.2]", "::ffff:c000:202");
        assertThat(r.from().uri().toString()).isEqualTo("sip:user@east.example.com");
        assertThat(r.from().tag()).isEqualTo("81x2");
        assertThat(r.cseq().sequence()).isEqualTo(612);
        assertThat(r.contentType().sameType("application", "sdp")).isTrue();
        assertThat(r.contentLength()).isEqualTo(245);
        assertThat(r.bodyLength()).isEqualTo(245);
        assertThat(r.bodyText().split("\r\n")).contains("o=assistant 971731711378798081 0 IN IP6 ::ffff:192.0.2.2",
            "c=IN IP6 ::ffff:192.0.2.2", "m=audio 6000 RTP/AVP 2", "m=video 6024 RTP/AVP 107");
        assertThat(uas(r)).isNull();
    }

    /** §4.10 IPv6 Reference Bug in RFC 3261 ABNF, three colons: tolerated, same host as two colons. */
    @Test
    void ipv6BugAbnf3Colons() {
        SipRequest r = T.roundTripRequest("ipv6-bug-abnf-3-colons", VALID);
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.user()).isEqualTo("user");
        assertIPv6Host(ruri, "[2001:db8:::192.0.2.1]", "2001:db8::c000:201");
        assertThat(ruri.port()).isEqualTo(-1);
        assertThat(ruri.equivalentTo(sip("sip:user@[2001:db8::192.0.2.1]"))).isTrue();
        assertIPv6Host(sip(r.to().uri()), "[2001:db8:::192.0.2.1]", "2001:db8::192.0.2.1");
        assertVia(r.topVia(), "UDP", "lab1.east.example.com", -1, "z9hG4bKas3-111");
        assertThat(r.from().tag()).isEqualTo("810x2");
        assertThat(r.callId()).isEqualTo("G9559905523997077@hlau_4100");
        assertThat(r.cseq().sequence()).isEqualTo(689);
        assertThat(r.cseq().method()).isSameAs(SipMethod.OPTIONS);
        assertThat(uas(r)).isNull();
        assertThat(proxy(r)).isNull();
    }

    /** §4.10 IPv6 Reference with the correct ABNF, two colons before the embedded IPv4. */
    @Test
    void ipv6CorrectAbnf2Colons() {
        SipRequest r = T.roundTripRequest("ipv6-correct-abnf-2-colons", VALID);
        SipUri ruri = sip(r.requestUri());
        assertThat(ruri.user()).isEqualTo("user");
        assertIPv6Host(ruri, "[2001:db8::192.0.2.1]", "2001:db8::c000:201");
        assertThat(ruri.port()).isEqualTo(-1);
        assertIPv6Host(sip(r.to().uri()), "[2001:db8::192.0.2.1]", "2001:db8::c000:201");
        assertVia(r.topVia(), "UDP", "lab1.east.example.com", -1, "z9hG4bKas3-111");
        assertThat(r.from().uri().toString()).isEqualTo("sip:user@example.com");
        assertThat(r.from().tag()).isEqualTo("810x2");
        assertThat(r.callId()).isEqualTo("G9559905523997077@hlau_4100");
        assertThat(r.cseq().sequence()).isEqualTo(689);
        assertThat(r.maxForwards()).isEqualTo(70);
        assertThat(r.contentLength()).isZero();
        assertThat(uas(r)).isNull();
        assertThat(proxy(r)).isNull();
    }
}
