package io.tandem.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tandem.accounting.call.CallTracker;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Hanging up a call from outside, on the health server (until the admin API): {@code DELETE
 * /calls/CALL-ID} sends BYE into both legs of that answered call (its CDR: hung up by Tandem,
 * reason "hung up by command"), 200; 404 when this node has no answered call of that Call-ID
 * (with shared dialogs, the node that took over a dead node's calls has them). Loopback only.
 * Other methods go to the handler this route shadows ({@code GET /calls/CALL-ID/flow} of the
 * observability routes), 405 when there is none.
 */
final class CallsEndpoint implements HttpHandler {
    static final String PATH = "/calls/";
    static final String REASON = "hung up by command";

    private final CallTracker calls;
    private final Supplier<HttpHandler> shadowed;

    CallsEndpoint(CallTracker calls, Supplier<HttpHandler> shadowed) {
        this.calls = calls;
        this.shadowed = shadowed;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        HttpHandler other = shadowed.get();
        if (!"DELETE".equals(ex.getRequestMethod()) && other != null) {
            other.handle(ex);
            return;
        }
        try (ex) {
            if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
                reply(ex, 403, "forbidden: calls are hung up from this host only\n");
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

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        BansEndpoint.reply(ex, status, text);
    }
}
