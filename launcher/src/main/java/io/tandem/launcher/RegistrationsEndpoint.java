package io.tandem.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tandem.admin.ApiException;
import io.tandem.admin.ApiKeys;
import io.tandem.admin.Caller;
import io.tandem.location.LocationService;
import io.tandem.location.Route;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Location holds, on the health server, for {@code tandem ctl registrations}: {@code GET /registrations
 * [?aor=AOR][&limit=N]} lists the live bindings (AOR, Contact, where the REGISTER came from, seconds left) as JSON.
 * With the admin API's keys configured, a key is required as for the API (any role; a key with a tenant sees the
 * AORs of its Domain only, 401/403 as the API); without them, loopback only.
 */
final class RegistrationsEndpoint implements HttpHandler, ServerFeature {
    static final String PATH = "/registrations";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX = 1000;

    private final LocationService location;
    private final ApiKeys keys;
    private final UnaryOperator<String> tenantDomainUri;

    /**
     * @param keys the admin API's keys, or null when it is off
     * @param tenantDomainUri a tenant (a Domain ref) to its domainUri, null when the Domain is gone
     */
    RegistrationsEndpoint(LocationService location, ApiKeys keys, UnaryOperator<String> tenantDomainUri) {
        this.location = location;
        this.keys = keys;
        this.tenantDomainUri = tenantDomainUri;
    }

    @Override
    public void serve(io.tandem.launcher.health.HealthServer health) {
        health.route(PATH, this);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String domain = null;
            if (keys != null) {
                try {
                    Caller c = keys.authenticate(ex.getRequestHeaders().getFirst("Authorization"));
                    if (c.tenant() != null) {
                        domain = tenantDomainUri.apply(c.tenant());
                        if (domain == null) {
                            throw new ApiException(ApiException.Status.PERMISSION_DENIED, "this key's tenant has no Domain");
                        }
                    }
                } catch (ApiException e) {
                    BansEndpoint.json(ex, e.status().http(), JSON.createObjectNode().put("code", e.status().name()).put("message", e.getMessage()));
                    return;
                }
            } else if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
                BansEndpoint.reply(ex, 403, "forbidden: registrations are listed from this host only (or with an admin API key)\n");
                return;
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                BansEndpoint.reply(ex, 405, "GET /registrations[?aor=AOR][&limit=N]\n");
                return;
            }
            String aor = null;
            int limit = MAX;
            String raw = ex.getRequestURI().getRawQuery();
            for (String kv : raw == null ? new String[0] : raw.split("&")) {
                int eq = kv.indexOf('=');
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                if (kv.startsWith("aor=")) {
                    aor = v;
                } else if (kv.startsWith("limit=")) {
                    try {
                        limit = Math.clamp(Integer.parseInt(v), 1, MAX);
                    } catch (NumberFormatException e) {
                        BansEndpoint.reply(ex, 400, "limit must be a number\n");
                        return;
                    }
                }
            }
            try {
                BansEndpoint.json(ex, 200, list(aor, limit, domain));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                BansEndpoint.reply(ex, 503, "location: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()) + "\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ObjectNode list(String aor, int limit, String domain)
            throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
        List<String> aors = aor != null ? List.of(aor) : location.aors(limit).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long now = System.currentTimeMillis();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("items");
        List<String> sorted = new ArrayList<>(aors);
        sorted.sort(null);
        for (String a : sorted) {
            if (domain != null && !domain.equalsIgnoreCase(hostOf(a))) {
                continue;
            }
            for (Route r : location.findRoutes(a).toCompletableFuture().get(5, TimeUnit.SECONDS)) {
                ObjectNode o = items.addObject().put("aor", a).put("contact", r.contactUri())
                    .put("source", r.receivedHost() + ":" + r.receivedPort()).put("transport", r.receivedTransport())
                    .put("expiresIn", Math.max(0, (r.expiresAt() - now + 999) / 1000)).put("edgePortRef", r.edgePortRef());
                if (r.instanceId() != null) {
                    o.put("instanceId", r.instanceId());
                }
            }
        }
        out.put("truncated", aor == null && aors.size() >= limit);
        return out;
    }

    /** The host of {@code sip:user@host[:port][;params]}. */
    static String hostOf(String aor) {
        int at = aor.indexOf('@');
        String rest = aor.substring(at + 1);
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char ch = rest.charAt(i);
            if (ch == ':' || ch == ';' || ch == '>') {
                end = i;
                break;
            }
        }
        return rest.substring(0, end);
    }
}
