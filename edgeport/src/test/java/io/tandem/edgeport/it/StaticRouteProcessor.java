package io.tandem.edgeport.it;

import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.processor.Target;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Processor with a route table: the user part of the Request-URI names the targets and how to
 * fork to them; an unknown user gets 404. In-dialog requests (a To tag) go to their Request-URI,
 * as the route set and the Contact of the dialog say. Records what it was asked, for assertions.
 */
final class StaticRouteProcessor implements Processor {
    record Route(List<Target> targets, Decision.Fork fork) {
    }

    private final Map<String, Route> table = new ConcurrentHashMap<>();
    private final Map<String, Decision> fixed = new ConcurrentHashMap<>();
    private volatile long delayMillis;
    /** "METHOD user" of every request the EdgePort asked about, in order. */
    final List<String> asked = new CopyOnWriteArrayList<>();

    /** Routes {@code user} to these URIs, forking as {@code fork} says. */
    StaticRouteProcessor route(String user, Decision.Fork fork, String... uris) {
        List<Target> targets = new ArrayList<>();
        for (String u : uris) {
            targets.add(Target.of(SipUri.parse(u)));
        }
        table.put(user, new Route(List.copyOf(targets), fork));
        return this;
    }

    /** Routes {@code user} to one URI. */
    StaticRouteProcessor route(String user, String uri) {
        return route(user, Decision.Fork.PARALLEL, uri);
    }

    /** Answers requests for {@code user} with this decision, whatever it is. */
    StaticRouteProcessor decide(String user, Decision d) {
        fixed.put(user, d);
        return this;
    }

    /** Decides only after this long, on another thread (as a remote Processor would). */
    StaticRouteProcessor delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    @Override
    public CompletionStage<Decision> process(MessageContext ctx) {
        Decision d = decide(ctx);
        long delay = delayMillis;
        return delay <= 0 ? CompletableFuture.completedFuture(d)
            : CompletableFuture.supplyAsync(() -> d, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
    }

    private Decision decide(MessageContext ctx) {
        SipRequest req = ctx.request();
        String user = req.requestUri() instanceof SipUri u ? u.user() : null;
        asked.add(req.method().name() + " " + user);
        if (req.to().tag() != null) {
            return Decision.forward(Target.of(req.requestUri()));
        }
        Decision d = user == null ? null : fixed.get(user);
        if (d != null) {
            return d;
        }
        Route r = user == null ? null : table.get(user);
        if (r == null) {
            return Decision.respond(404, "Not Found");
        }
        return new Decision.Forward(r.targets(), r.fork(), List.of(), List.of());
    }
}
