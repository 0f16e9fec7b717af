package io.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.door.Verdict;
import io.tandem.processor.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BanListTest {
    private final Messages.ManualClock clock = new Messages.ManualClock();
    private final BanList bans = new BanList(clock);

    @Test
    void aBanExpiresOnTime() {
        bans.ban(Network.parse("203.0.113.7"), "flood", "test", 300_000);
        assertThat(bans.admits(new InetSocketAddress("203.0.113.7", 5060), Transport.UDP)).isFalse();
        assertThat(bans.admits(new InetSocketAddress("203.0.113.8", 5060), Transport.UDP)).isTrue();
        clock.advance(299_999);
        assertThat(bans.isBanned(ip("203.0.113.7"))).isTrue();
        assertThat(bans.list()).singleElement().satisfies(b -> assertThat(b.secondsLeft(clock.now)).isEqualTo(1));
        clock.advance(1);
        assertThat(bans.isBanned(ip("203.0.113.7"))).isFalse();
        assertThat(bans.list()).isEmpty();
        assertThat(bans.refused()).isEqualTo(1);
        assertThat(bans.bansTotal("flood")).isEqualTo(1);
    }

    @Test
    void networksAreBannedAsAWholeAndLiftedAsAWhole() {
        bans.ban(Network.parse("198.51.100.0/24"), "manual", "abuse", Ban.PERMANENT);
        assertThat(bans.isBanned(ip("198.51.100.200"))).isTrue();
        assertThat(bans.isBanned(ip("198.51.101.1"))).isFalse();
        clock.advance(365L * 24 * 3600 * 1000);
        assertThat(bans.isBanned(ip("198.51.100.1"))).as("permanent").isTrue();
        assertThat(bans.unban(Network.parse("198.51.100.1"))).isFalse();
        assertThat(bans.unban(Network.parse("198.51.100.0/24"))).isTrue();
        assertThat(bans.isBanned(ip("198.51.100.200"))).isFalse();
    }

    @Test
    void aBanInForceIsNotReplacedNorCountedTwiceAndTheObserverHearsOfNewOnesOnly() {
        List<String> told = new ArrayList<>();
        bans.observe(new BanList.Observer() {
            @Override
            public void banned(Ban ban) {
                told.add("ban " + ban.network());
            }

            @Override
            public void unbanned(Network network) {
                told.add("unban " + network);
            }
        });
        Ban first = bans.ban(Network.parse("2001:db8::1"), "scanner", "a", 1000);
        assertThat(bans.ban(Network.parse("2001:db8::1"), "flood", "b", 1000)).isSameAs(first);
        bans.apply(new Ban(Network.parse("192.0.2.1"), "flood", "elsewhere", clock.now, clock.now + 1000));
        bans.unban(Network.parse("2001:db8::1"));
        String v6 = Network.parse("2001:db8::1").toString();
        assertThat(told).containsExactly("ban " + v6, "unban " + v6);
        assertThat(bans.bansTotal("scanner") + bans.bansTotal("flood")).isEqualTo(2);
    }

    @Test
    void messagesOnConnectionsAcceptedBeforeTheBanAreDropped() {
        bans.ban(Network.parse("192.0.2.9"), "flood", "x", 1000);
        assertThat(bans.check(Messages.request("OPTIONS", "sip:x@y"), Messages.flow("192.0.2.9", Transport.TCP)))
            .isInstanceOf(Verdict.Drop.class);
        assertThat(bans.check(Messages.request("OPTIONS", "sip:x@y"), Messages.flow("192.0.2.10", Transport.TCP)))
            .isEqualTo(Verdict.PASS);
    }

    @Test
    void aBanSurvivesItsLine() {
        Ban b = new Ban(Network.parse("10.0.0.0/8"), "config", "tab\there", 5, Ban.PERMANENT);
        assertThat(Ban.ofLine(b.line())).isEqualTo(new Ban(b.network(), "config", "tab here", 5, Ban.PERMANENT));
        assertThat(Ban.ofLine("garbage")).isNull();
    }

    @Test
    void sweepForgetsExpiredBans() {
        bans.ban(Network.parse("192.0.2.1"), "flood", "x", 10);
        bans.ban(Network.parse("192.0.3.0/24"), "manual", "x", 10);
        clock.advance(10);
        bans.sweep();
        assertThat(bans.list()).isEmpty();
        assertThat(bans.active()).isZero();
    }

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }
}
