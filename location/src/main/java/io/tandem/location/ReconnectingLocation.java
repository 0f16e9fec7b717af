package io.tandem.location;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Location service whose backend (Redis) may not be reachable when Tandem starts: the first use
 * after each failed attempt (at most one attempt a second) tries to connect again. While it is
 * down, calls fail at once with the reason, the registrar answers 500 and {@code /readyz} is red.
 */
public final class ReconnectingLocation implements LocationService {
    private final Supplier<LocationService> connector;
    private final String name;
    private volatile LocationService delegate;
    private volatile long lastAttempt;
    private volatile String lastError = "not connected yet";

    public ReconnectingLocation(Supplier<LocationService> connector, String name) {
        this.connector = connector;
        this.name = name;
        connect();
    }

    private synchronized LocationService connect() {
        if (delegate != null) {
            return delegate;
        }
        long now = System.currentTimeMillis();
        if (now - lastAttempt < 1000) {
            return null;
        }
        lastAttempt = now;
        try {
            delegate = connector.get();
        } catch (RuntimeException e) {
            lastError = e.getMessage();
        }
        return delegate;
    }

    private <T> CompletionStage<T> call(Function<LocationService, CompletionStage<T>> f) {
        LocationService d = delegate != null ? delegate : connect();
        if (d == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " unreachable: " + lastError));
        }
        return f.apply(d);
    }

    @Override
    public CompletionStage<Void> addRoute(String aor, Route route, int maxContacts) {
        return call(d -> d.addRoute(aor, route, maxContacts));
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor) {
        return call(d -> d.findRoutes(aor));
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor, Backend backend, String affinityKey) {
        return call(d -> d.findRoutes(aor, backend, affinityKey));
    }

    @Override
    public CompletionStage<Boolean> removeRoute(String aor, String contactKey) {
        return call(d -> d.removeRoute(aor, contactKey));
    }

    @Override
    public CompletionStage<Integer> removeRoutes(String aor) {
        return call(d -> d.removeRoutes(aor));
    }

    @Override
    public CompletionStage<Long> count() {
        return call(LocationService::count);
    }

    @Override
    public CompletionStage<List<String>> aors(int limit) {
        return call(d -> d.aors(limit));
    }

    @Override
    public CompletionStage<Void> ping() {
        return call(LocationService::ping);
    }

    @Override
    public void close() {
        LocationService d = delegate;
        if (d != null) {
            d.close();
        }
    }
}
