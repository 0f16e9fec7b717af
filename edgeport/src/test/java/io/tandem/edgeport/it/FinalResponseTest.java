package io.tandem.edgeport.it;

import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import io.tandem.testkit.TlsRelay;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Final responses other than 2xx (RFC 3261 §16.7): relayed, failed over, or made up for a silent target. */
class FinalResponseTest extends EdgePortFixture {

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void busyReachesTheCallerAndIsAcknowledgedHopByHop(Transport t) throws Exception {
        start(RFC, t);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, t));
        Sipp.Run callee = sipp.uas("uas_reject.xml", calleePort).transport(t).set("STATUS", 486).set("REASON", "Busy Here").start();
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(t)).transport(t).set("STATUS", 486).start();
        caller.assertSuccess();
        callee.assertSuccess();

        SipRequest invite = callee.received("INVITE").get(0);
        // §17.1.1.3: the proxy's client transaction ACKs the 486 (same branch, one Via); the caller's ACK stays at the proxy
        assertThat(callee.received("ACK")).isNotEmpty().allSatisfy(ack -> {
            assertThat(ack.vias()).hasSize(1);
            assertThat(ack.topVia().branch()).isEqualTo(invite.topVia().branch());
            assertThat(ack.to().tag()).isNotNull();
        });
        SipResponse busy = caller.receivedResponses().stream().filter(r -> r.status() == 486).findFirst().orElseThrow();
        assertThat(busy.vias()).hasSize(1);
        assertThat(edge.stats().droppedAcks.sum()).isZero();
    }

    @Test
    void serialForkFailsOverFrom503To200() throws Exception {
        start(RFC, Transport.UDP);
        int failingPort = Ports.free();
        int answeringPort = Ports.free();
        routes.route("bob", Decision.Fork.SERIAL, uri("bob", failingPort, Transport.UDP), uri("bob", answeringPort, Transport.UDP));
        Sipp.Run failing = sipp.uas("uas_reject.xml", failingPort).set("STATUS", 503).set("REASON", "Service Unavailable").start();
        Sipp.Run answering = sipp.uas("uas_call.xml", answeringPort).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        caller.assertSuccess();
        failing.assertSuccess();
        answering.assertSuccess();

        // the first target's 180 reached the caller (provisionals go at once, §16.7 step 5), but
        // of the final responses only the second target's 200 did: the 503 only moved the search on
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200).containsOnly(200);
        assertThat(failing.received("INVITE")).hasSize(1);
        assertThat(failing.received("ACK")).isNotEmpty();
        assertThat(answering.received("INVITE")).hasSize(1);
        assertThat(answering.received("BYE")).hasSize(1);
        assertThat(routes.asked).containsExactly("INVITE bob", "BYE bob");
    }

    @Test
    void serialForkFailsOverFromAnUnreachableTarget() throws Exception {
        start(RFC, Transport.UDP, Transport.TCP);
        int answeringPort = Ports.free();
        // nobody listens on the first target's TCP port: the connection is refused (a 503 for the branch, §8.1.3.1)
        routes.route("bob", Decision.Fork.SERIAL, uri("bob", Ports.free(), Transport.TCP), uri("bob", answeringPort, Transport.UDP));
        Sipp.Run answering = sipp.uas("uas_call.xml", answeringPort).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        caller.assertSuccess();
        answering.assertSuccess();
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200).containsOnly(200);
    }

    @Test
    void silentTargetTimesOutWith408() throws Exception {
        start(FAST, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        // timer B = 64·T1 = 3.2 s with T1 = 50 ms
        Sipp.Run callee = sipp.uas("uas_silent.xml", calleePort).set("HOLD_MS", 3500).start();
        long t0 = System.nanoTime();
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(Transport.UDP)).set("STATUS", 408)
            .timeout(Duration.ofSeconds(10)).start();
        caller.assertSuccess();
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        callee.assertSuccess();

        assertThat(elapsedMs).isBetween(64 * FAST.t1() - 200, 64 * FAST.t1() + 3000);
        // timer A: the proxy retransmitted the INVITE over UDP (after T1, 2·T1, 4·T1...) until timer B
        assertThat(callee.received("INVITE").size()).isGreaterThanOrEqualTo(4);
        // no provisional came, so no CANCEL either (§16.8: the timeout counts as a 408)
        assertThat(callee.received("CANCEL")).isEmpty();
        SipResponse timeout = caller.receivedResponses().stream().filter(r -> r.status() == 408).findFirst().orElseThrow();
        assertThat(timeout.to().tag()).isNotNull();
        assertThat(timeout.vias()).hasSize(1);
    }

    /**
     * Decisions the proxy cannot carry out (a Route value that does not parse, a header name that
     * is not a token): the caller still gets a final response, 500, and at once (§16.7 step 6: no
     * server transaction is left without one).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"badroute", "badheader", "badrespond"})
    void aDecisionThatCannotBeCarriedOutGets500(String user) throws Exception {
        start(RFC, Transport.UDP);
        SipUri target = SipUri.parse(uri("bob", Ports.free(), Transport.UDP));
        routes.decide("badroute", Decision.forward(new Target(target, null, List.of("<sip:not closed"), List.of())));
        routes.decide("badheader", new Decision.Forward(List.of(Target.of(target)), Decision.Fork.PARALLEL,
            List.of(new Header("Bad Header", "x")), List.of()));
        routes.decide("badrespond", Decision.respond(480, "Later", new Header("Retry-After:", "5")));
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(Transport.UDP)).service(user)
            .set("STATUS", 500).timeout(Duration.ofSeconds(5)).start();
        caller.assertSuccess();
    }

    @Test
    void unknownUserGets404FromTheProcessor() throws Exception {
        start(RFC, Transport.UDP);
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(Transport.UDP)).service("nobody")
            .set("STATUS", 404).start();
        caller.assertSuccess();
        assertThat(routes.asked).containsExactly("INVITE nobody");
        assertThat(edge.stats().forwarded.sum()).isZero();
    }
}
