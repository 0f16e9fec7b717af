package io.tandem.observability.flow;

import io.tandem.observability.capture.CapturedMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A call's flow as JSON: {@code {"callId", "omitted", "messages": [{"time" (µs since the epoch),
 * "direction" ("in"/"out"), "transport", "source", "destination" ("ip:port"), "firstLine",
 * "cseq", "size", "message" (the whole text)}]}}.
 */
public final class FlowJson {
    private FlowJson() {
    }

    public static String of(CallFlows.Flow flow) {
        StringBuilder out = new StringBuilder(4096);
        out.append("{\"callId\":");
        string(flow.callId(), out);
        out.append(",\"omitted\":").append(flow.omitted()).append(",\"messages\":[");
        for (int i = 0; i < flow.messages().size(); i++) {
            CapturedMessage m = flow.messages().get(i);
            out.append(i == 0 ? "\n" : ",\n").append("{\"time\":").append(m.epochMicros());
            out.append(",\"direction\":\"").append(m.direction().name().toLowerCase(java.util.Locale.ROOT)).append('"');
            out.append(",\"transport\":\"").append(m.transport()).append('"');
            out.append(",\"source\":");
            string(address(m.source()), out);
            out.append(",\"destination\":");
            string(address(m.destination()), out);
            out.append(",\"firstLine\":");
            string(m.firstLine(), out);
            out.append(",\"cseq\":");
            string(m.cseq(), out);
            out.append(",\"size\":").append(m.bytes().length);
            out.append(",\"message\":");
            string(new String(m.bytes(), StandardCharsets.UTF_8), out);
            out.append('}');
        }
        return out.append("]}\n").toString();
    }

    /** {@code ip:port}, {@code [v6]:port}, or "?" when unknown. */
    public static String address(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static void string(String s, StringBuilder out) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
