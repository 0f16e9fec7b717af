package io.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.door.Verdict;
import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.Transport;
import io.tandem.security.SecurityConfig.BruteForce;
import io.tandem.security.SecurityConfig.Connections;
import io.tandem.security.SecurityConfig.Flood;
import io.tandem.security.SecurityConfig.Lengths;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The flood, scanner and brute-force detectors, the length guards and the accept rate, on a manual clock. */
class DetectorsTest {
    private final Messages.ManualClock clock = new Messages.ManualClock();
    private final BanList bans = new BanList(clock);
    private final BanPolicy policy = new BanPolicy(bans, NetworkTest.nets("10.0.0.0/8"), 300);

    @Test
    void floodBansASourceOverItsWindowLimitAndCountsEachWindowAfresh() {
        FloodDetector flood = new FloodDetector(new Flood(2, 30, 0, 0, 0), policy, clock);
        Flow a = Messages.udp("203.0.113.1");
        SipRequest invite = Messages.request("INVITE", "sip:1@x");
        for (int i = 0; i < 30; i++) {
            assertThat(flood.check(invite, a)).isEqualTo(Verdict.PASS);
        }
        clock.advance(4000); // two windows later, the sliding window is empty: 30 more pass
        for (int i = 0; i < 30; i++) {
            assertThat(flood.check(invite, a)).isEqualTo(Verdict.PASS);
        }
        assertThat(flood.check(invite, a)).isEqualTo(FloodDetector.FLOOD);
        assertThat(bans.isBanned(a.remote().getAddress())).isTrue();
        assertThat(bans.list()).singleElement().satisfies(b -> assertThat(b.rule()).isEqualTo("flood"));
        assertThat(flood.check(invite, Messages.udp("203.0.113.2"))).as("another source").isEqualTo(Verdict.PASS);
        clock.advance(300_000);
        assertThat(bans.isBanned(a.remote().getAddress())).as("expired").isFalse();
        assertThat(flood.dropped()).isEqualTo(1);
    }

    @Test
    void aBurstStraddlingTwoWindowsIsCountedWhole() {
        FloodDetector flood = new FloodDetector(new Flood(2, 30, 0, 0, 0), policy, clock);
        Flow a = Messages.udp("203.0.113.1");
        SipRequest invite = Messages.request("INVITE", "sip:1@x");
        clock.now = 2_000_000_000L + 1990; // 10 ms before a window ends
        for (int i = 0; i < 20; i++) {
            assertThat(flood.check(invite, a)).isEqualTo(Verdict.PASS);
        }
        clock.advance(20); // 10 ms into the next window: the 20 still weigh 99.5 %
        for (int i = 0; i < 10; i++) {
            assertThat(flood.check(invite, a)).isEqualTo(Verdict.PASS);
        }
        assertThat(flood.check(invite, a)).as("the 31st in 30 ms").isEqualTo(FloodDetector.FLOOD);
        assertThat(bans.list()).singleElement().satisfies(b -> assertThat(b.reason()).isEqualTo("31 requests in 2 s"));
    }

    @Test
    void aSteadyRateUnderTheLimitIsNeverFlagged() {
        FloodDetector flood = new FloodDetector(new Flood(2, 30, 0, 0, 0), policy, clock);
        Flow a = Messages.udp("203.0.113.1");
        SipRequest invite = Messages.request("INVITE", "sip:1@x");
        for (int i = 0; i < 2000; i++) { // 14 a second for 143 s, in any phase against the windows
            assertThat(flood.check(invite, a)).isEqualTo(Verdict.PASS);
            clock.advance(71);
        }
    }

    @Test
    void floodHasSeparateInviteAndRegisterLimitsAndIgnoresResponses() {
        FloodDetector flood = new FloodDetector(new Flood(2, 0, 3, 5, 0), policy, clock);
        Flow a = Messages.udp("203.0.113.1");
        for (int i = 0; i < 10; i++) {
            assertThat(flood.check(Messages.request("OPTIONS", "sip:1@x"), a)).isEqualTo(Verdict.PASS);
        }
        SipRequest reg = Messages.request("REGISTER", "sip:x");
        for (int i = 0; i < 5; i++) {
            assertThat(flood.check(reg, a)).isEqualTo(Verdict.PASS);
        }
        assertThat(flood.check(reg, a)).isEqualTo(FloodDetector.FLOOD);
        Flow b = Messages.udp("203.0.113.2");
        SipRequest invite = Messages.request("INVITE", "sip:1@x");
        SipResponse ok = SipResponse.forRequest(invite, 200, "OK");
        for (int i = 0; i < 100; i++) {
            assertThat(flood.check(ok, b)).isEqualTo(Verdict.PASS);
        }
        for (int i = 0; i < 3; i++) {
            flood.check(invite, b);
        }
        assertThat(flood.check(invite, b)).isEqualTo(FloodDetector.FLOOD);
    }

