package io.tandem.connect;

import io.tandem.location.LocationService;
import io.tandem.location.MaxContactsExceededException;
import io.tandem.location.Route;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The registrar (RFC 3261 §10.3, RFC 3327 Path): authenticates the REGISTER, then adds, refreshes
 * or removes the bindings of the address of record, and answers 200 with every current binding
 * and its remaining time. Bindings route to where the REGISTER really came from (source address,
 * port and transport), so clients behind NAT are reachable (RFC 5626 §5.3 in spirit).
 */
final class Registrar {
    private final LocationService location;
    private final ConnectSettings settings;
    private final LongSupplier clock;

    Registrar(LocationService location, ConnectSettings settings, LongSupplier clock) {
        this.location = location;
        this.settings = settings;
        this.clock = clock;
    }

    /** Applies a REGISTER for {@code aor} whose sender is already authenticated. */
    CompletionStage<Decision> register(MessageContext ctx, String aor, int maxContacts) {
        SipRequest req = ctx.request();
        List<NameAddress> contacts = req.contacts();
        long headerExpires = req.expires();
        if (contacts.isEmpty()) {
            return bindings(aor, req); // §10.3 step 6: a query
        }
        if (contacts.get(0).isWildcard()) {
            // §10.3 step 6: "*" only alone and with Expires: 0.
            if (contacts.size() > 1 || headerExpires != 0) {
                return done(Answers.respond(400, "Bad Request (Contact: * needs Expires: 0 and no other Contact)"));
            }
            return location.removeRoutes(aor).thenCompose(n -> bindings(aor, req));
        }
        List<Route> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (NameAddress c : contacts) {
            if (!(c.uri() instanceof SipUri uri)) {
                return done(Answers.respond(400, "Bad Request (Contact must be a sip or sips URI)"));
            }
            long expires = c.expires() >= 0 ? c.expires() : headerExpires >= 0 ? headerExpires : settings.defaultExpires();
            String instance = unquote(c.params().get("+sip.instance"));
            int regId = parseInt(c.params().get("reg-id"), 0);
            String key = Route.contactKeyOf(uri.toString(), instance, regId);
            if (expires == 0) {
                remove.add(key);
                continue;
            }
            if (expires < settings.minExpires()) {
                // §10.3 step 7: too brief; say what we accept.
                return done(Answers.respond(423, "Interval Too Brief",
                    new Header("Min-Expires", Integer.toString(settings.minExpires()))));
            }
            add.add(route(ctx, uri, key, instance, regId, (int) Math.min(expires, settings.maxExpires())));
        }
        CompletionStage<?> chain = CompletableFuture.completedFuture(null);
        for (String key : remove) {
            chain = chain.thenCompose(x -> location.removeRoute(aor, key));
        }
        for (Route r : add) {
            chain = chain.thenCompose(x -> location.addRoute(aor, r, Math.max(maxContacts, 0)));
        }
        return chain.thenCompose(x -> bindings(aor, req)).exceptionally(err -> {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof MaxContactsExceededException) {
                return Answers.forbidden("too many contacts for " + aor);
            }
            return Answers.respond(500, "Server Internal Error (location service: " + cause.getMessage() + ")");
        });
    }

    private Route route(MessageContext ctx, SipUri uri, String key, String instance, int regId, int expires) {
        SipRequest req = ctx.request();
        String transport = uri.transport() != null ? uri.transport() : uri.secure() ? "TLS" : "UDP";
        int port = uri.port() >= 0 ? uri.port() : uri.secure() ? 5061 : 5060;
        List<String> path = new ArrayList<>();
        for (NameAddress p : req.paths()) {
            path.add(p.toString());
        }
        return Route.builder(uri.host(), port, transport)
            .user(uri.user())
            .contactUri(uri.toString())
            .contactKey(key)
            .received(ctx.sourceHost(), ctx.sourcePort(), ctx.transport().name())
            .edgePortRef(ctx.edgePortRef())
            .path(path)
            .instance(instance, regId)
            .registeredOn(clock.getAsLong())
            .expires(expires)
            .sessionCount(parseInt(req.header("X-Session-Count"), -1))
            .build();
    }

    /** 200 listing every current binding with its remaining seconds (§10.3 step 8), and the Path (RFC 3327 §5.3). */
    private CompletionStage<Decision> bindings(String aor, SipRequest req) {
        return location.findRoutes(aor).thenApply(routes -> {
            long now = clock.getAsLong();
            List<Header> headers = new ArrayList<>();
            for (Route r : routes) {
                headers.add(new Header("Contact", "<" + r.contactUri() + ">;expires=" + r.remainingSeconds(now)));
            }
            for (String p : req.headers("Path")) {
                headers.add(new Header("Path", p));
            }
            if (!req.paths().isEmpty()) {
                headers.add(new Header("Supported", "path"));
            }
            return new Decision.Respond(200, "OK", headers, null, null);
        });
    }

    private static CompletionStage<Decision> done(Decision d) {
        return CompletableFuture.completedFuture(d);
    }

    private static String unquote(String s) {
        return s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static int parseInt(String s, int dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
