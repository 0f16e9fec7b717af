package io.tandem.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tandem.security.Ban;
import io.tandem.security.DoorGuard;
import io.tandem.security.Network;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The ban list over HTTP, on the health server, for {@code tandem bans} (until the admin API):
 * {@code GET /bans} lists the bans in force and the security counters; {@code DELETE /bans/NET}
 * lifts a ban; {@code POST /bans/NET?seconds=N&reason=R} sets one (rule "manual"). The list is
 * JSON when the request accepts {@code application/json} ({@code tandem ctl bans list}). Only from
 * {@code spec.security.adminFrom} (default loopback): 403 for anyone else.
 */
final class BansEndpoint implements HttpHandler {
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final DoorGuard guard;

    BansEndpoint(DoorGuard guard) {
        this.guard = guard;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!guard.config().adminFrom().contains(ex.getRemoteAddress().getAddress())) {
                reply(ex, 403, "forbidden: not from spec.security.adminFrom\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String target = path.length() > "/bans/".length() ? path.substring("/bans/".length()) : "";
            switch (ex.getRequestMethod()) {
                case "GET" -> {
                    String accept = ex.getRequestHeaders().getFirst("Accept");
                    if (accept != null && accept.contains("application/json")) {
                        json(ex, 200, listJson());
                    } else {
                        reply(ex, 200, list());
                    }
                }
                case "DELETE" -> unban(ex, target);
                case "POST" -> ban(ex, target);
                default -> reply(ex, 405, "GET, DELETE or POST\n");
            }
        }
    }

    private String list() {
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder();
        for (Ban b : guard.bans().list()) {
            long left = b.secondsLeft(now);
            sb.append(b.network()).append('\t').append(b.rule()).append('\t')
                .append(left < 0 ? "permanent" : left + "s").append('\t').append(b.reason()).append('\n');
        }
        sb.append("# ").append(guard.bans().list().size()).append(" ban(s)\n");
        guard.counterLines().forEach(l -> sb.append("# ").append(l).append('\n'));
        return sb.toString();
    }

    private tools.jackson.databind.JsonNode listJson() {
        long now = System.currentTimeMillis();
        var out = JSON.createObjectNode();
        var items = out.putArray("items");
        for (Ban b : guard.bans().list()) {
            long left = b.secondsLeft(now);
            var o = items.addObject().put("network", b.network().toString()).put("rule", b.rule()).put("reason", b.reason());
            if (left < 0) {
                o.put("permanent", true);
            } else {
                o.put("secondsLeft", left);
            }
        }
        var counters = out.putArray("counters");
        guard.counterLines().forEach(counters::add);
        return out;
    }

    private void unban(HttpExchange ex, String target) throws IOException {
        Network n = network(ex, target);
        if (n != null) {
            boolean lifted = guard.bans().unban(n);
            reply(ex, lifted ? 200 : 404, (lifted ? "unbanned " : "not banned here: ") + n + "\n");
        }
    }

    private void ban(HttpExchange ex, String target) throws IOException {
        Network n = network(ex, target);
        if (n == null) {
            return;
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        long seconds;
        try {
            seconds = Long.parseLong(q.getOrDefault("seconds", Long.toString(guard.config().bans().banSeconds())));
        } catch (NumberFormatException e) {
            reply(ex, 400, "seconds must be a number\n");
            return;
        }
        Ban b = guard.bans().ban(n, "manual", q.getOrDefault("reason", "set by hand"),
            seconds <= 0 ? Ban.PERMANENT : seconds * 1000);
        reply(ex, 200, "banned " + b.network() + " (" + b.rule() + ": " + b.reason() + ")\n");
    }

    private static Network network(HttpExchange ex, String text) throws IOException {
        try {
            return Network.parse(text);
        } catch (IllegalArgumentException e) {
            reply(ex, 400, "not an address or network: " + text + "\n");
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** A JSON answer (also {@link CallsEndpoint}'s). */
    static void json(HttpExchange ex, int status, tools.jackson.databind.JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A text/plain answer (also {@link CallsEndpoint}'s). */
    static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
