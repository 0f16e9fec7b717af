package io.tandem.accounting.call;

/**
 * What {@code tandem ctl calls list} shows of a call in progress, at one moment.
 *
 * @param caller the From URI of the INVITE
 * @param callee its Request-URI
 * @param answerMillis epoch milliseconds of the 2xx, 0 while unanswered
 */
public record ActiveCall(String callId, String caller, String callee, CallPhase phase, String edgePortRef, long startMillis,
                         long answerMillis) {
}
