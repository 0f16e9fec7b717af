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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    /** SIP-date (RFC 3261 §25.1): rfc1123-date with a two-digit day, always GMT. */
    private static final DateTimeFormatter SIP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

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
        return register(ctx, aor, maxContacts, null);
    }

    /**
     * Applies a REGISTER for {@code aor} whose sender is already authenticated.
     *
     * @param resourceMaxContacts most live bindings of the AOR (Agent or Peer {@code spec.maxContacts});
     *     0 or less for the server's {@link ConnectSettings#maxContacts()}
     * @param expiresOverride the expiry the resource imposes (Agent or Peer {@code spec.expires}),
     *     granted to every Contact that does not ask to be removed; null to follow the request
     */
    CompletionStage<Decision> register(MessageContext ctx, String aor, int resourceMaxContacts, Integer expiresOverride) {
        int maxContacts = resourceMaxContacts > 0 ? resourceMaxContacts : settings.maxContacts();
        SipRequest req = ctx.request();
        List<NameAddress> contacts = req.contacts();
        long headerExpires = req.expires();
        if (contacts.isEmpty()) {
            return guard(bindings(aor, req), aor, maxContacts); // §10.3 step 6: a query
        }
        if (contacts.get(0).isWildcard()) {
            // §10.3 step 6: "*" only alone and with Expires: 0.
            if (contacts.size() > 1 || headerExpires != 0) {
                return done(Answers.respond(400, "Bad Request (Contact: * needs Expires: 0 and no other Contact)"));
            }
            return guard(location.removeRoutes(aor).thenCompose(n -> bindings(aor, req)), aor, maxContacts);
        }
        // Every Contact is checked before anything changes (§10.3 steps 6 and 7).
        Map<String, Route> add = new LinkedHashMap<>();
        Set<String> remove = new LinkedHashSet<>();
        for (NameAddress c : contacts) {
            if (c.isWildcard() || !(c.uri() instanceof SipUri uri)) {
                return done(Answers.respond(400, "Bad Request (Contact must be a sip or sips URI, and * alone)"));
            }
            long expires = c.expires() >= 0 ? c.expires() : headerExpires >= 0 ? headerExpires : settings.defaultExpires();
            String instance = unquote(c.params().get("+sip.instance"));
            int regId = parseInt(c.params().get("reg-id"), 0);
            String key = Route.contactKeyOf(uri.toString(), instance, regId);
            if (expires == 0) {
                remove.add(key);
                add.remove(key);
                continue;
            }
            int granted;
            if (expiresOverride != null && expiresOverride > 0) {
                granted = expiresOverride;
            } else if (expires < settings.minExpires()) {
                // §10.3 step 7: too brief; say what we accept.
                return done(Answers.respond(423, "Interval Too Brief",
                    new Header("Min-Expires", Integer.toString(settings.minExpires()))));
            } else {
                granted = (int) Math.min(expires, settings.maxExpires());
            }
            remove.remove(key);
            add.put(key, route(ctx, uri, key, instance, regId, granted));
        }
        // §10.3 step 7: the updates are committed only if all of them succeed. Check the limit on
        // the outcome first, then apply; if the store fails half way, put the old bindings back.
        return guard(location.findRoutes(aor).thenCompose(before -> {
            Set<String> after = new LinkedHashSet<>();
            for (Route r : before) {
                after.add(r.contactKey());
            }
            after.removeAll(remove);
            boolean grows = !after.containsAll(add.keySet());
            after.addAll(add.keySet());
            if (maxContacts > 0 && grows && after.size() > maxContacts) {
                return done(tooMany(aor, maxContacts));
            }
            return apply(aor, remove, add.values(), maxContacts)
                .thenCompose(x -> bindings(aor, req))
                .exceptionallyCompose(err -> rollback(aor, before, add.keySet()).handle((x, e) -> failure(aor, maxContacts, err)));
        }), aor, maxContacts);
    }

    /** A failed Location service gives a 500 rather than no answer. */
    private static CompletionStage<Decision> guard(CompletionStage<Decision> stage, String aor, int maxContacts) {
        return stage.exceptionally(err -> failure(aor, maxContacts, err));
    }

    private CompletionStage<Void> apply(String aor, Set<String> remove, Iterable<Route> add, int maxContacts) {
        CompletionStage<?> chain = CompletableFuture.completedFuture(null);
        for (String key : remove) {
            chain = chain.thenCompose(x -> location.removeRoute(aor, key));
        }
        for (Route r : add) {
            chain = chain.thenCompose(x -> location.addRoute(aor, r, Math.max(maxContacts, 0)));
        }
        return chain.thenApply(x -> null);
    }

    /** Best effort: the bindings as they were before this REGISTER. */
    private CompletionStage<Void> rollback(String aor, List<Route> before, Set<String> added) {
        Set<String> old = new LinkedHashSet<>();
        CompletionStage<?> chain = CompletableFuture.completedFuture(null);
        for (Route b : before) {
            old.add(b.contactKey());
            chain = chain.thenCompose(x -> location.addRoute(aor, b));
        }
        for (String key : added) {
            if (!old.contains(key)) {
                chain = chain.thenCompose(x -> location.removeRoute(aor, key));
            }
        }
        return chain.thenApply(x -> null);
    }

    private static Decision failure(String aor, int maxContacts, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof MaxContactsExceededException) {
            return tooMany(aor, maxContacts);
        }
        return Answers.respond(500, "Server Internal Error (location service: " + cause.getMessage() + ")");
    }

    private static Decision tooMany(String aor, int maxContacts) {
        return Answers.forbidden("more than " + maxContacts + " contacts for " + aor);
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
            // §10.3 step 8: SHOULD include a Date (lets a client without a clock set one)
            headers.add(new Header("Date", SIP_DATE.format(Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC))));
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
