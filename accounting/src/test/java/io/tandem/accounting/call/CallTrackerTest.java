package io.tandem.accounting.call;

import static io.tandem.accounting.call.Messages.context;
import static io.tandem.accounting.call.Messages.invite;
import static io.tandem.accounting.call.Messages.request;
import static io.tandem.accounting.call.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallTrackerTest {
    private final ManualClock clock = new ManualClock();
    private final List<EndedCall> ended = new ArrayList<>();
    private final List<Legs> byes = new ArrayList<>();
    private final CallTracker tracker = new CallTracker(clock, new CallTimeouts(5_000, 60_000, 3_600_000, 1_000), ended::add,
        (legs, reason) -> byes.add(legs));

    private SipRequest answer(String callId) {
        SipRequest inv = invite(callId);
        tracker.requestReceived(context(inv));
        clock.advance(100);
        tracker.responseSent(inv, null, response(inv, 180, "Ringing", "b"), false);
        clock.advance(2_000);
        tracker.responseSent(inv, null, response(inv, 200, "OK", "b"), false);
        tracker.ackReceived(request("ACK sip:1002@127.0.0.1:5080", callId, 1, "ACK", "b", ""));
        return inv;
    }

    @Test
    void answeredCallEndsByTheCallersBye() {
        answer("c1");
        assertThat(tracker.live()).isEqualTo(1);
        clock.advance(30_000);
        tracker.requestReceived(context(request("BYE sip:1002@127.0.0.1:5080", "c1", 2, "BYE", "b", "")));
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(e.hangup()).isEqualTo(HangupSide.CALLER);
            assertThat(e.durationMillis()).isEqualTo(30_000);
            assertThat(e.answerMillis() - e.startMillis()).isEqualTo(2_100);
            assertThat(e.fromTag()).isEqualTo("a");
            assertThat(e.toTag()).isEqualTo("b");
            assertThat(e.caller()).isEqualTo("sip:1001@pbx.test");
            assertThat(e.callee()).isEqualTo("sip:1002@pbx.test");
            assertThat(e.edgePortRef()).isEqualTo("edge-1");
        });
        assertThat(tracker.live()).isZero();
    }

    @Test
    void theRecordingTheMediaRelayNamesGoesWithTheEndedCall() {
        SipRequest inv = invite("c1r");
        tracker.requestReceived(context(inv));
        tracker.recorded("c1r", "/rec/pcaps/c1r-1.pcap");
        tracker.recorded("c1r", "/rec/pcaps/c1r-2.pcap"); // a second offer's: the first is kept
        tracker.recorded("unknown", "/rec/pcaps/unknown.pcap");
        tracker.responseSent(inv, null, response(inv, 200, "OK", "b"), false);
        tracker.requestReceived(context(request("BYE sip:1002@127.0.0.1:5080", "c1r", 2, "BYE", "b", "")));
        answer("c1n");
        tracker.requestReceived(context(request("BYE sip:1002@127.0.0.1:5080", "c1n", 2, "BYE", "b", "")));
        assertThat(ended).extracting(EndedCall::callId, EndedCall::recording)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("c1r", "/rec/pcaps/c1r-1.pcap"), org.assertj.core.groups.Tuple.tuple("c1n", null));
        assertThat(tracker.live()).isZero();
    }

    @Test
    void answeredCallsAreSharedFromTheAnswerToTheEndAndATakenOverOneEndsAtItsMaximumDuration() {
        List<DialogRecord> written = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        SharedDialogs store = new SharedDialogs() {
            @Override
            public void answered(DialogRecord dialog) {
                written.add(dialog);
            }

            @Override
            public void ended(String callId) {
                removed.add(callId);
            }
        };
        List<EndedCall> ends = new ArrayList<>();
        CallTracker node = new CallTracker(clock, new CallTimeouts(5_000, 60_000, 3_600_000, 1_000), ends::add,
            (legs, reason) -> byes.add(legs), store);
        SipRequest inv = invite("s1");
        node.requestReceived(context(inv));
        node.admit("s1", CallParties.UNKNOWN, List.of("trunk:t1"), () -> { });
        node.responseSent(inv, null, response(inv, 180, "Ringing", "b"), false);
        assertThat(written).as("not before the answer").isEmpty();
        node.responseSent(inv, null, response(inv, 200, "OK", "b"), false);
        node.responseSent(inv, null, response(inv, 200, "OK", "b"), false); // a retransmission: written once
        assertThat(written).singleElement().satisfies(d -> {
            assertThat(d.callId()).isEqualTo("s1");
            assertThat(d.toTag()).isEqualTo("b");
            assertThat(d.heldSlots()).containsExactly("trunk:t1");
        });
        node.requestReceived(context(request("BYE sip:1002@127.0.0.1:5080", "s1", 2, "BYE", "b", "")));
        assertThat(removed).containsExactly("s1");

        // another node's dialog, taken over: ended by the maximum duration from its last activity, BYE to both legs
        DialogRecord theirs = written.get(0);
        DialogRecord taken = new DialogRecord("s2", theirs.fromTag(), theirs.toTag(), theirs.callerFrom(), theirs.caller(),
            theirs.callee(), theirs.callerContact(), theirs.calleeTo(), theirs.calleeContact(), theirs.recordRoute(),
            theirs.edgePortRef(), theirs.parties(), clock.millis() - 10_000, clock.millis() - 9_000, clock.millis() - 9_000, 1, 0,
            null, List.of("trunk:t1"));
        int[] released = {0};
        assertThat(node.adopt(taken, () -> released[0]++)).isTrue();
        assertThat(node.adopt(taken, () -> released[0]++)).as("already here").isFalse();
        assertThat(node.adopted()).isEqualTo(1);
        clock.advance(3_600_000 - 9_001);
        node.sweep();
        assertThat(byes).isEmpty();
        clock.advance(1);
        node.sweep();
        assertThat(byes).singleElement().satisfies(l -> {
            assertThat(l.callId()).isEqualTo("s2");
            assertThat(l.cseqToCallee()).as("above what the caller may have sent since the record").isGreaterThan(100);
        });
        assertThat(released[0]).isEqualTo(1);
        assertThat(ends).last().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("maximum duration");
            assertThat(e.hangup()).isEqualTo(HangupSide.TANDEM);
            assertThat(e.durationMillis()).isEqualTo(3_600_000);
        });
        assertThat(removed).containsExactly("s1", "s2");
    }

    @Test
    void keepAlivesProbeConfirmedCallsAndADeadEndEndsTheCallWithByeToTheOtherEnd() {
        List<Legs> probes = new ArrayList<>();
        List<Prober.DeadEnd> answers = new ArrayList<>();
        CallTracker node = new CallTracker(clock, new CallTimeouts(5_000, 60_000, 3_600_000, 1_000, 10_000), ended::add,
            (legs, reason) -> byes.add(legs), SharedDialogs.NONE, (legs, dead) -> {
                probes.add(legs);
                answers.add(dead);
            });
        SipRequest inv = invite("k1");
        node.requestReceived(context(inv));
        node.responseSent(inv, null, response(inv, 200, "OK", "b"), false);
        clock.advance(4_000); // within the no-ACK timeout
        node.sweep();
        assertThat(probes).as("not before the ACK").isEmpty();
        node.ackReceived(request("ACK sip:1002@127.0.0.1:5080", "k1", 1, "ACK", "b", ""));
        clock.advance(6_000);
        node.sweep();
        assertThat(probes).singleElement().satisfies(l -> {
            assertThat(l.cseqToCallee()).isEqualTo(2);
            assertThat(l.calleeTarget()).isNotNull();
            assertThat(l.callerTarget()).isNotNull();
        });
        clock.advance(9_999);
        node.sweep();
        assertThat(probes).as("the next one after the interval").hasSize(1);
        clock.advance(1);
        node.sweep();
        assertThat(probes).hasSize(2);
        assertThat(probes.get(1).cseqToCallee()).isEqualTo(3);
        answers.get(1).found(HangupSide.CALLEE, 481);
        answers.get(0).found(HangupSide.CALLER, 408); // a late answer of the first round: the call has ended already
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("keep-alive: the callee answered 481");
            assertThat(e.hangup()).isEqualTo(HangupSide.TANDEM);
            assertThat(e.disposition()).isEqualTo(Disposition.ANSWERED);
        });
        assertThat(byes).singleElement().satisfies(l -> {
            assertThat(l.calleeTarget()).as("no BYE to the dead end").isNull();
            assertThat(l.callerTarget()).isNotNull();
            assertThat(l.cseqToCaller()).as("above the keep-alives'").isGreaterThan(probes.get(1).cseqToCaller());
        });
        assertThat(node.live()).isZero();
    }

    @Test
    void anAnsweredCallIsHungUpOnACommandAndAnUnansweredOneIsNot() {
        answer("h1");
        SipRequest ringing = invite("h2");
        tracker.requestReceived(context(ringing));
        assertThat(tracker.hangUp("h2", "hung up by command")).isFalse();
        assertThat(tracker.hangUp("nope", "hung up by command")).isFalse();
        assertThat(tracker.hangUp("h1", "hung up by command")).isTrue();
        assertThat(byes).singleElement().satisfies(l -> assertThat(l.callId()).isEqualTo("h1"));
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("hung up by command");
            assertThat(e.hangup()).isEqualTo(HangupSide.TANDEM);
            assertThat(e.disposition()).isEqualTo(Disposition.ANSWERED);
        });
        assertThat(tracker.hangUp("h1", "again")).isFalse();
    }

    @Test
    void answeredCallEndsByTheCalleesByeAndASecondByeChangesNothing() {
        answer("c2");
        clock.advance(1_000);
        tracker.requestReceived(context(Messages.fromCallee("BYE", "c2", 1)));
        tracker.requestReceived(context(request("BYE sip:1002@127.0.0.1:5080", "c2", 2, "BYE", "b", "")));
        assertThat(ended).singleElement().satisfies(e -> assertThat(e.hangup()).isEqualTo(HangupSide.CALLEE));
    }

    @Test
    void cancelThen487IsCancelledByTheCaller() {
        SipRequest inv = invite("c3");
        tracker.requestReceived(context(inv));
        tracker.responseSent(inv, null, response(inv, 180, "Ringing", "b"), false);
        tracker.cancelReceived(request("CANCEL sip:1002@pbx.test", "c3", 1, "CANCEL", null, ""), true);
        tracker.responseSent(inv, null, response(inv, 487, "Request Terminated", "b"), false);
        tracker.transactionEnded(inv, 487);
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.disposition()).isEqualTo(Disposition.CANCELLED);
            assertThat(e.hangup()).isEqualTo(HangupSide.CALLER);
            assertThat(e.answerMillis()).isZero();
            assertThat(e.durationMillis()).isZero();
        });
    }

    @Test
    void a487TheCallerDidNotAskForIsNoAnswerEndedByTandem() {
        SipRequest inv = invite("c3t");
        tracker.requestReceived(context(inv));
        tracker.responseSent(inv, null, response(inv, 180, "Ringing", "b"), false);
        tracker.responseSent(inv, null, response(inv, 487, "Request Terminated", "b"), false);
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.disposition()).isEqualTo(Disposition.NO_ANSWER);
            assertThat(e.hangup()).isEqualTo(HangupSide.TANDEM);
            assertThat(e.status()).isEqualTo(487);
        });
    }

    @Test
    void failuresAreBusyNoAnswerOrFailed() {
        int[] statuses = {486, 480, 408, 404, 503};
        Disposition[] expected = {Disposition.BUSY, Disposition.NO_ANSWER, Disposition.NO_ANSWER, Disposition.FAILED,
            Disposition.FAILED};
        for (int i = 0; i < statuses.length; i++) {
            SipRequest inv = invite("f" + i);
            tracker.requestReceived(context(inv));
            tracker.responseSent(inv, null, response(inv, statuses[i], "X", "b"), i == 4);
        }
        assertThat(ended).extracting(EndedCall::disposition).containsExactly(expected);
        assertThat(ended).extracting(EndedCall::status).containsExactly(486, 480, 408, 404, 503);
        assertThat(tracker.live()).isZero();
    }

    @Test
    void aChallengeIsNoAttemptTheAuthenticatedRetryIs() {
        SipRequest first = invite("c4");
        tracker.requestReceived(context(first));
        tracker.responseSent(first, null, response(first, 407, "Proxy Authentication Required", "x"), true);
        assertThat(ended).isEmpty();
        assertThat(tracker.challenged()).isEqualTo(1);
        answer("c4");
        tracker.requestReceived(context(request("BYE sip:1002@127.0.0.1:5080", "c4", 3, "BYE", "b", "")));
        assertThat(ended).singleElement().satisfies(e -> assertThat(e.disposition()).isEqualTo(Disposition.ANSWERED));
    }

    @Test
    void aRetransmittedOrForked2xxKeepsTheFirstAnswer() {
        SipRequest inv = answer("c5");
        long answered = clock.millis();
        clock.advance(500);
        tracker.responseSent(inv, null, response(inv, 200, "OK", "other"), false);
        tracker.requestReceived(context(request("BYE sip:1002@127.0.0.1:5080", "c5", 2, "BYE", "b", "")));
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.answerMillis()).isEqualTo(answered);
            assertThat(e.toTag()).isEqualTo("b");
        });
    }

    @Test
    void noAckTimesOutAndSendsByeToBothLegsAlongTheirRoutes() {
        SipRequest inv = invite("c6");
        tracker.requestReceived(context(inv));
        tracker.branchSent(inv, request("INVITE sip:1002@127.0.0.1:5080", "c6", 7, "INVITE", null, ""), null, null);
        tracker.responseSent(inv, null, response(inv, 200, "OK", "b"), false);
        clock.advance(4_999);
        tracker.sweep();
        assertThat(ended).isEmpty();
        clock.advance(1);
        tracker.sweep();
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.disposition()).isEqualTo(Disposition.TIMED_OUT);
            assertThat(e.hangup()).isEqualTo(HangupSide.TANDEM);
            assertThat(e.reason()).isEqualTo("no ACK");
        });
        assertThat(byes).singleElement().satisfies(l -> {
            assertThat(l.calleeTarget()).isEqualTo("sip:1002@127.0.0.1:5080");
            assertThat(l.callerTarget()).isEqualTo("sip:1001@127.0.0.1:5070");
            assertThat(l.routeToCallee()).containsExactly("<sip:proxy2.test;lr>");
            assertThat(l.routeToCaller()).containsExactly("<sip:proxy1.test;lr>");
            assertThat(l.cseqToCallee()).isEqualTo(8);
            assertThat(l.calleeTo()).contains("tag=b");
            assertThat(l.callerFrom()).contains("tag=a");
        });
        SipRequest toCallee = ByeTeardown.bye(byes.get(0).calleeTarget(), byes.get(0).routeToCallee(), byes.get(0).callerFrom(),
            byes.get(0).calleeTo(), "c6", 8, "no ACK");
        assertThat(toCallee.from().tag()).isEqualTo("a");
        assertThat(toCallee.to().tag()).isEqualTo("b");
        assertThat(toCallee.routes()).hasSize(1);
        assertThat(toCallee.header("Reason")).contains("no ACK");
        tracker.sweep();
        assertThat(ended).hasSize(1);
    }

    @Test
    void maximumDurationCountsAgainFromEachReInviteOrUpdate() {
        answer("c7");
        clock.advance(3_000_000);
        tracker.requestReceived(context(request("INVITE sip:1002@127.0.0.1:5080", "c7", 2, "INVITE", "b", "")));
        clock.advance(3_000_000);
        tracker.sweep();
        assertThat(ended).isEmpty();
        tracker.requestReceived(context(request("UPDATE sip:1002@127.0.0.1:5080", "c7", 3, "UPDATE", "b", "")));
        clock.advance(3_599_999);
        tracker.sweep();
        assertThat(ended).isEmpty();
        clock.advance(1);
        tracker.sweep();
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(e.hangup()).isEqualTo(HangupSide.TANDEM);
            assertThat(e.reason()).isEqualTo("maximum duration");
        });
        assertThat(byes).hasSize(1);
    }

    @Test
    void earlyTimeoutEndsAnUnansweredCallWithoutBye() {
        SipRequest inv = invite("c8");
        tracker.requestReceived(context(inv));
        tracker.responseSent(inv, null, response(inv, 183, "Session Progress", "b"), false);
        clock.advance(60_000);
        tracker.sweep();
        assertThat(ended).singleElement().satisfies(e -> assertThat(e.disposition()).isEqualTo(Disposition.TIMED_OUT));
        assertThat(byes).isEmpty();
        tracker.responseSent(inv, null, response(inv, 408, "Request Timeout", "b"), false);
        assertThat(ended).hasSize(1);
    }

    @Test
    void anInviteWithoutFinalResponseIsFailedAndAdmissionSlotsAreGivenBack() {
        SipRequest inv = invite("c9");
        tracker.requestReceived(context(inv));
        int[] released = {0};
        assertThat(tracker.admit("c9", CallParties.UNKNOWN, () -> released[0]++)).isTrue();
        assertThat(tracker.admit("unknown", CallParties.UNKNOWN, () -> released[0]++)).isFalse();
        tracker.transactionEnded(inv, 0);
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.disposition()).isEqualTo(Disposition.FAILED);
            assertThat(e.status()).isZero();
        });
        assertThat(released[0]).isEqualTo(1);
    }
}