    @Test
    void aTrustedSourceIsNeverBannedAndHasItsOwnLimit() {
        FloodDetector unlimited = new FloodDetector(new Flood(2, 30, 0, 0, 0), policy, clock);
        Flow trunk = Messages.udp("10.2.3.4");
        SipRequest invite = Messages.request("INVITE", "sip:1@x");
        for (int i = 0; i < 10_000; i++) {
            assertThat(unlimited.check(invite, trunk)).isEqualTo(Verdict.PASS);
        }
        FloodDetector limited = new FloodDetector(new Flood(2, 30, 0, 0, 100), policy, clock);
        for (int i = 0; i < 100; i++) {
            limited.check(invite, trunk);
        }
        assertThat(limited.check(invite, trunk)).isEqualTo(FloodDetector.FLOOD);
        assertThat(bans.list()).isEmpty();
    }

    @Test
    void scannersAreDroppedAndBannedByUserAgentInAnyCase() {
        ScannerFilter scanners = new ScannerFilter(SecurityConfig.Scanners.DEFAULT.userAgents(), policy);
        Flow a = Messages.udp("203.0.113.5");
        assertThat(scanners.check(Messages.request("OPTIONS", "sip:100@x", "User-Agent: friendly-scanner"), a))
            .isEqualTo(ScannerFilter.SCANNER);
        assertThat(bans.isBanned(a.remote().getAddress())).isTrue();
        for (String ua : new String[] {"SIPVicious 0.3", "sipcli/v1.8", "VaxSIPUserAgent/3.1", "PPLSIP-x", "sip-scan"}) {
            assertThat(scanners.check(Messages.request("OPTIONS", "sip:100@x", "User-Agent: " + ua), Messages.udp("203.0.113.6")))
                .as(ua).isEqualTo(ScannerFilter.SCANNER);
        }
        for (String ua : new String[] {"Linphone/5.2", "Zoiper rv2.10", "baresip v3", "Asterisk PBX 20"}) {
            assertThat(scanners.check(Messages.request("OPTIONS", "sip:100@x", "User-Agent: " + ua), Messages.udp("203.0.113.7")))
                .as(ua).isEqualTo(Verdict.PASS);
        }
        assertThat(scanners.check(Messages.request("OPTIONS", "sip:100@x"), Messages.udp("203.0.113.7"))).isEqualTo(Verdict.PASS);
        Flow trusted = Messages.udp("10.9.9.9");
        assertThat(scanners.check(Messages.request("OPTIONS", "sip:1@x", "User-Agent: friendly-scanner"), trusted))
            .as("dropped, not banned").isEqualTo(ScannerFilter.SCANNER);
        assertThat(bans.isBanned(trusted.remote().getAddress())).isFalse();
        assertThat(scanners.dropped()).isEqualTo(7);
    }

    @Test
    void lengthGuardsAnswer414And400And413OrDropByPolicy() {
        LengthGuard guard = new LengthGuard(new Lengths(true, 100, 20, 15, 50, 200));
        Flow a = Messages.udp("203.0.113.1");
        assertThat(guard.check(Messages.request("INVITE", "sip:1001@example.com"), a)).isEqualTo(Verdict.PASS);
        assertThat(guard.check(Messages.request("INVITE", "sip:" + "9".repeat(21) + "@x.example.com"), a))
            .isEqualTo(LengthGuard.URI_TOO_LONG);
        assertThat(guard.check(Messages.request("INVITE", "sip:1@" + "h".repeat(40) + ".example.com;x=" + "y".repeat(60)), a))
            .isEqualTo(LengthGuard.URI_TOO_LONG);
        assertThat(guard.check(Messages.request("INVITE", "sip:1@x", "Subject: " + "s".repeat(51)), a))
            .isEqualTo(LengthGuard.HEADER_TOO_LONG);
        String[] many = new String[9];
        for (int i = 0; i < many.length; i++) {
            many[i] = "X-H" + i + ": v";
        }
        assertThat(guard.check(Messages.request("INVITE", "sip:1@x", many), a)).isEqualTo(LengthGuard.TOO_MANY_HEADERS);
        assertThat(guard.check(Messages.withBody("MESSAGE", "sip:1@x", "b".repeat(201)), a)).isEqualTo(LengthGuard.BODY_TOO_LARGE);
        assertThat(((Verdict.Reject) LengthGuard.URI_TOO_LONG).status()).isEqualTo(414);
        assertThat(((Verdict.Reject) LengthGuard.BODY_TOO_LARGE).status()).isEqualTo(413);
        assertThat(((Verdict.Reject) LengthGuard.HEADER_TOO_LONG).status()).isEqualTo(400);
        LengthGuard dropping = new LengthGuard(new Lengths(false, 100, 20, 15, 50, 200));
        assertThat(dropping.check(Messages.request("INVITE", "sip:" + "9".repeat(21) + "@x"), a)).isEqualTo(LengthGuard.DROP);
        SipResponse big = SipResponse.forRequest(Messages.request("INVITE", "sip:1@x"), 200, "OK").edit()
            .add("Subject", "s".repeat(51)).build();
        assertThat(guard.check(big, a)).as("a response is dropped, never answered").isEqualTo(LengthGuard.DROP);
        assertThat(guard.caught()).isEqualTo(6);
    }

