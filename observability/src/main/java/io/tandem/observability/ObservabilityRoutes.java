package io.tandem.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tandem.observability.flow.CallFlows;
import io.tandem.observability.flow.FlowJson;
import io.tandem.observability.flow.Ladder;
import io.tandem.observability.flow.Pcap;
import io.tandem.observability.metrics.Scrape;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the health port serves for observability:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text 0.0.4;
 *   <li>{@code GET /calls}: the Call-IDs whose flows are remembered, oldest first (one a line);
 *   <li>{@code GET /calls/CALL-ID/flow}: the call's messages as JSON ({@link FlowJson});
 *   <li>{@code GET /calls/CALL-ID/ladder}: as a text ladder diagram;
 *   <li>{@code GET /calls/CALL-ID/flow.pcap}: as a PCAP file.
 * </ul>
 * The Call-ID is percent-encoded in the path. 404 for a call not (or no longer) remembered.
 */
public final class ObservabilityRoutes {
    private ObservabilityRoutes() {
    }

    /** Path prefix → handler, for the health server. */
    public static Map<String, HttpHandler> of(Observability o) {
        return Map.of("/metrics", ex -> metrics(ex, o.scrape()), "/calls", ex -> calls(ex, o.flows()));
    }

    private static void metrics(HttpExchange ex, Scrape scrape) throws IOException {
        send(ex, 200, Scrape.CONTENT_TYPE, scrape.bytes());
    }

    private static void calls(HttpExchange ex, Optional<CallFlows> flows) throws IOException {
        if (flows.isEmpty()) {
            text(ex, 404, "flow recording is off (--flow-calls 0)\n");
            return;
        }
        String path = ex.getRequestURI().getRawPath();
        if (path.equals("/calls") || path.equals("/calls/")) {
            text(ex, 200, String.join("\n", flows.get().callIds()) + "\n");
            return;
        }
        String rest = path.substring("/calls/".length());
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            text(ex, 404, "use /calls/CALL-ID/flow, /calls/CALL-ID/ladder or /calls/CALL-ID/flow.pcap\n");
            return;
        }
        String callId = URLDecoder.decode(rest.substring(0, slash).replace("+", "%2B"), StandardCharsets.UTF_8);
        String what = rest.substring(slash + 1);
        Function<CallFlows.Flow, byte[]> render = switch (what) {
            case "flow" -> f -> FlowJson.of(f).getBytes(StandardCharsets.UTF_8);
            case "ladder" -> f -> Ladder.of(f).getBytes(StandardCharsets.UTF_8);
            case "flow.pcap" -> f -> Pcap.of(f.messages());
            default -> null;
        };
        if (render == null) {
            text(ex, 404, "unknown view '" + what + "': flow, ladder or flow.pcap\n");
            return;
        }
        Optional<CallFlows.Flow> flow = flows.get().flow(callId);
        if (flow.isEmpty()) {
            text(ex, 404, "no flow recorded for Call-ID " + callId + " (unknown, or forgotten: only the recent calls are kept)\n");
            return;
        }
        String type = switch (what) {
            case "flow" -> "application/json";
            case "flow.pcap" -> "application/vnd.tcpdump.pcap";
            default -> "text/plain; charset=utf-8";
        };
        send(ex, 200, type, render.apply(flow.get()));
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
