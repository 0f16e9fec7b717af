package io.tandem.accounting.cdr;

import io.tandem.accounting.rating.Rating;

/** A CDR as the JSON object published on the CDR subject: the table's columns, in snake case. */
final class CdrJson {
    private CdrJson() {
    }

    static String of(Cdr r) {
        StringBuilder sb = new StringBuilder(768).append('{');
        field(sb, "id", r.id());
        field(sb, "call_id", r.callId());
        field(sb, "from_tag", r.fromTag());
        field(sb, "to_tag", r.toTag());
        field(sb, "caller", r.caller());
        field(sb, "callee", r.callee());
        field(sb, "caller_e164", r.callerE164());
        field(sb, "callee_e164", r.calleeE164());
        field(sb, "source_kind", r.sourceKind());
        field(sb, "source_ref", r.sourceRef());
        field(sb, "destination_kind", r.destinationKind());
        field(sb, "destination_ref", r.destinationRef());
        field(sb, "direction", r.direction());
        field(sb, "tenant", r.tenant());
        field(sb, "edgeport_ref", r.edgePortRef());
        field(sb, "start_time", r.start().toString());
        field(sb, "answer_time", r.answer() == null ? null : r.answer().toString());
        field(sb, "end_time", r.end().toString());
        number(sb, "duration_ms", Long.toString(r.durationMillis()));
        number(sb, "status", Integer.toString(r.status()));
        field(sb, "reason", r.reason());
        field(sb, "disposition", r.disposition().name());
        field(sb, "hangup", r.hangup().name());
        Rating g = r.rating();
        field(sb, "rate_deck", g.deck());
        field(sb, "rate_prefix", g.prefix());
        number(sb, "rate_per_minute", g.perMinute() == null ? null : g.perMinute().toPlainString());
        number(sb, "billed_seconds", Long.toString(g.billedSeconds()));
        number(sb, "cost", g.cost() == null ? null : g.cost().toPlainString());
        field(sb, "currency", g.currency());
        field(sb, "recording", r.recording());
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private static void number(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":").append(value == null ? "null" : value).append(',');
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":");
        if (value == null) {
            sb.append("null,");
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append("\",");
    }
}