    @Test
    void bruteForceBansAtTheFifthFailedAttemptButNotForStaleNoncesOrFirstChallenges() {
        BruteForceDetector brute = new BruteForceDetector(new BruteForce(60, 5, 20), policy, clock);
        InetSocketAddress cracker = new InetSocketAddress("203.0.113.9", 5060);
        SipRequest noCreds = Messages.request("REGISTER", "sip:x");
        SipRequest withCreds = Messages.request("REGISTER", "sip:x", "Authorization: Digest username=\"1001\", realm=\"x\", "
            + "nonce=\"n\", uri=\"sip:x\", response=\"00\"");
        for (int i = 0; i < 10; i++) {
            brute.responseSent(noCreds, cracker, challenge(noCreds, false), true);
            brute.responseSent(withCreds, cracker, challenge(withCreds, true), true);
            brute.responseSent(withCreds, cracker, SipResponse.forRequest(withCreds, 401, "Unauthorized"), false);
        }
        assertThat(bans.isBanned(cracker.getAddress())).as("first challenges, stale nonces, forwarded 401s").isFalse();
        for (int i = 0; i < 4; i++) {
            brute.responseSent(withCreds, cracker, challenge(withCreds, false), true);
        }
        assertThat(bans.isBanned(cracker.getAddress())).isFalse();
        brute.responseSent(withCreds, cracker, challenge(withCreds, false), true);
        assertThat(bans.isBanned(cracker.getAddress())).isTrue();
        assertThat(bans.list()).singleElement().satisfies(b -> assertThat(b.rule()).isEqualTo("brute-force"));
        assertThat(brute.failures()).isEqualTo(5);
    }

    @Test
    void bruteForceOnOneUserFromManySourcesBansTheSourcesPastTheUserLimit() {
        BruteForceDetector brute = new BruteForceDetector(new BruteForce(60, 5, 6), policy, clock);
        SipRequest invite = Messages.request("INVITE", "sip:1@x", "Proxy-Authorization: Digest username=\"1001\", realm=\"x\", "
            + "nonce=\"n\", uri=\"sip:1@x\", response=\"00\"");
        SipResponse proxyChallenge = SipResponse.forRequest(invite, 407, "Proxy Authentication Required").edit()
            .add("Proxy-Authenticate", "Digest realm=\"x\", nonce=\"m\"").build();
        for (int i = 1; i <= 6; i++) {
            brute.responseSent(invite, new InetSocketAddress("198.51.100." + i, 5060), proxyChallenge, true);
        }
        assertThat(bans.list()).isEmpty();
        brute.responseSent(invite, new InetSocketAddress("198.51.100.7", 5060), proxyChallenge, true);
        assertThat(bans.isBanned(InetAddress.ofLiteral("198.51.100.7"))).isTrue();
        clock.advance(120_000);
        brute.responseSent(invite, new InetSocketAddress("198.51.100.8", 5060), proxyChallenge, true);
        assertThat(bans.isBanned(InetAddress.ofLiteral("198.51.100.8"))).as("a new window").isFalse();
        brute.responseSent(invite, new InetSocketAddress("10.0.0.1", 5060), proxyChallenge, true);
    }

    @Test
    void acceptRateLimitsNewConnectionsPerSourceAndInTotalButNotDatagrams() {
        AcceptRate rate = new AcceptRate(new Connections(3, 5), NetworkTest.nets("10.0.0.0/8"), clock);
        InetSocketAddress a = new InetSocketAddress("203.0.113.1", 40000);
        for (int i = 0; i < 3; i++) {
            assertThat(rate.admits(a, Transport.TLS)).isTrue();
        }
        assertThat(rate.admits(a, Transport.TCP)).isFalse();
        assertThat(rate.admits(a, Transport.UDP)).isTrue();
        assertThat(rate.admits(new InetSocketAddress("10.0.0.1", 1), Transport.TCP)).as("trusted: total only").isTrue();
        assertThat(rate.admits(new InetSocketAddress("203.0.113.2", 1), Transport.TCP)).isFalse(); // 6th in this second
        clock.advance(2000);
        assertThat(rate.admits(a, Transport.TCP)).isTrue();
        assertThat(rate.refused()).isEqualTo(2);
    }

    private static SipResponse challenge(SipRequest req, boolean stale) {
        return SipResponse.forRequest(req, 401, "Unauthorized").edit()
            .add("WWW-Authenticate", "Digest realm=\"x\", nonce=\"m\"" + (stale ? ", stale=true" : "")).build();
    }
}
