package io.tandem.connect.it;

import static io.tandem.connect.it.TrunkWorld.PEER;
import static io.tandem.connect.it.TrunkWorld.POOL;
import static io.tandem.connect.it.TrunkWorld.carrierCall;
import static io.tandem.connect.it.TrunkWorld.invites;
import static io.tandem.connect.it.TrunkWorld.outbound;
import static io.tandem.connect.it.TrunkWorld.ruri;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipRequest;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * PSTN → Peer pool: two backends register under the Peer's aor; calls to the pool's DID are spread
 * by the Peer's loadBalancing (round-robin, least-sessions from the X-Session-Count they report)
 * and, with session affinity, kept on one backend per value of the Number's sessionAffinityHeader.
 */
class PeerPoolTest extends ConnectFixture {
    private int portA;
    private int portB;

    private void world(String algorithm, boolean affinity, int sessionsA, int sessionsB) throws Exception {
        TrunkWorld.write(this, List.of(outbound(Ports.free(), "udp", 0, 1, true)), algorithm, affinity);
        start();
        portA = Ports.free();
        portB = Ports.free();
        TrunkWorld.registerBackend(this, portA, sessionsA);
        TrunkWorld.registerBackend(this, portB, sessionsB);
    }

    /** The call numbers (SIPp's [call_number], the Call-ID's prefix) of the calls a backend took. */
    private static Set<Integer> callNumbers(List<SipRequest> invites) {
        Set<Integer> out = new TreeSet<>();
        for (SipRequest r : invites) {
            out.add(Integer.parseInt(r.callId().substring(0, r.callId().indexOf('-'))));
        }
        return out;
    }

    private static void assertReachedBackend(List<SipRequest> invites, int port) {
        assertThat(invites).allSatisfy(invite -> {
            assertThat(ruri(invite).user()).isEqualTo(PEER);
            assertThat(ruri(invite).port()).isEqualTo(port);
            assertThat(invite.headers("X-Did")).containsExactly("pool");
        });
    }

    @Test
    void roundRobinAlternatesBetweenTheBackends() throws Exception {
        world("round-robin", false, 0, 0);
        Sipp.Run a = sipp.uas("pstn-uas-answer.xml", portA).calls(2).start();
        Sipp.Run b = sipp.uas("pstn-uas-answer.xml", portB).calls(2).start();
        carrierCall(this, POOL, "X-Carrier: test").calls(4).start().assertSuccess();
        a.assertSuccess();
        b.assertSuccess();

        List<SipRequest> toA = invites(a);
        List<SipRequest> toB = invites(b);
        assertThat(toA).hasSize(2);
        assertThat(toB).hasSize(2);
        assertReachedBackend(toA, portA);
        assertReachedBackend(toB, portB);
        // one after the other: calls 1 and 3 on one backend, 2 and 4 on the other
        assertThat(List.of(callNumbers(toA), callNumbers(toB))).containsExactlyInAnyOrder(Set.of(1, 3), Set.of(2, 4));
    }

    @Test
    void leastSessionsPicksTheBackendReportingFewerSessions() throws Exception {
        world("least-sessions", false, 5, 1);
        Sipp.Run a = sipp.uas("pstn-uas-answer.xml", portA).name("backend-a").start();
        Sipp.Run b = sipp.uas("pstn-uas-answer.xml", portB).name("backend-b").calls(3).start();
        carrierCall(this, POOL, "X-Carrier: test").calls(3).start().assertSuccess();
        b.assertSuccess();
        assertThat(invites(b)).hasSize(3);
        assertReachedBackend(invites(b), portB);
        assertThat(a.received("INVITE")).as("backend A reports 5 sessions, B 1").isEmpty();

        // B now reports more sessions than A: the next call goes to A
        TrunkWorld.registerBackend(this, portB, 9);
        carrierCall(this, POOL, "X-Carrier: test").start().assertSuccess();
        a.assertSuccess();
        assertThat(invites(a)).hasSize(1);
        assertReachedBackend(invites(a), portA);
    }

    @Test
    void sessionAffinityKeepsCallsWithTheSameHeaderValueOnTheSameBackend() throws Exception {
        world("round-robin", true, 0, 0);
        Sipp.Run a = sipp.uas("pstn-uas-answer.xml", portA).calls(3).start();
        Sipp.Run b = sipp.uas("pstn-uas-answer.xml", portB).calls(3).start();
        // without affinity round-robin would alternate; with it, each room stays where its first call went
        carrierCall(this, POOL, "X-Room: room-1").calls(3).start().assertSuccess();
        carrierCall(this, POOL, "X-Room: room-2").calls(3).start().assertSuccess();
        a.assertSuccess();
        b.assertSuccess();

        Set<String> roomsA = new TreeSet<>();
        invites(a).forEach(r -> roomsA.add(r.header("X-Room")));
        Set<String> roomsB = new TreeSet<>();
        invites(b).forEach(r -> roomsB.add(r.header("X-Room")));
        assertThat(invites(a)).hasSize(3);
        assertThat(invites(b)).hasSize(3);
        assertThat(List.of(roomsA, roomsB)).containsExactlyInAnyOrder(Set.of("room-1"), Set.of("room-2"));
        assertReachedBackend(invites(a), portA);
        assertReachedBackend(invites(b), portB);
    }
}
