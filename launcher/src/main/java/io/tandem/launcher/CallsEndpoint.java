package io.tandem.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tandem.accounting.call.ActiveCall;
import io.tandem.accounting.call.CallTracker;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Hanging up a call from outside, on the health server (until the admin API): {@code DELETE
 * /calls/CALL-ID} sends BYE into both legs of that answered call (its CDR: hung up by Tandem,
 * reason "hung up by command"), 200; 404 when this node has no answered call of that Call-ID
 * (with shared dialogs, the node that took over a dead node's calls has them). {@code GET
 * /calls/active[?limit=N]}: the calls in progress on this node as JSON ({@code tandem ctl calls
 * list}; a Call-ID is never "active" alone, a flow's path has a view after it). Loopback only.
 * Other methods go to the handler this route shadows ({@code GET /calls/CALL-ID/flow} of the
 * observability routes), 405 when there is none.
 */
final class CallsEndpoint implements HttpHandler {
    static final String PATH = "/calls/";
    static final String REASON = "hung up by command";
    static final String ACTIVE = PATH + "active";
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final CallTracker calls;
    private final Supplier<HttpHandler> shadowed;

    CallsEndpoint(CallTracker calls, Supplier<HttpHandler> shadowed) {
        this.calls = calls;
        this.shadowed = shadowed;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        HttpHandler other = shadowed.get();
        boolean listing = "GET".equals(ex.getRequestMethod()) && ex.getRequestURI().getRawPath().equals(ACTIVE);
        if (!"DELETE".equals(ex.getRequestMethod()) && !listing && other != null) {
            other.handle(ex);
            return;
        }
        try (ex) {
            if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
                reply(ex, 403, "forbidden: calls are hung up from this host only\n");
                return;
            }
            if (listing) {
                list(ex);
                return;
            }
            if (!"DELETE".equals(ex.getRequestMethod())) {
                reply(ex, 405, "DELETE /calls/CALL-ID hangs up that call\n");
                return;
            }
            String callId = URLDecoder.decode(ex.getRequestURI().getRawPath().substring(PATH.length()), StandardCharsets.UTF_8);
            if (callId.isEmpty()) {
                reply(ex, 400, "no Call-ID: DELETE /calls/CALL-ID\n");
            } else if (calls.hangUp(callId, REASON)) {
                reply(ex, 200, "hung up " + callId + " (BYE to both legs)\n");
            } else {
                reply(ex, 404, "no answered call " + callId + " on this node\n");
            }
        }
    }

    private void list(HttpExchange ex) throws IOException {
        String q = ex.getRequestURI().getRawQuery();
        int limit = 1000;
        if (q != null && q.startsWith("limit=")) {
            try {
                limit = Math.max(1, Integer.parseInt(q.substring("limit=".length())));
            } catch (NumberFormatException e) {
                reply(ex, 400, "limit must be a number\n");
                return;
            }
        }
        long now = System.currentTimeMillis();
        var items = JSON.createArrayNode();
        for (ActiveCall c : calls.active(limit)) {
            items.addObject().put("callId", c.callId()).put("caller", c.caller()).put("callee", c.callee())
                .put("phase", c.phase().name()).put("edgePortRef", c.edgePortRef())
                .put("startedAt", java.time.Instant.ofEpochMilli(c.startMillis()).toString())
                .put("seconds", (now - c.startMillis()) / 1000)
                .put("answeredAt", c.answerMillis() == 0 ? null : java.time.Instant.ofEpochMilli(c.answerMillis()).toString());
        }
        BansEndpoint.json(ex, 200, JSON.createObjectNode().put("live", calls.live()).set("items", items));
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        BansEndpoint.reply(ex, status, text);
    }
}
