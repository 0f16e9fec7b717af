package io.tandem.accounting.cdr;

import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.EndedCall;
import io.tandem.accounting.call.HangupSide;
import io.tandem.accounting.rating.Rating;
import java.time.Instant;

/**
 * A call detail record: one per call attempt, the row of table {@code cdrs} and the body of a
 * message on the CDR subject. {@code id} is unique (a UUIDv7, time-ordered): the idempotency key
 * of both (primary key, {@code Nats-Msg-Id}). {@code recording} is the file the media relay
 * recorded the call to, as it named it (null when not recorded).
 */
public record Cdr(String id, String callId, String fromTag, String toTag, String caller, String callee, String callerE164,
                  String calleeE164, String sourceKind, String sourceRef, String destinationKind, String destinationRef,
                  String direction, String tenant, String edgePortRef, Instant start, Instant answer, Instant end,
                  long durationMillis, int status, String reason, Disposition disposition, HangupSide hangup, Rating rating,
                  String recording) {
    public Cdr {
        rating = rating == null ? Rating.NONE : rating;
    }

    public static Cdr of(String id, EndedCall c, Rating rating) {
        var p = c.parties();
        return new Cdr(id, c.callId(), c.fromTag(), c.toTag(), c.caller(), c.callee(), p.callerE164(), p.calleeE164(),
            p.sourceKind(), p.sourceRef(), p.destinationKind(), p.destinationRef(), p.direction(), p.tenant(), c.edgePortRef(),
            Instant.ofEpochMilli(c.startMillis()), c.answerMillis() == 0 ? null : Instant.ofEpochMilli(c.answerMillis()),
            Instant.ofEpochMilli(c.endMillis()), c.durationMillis(), c.status(), c.reason(), c.disposition(), c.hangup(), rating,
            c.recording());
    }
}
