package io.tandem.grpc;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.routr.location.AddRouteRequest;
import io.routr.location.FindRoutesRequest;
import io.routr.location.FindRoutesResponse;
import io.routr.location.LocationGrpc;
import io.routr.location.RemoveRouteRequest;
import io.routr.location.RemoveRoutesRequest;
import io.tandem.location.Backend;
import io.tandem.location.LocationService;
import io.tandem.location.MaxContactsExceededException;
import io.tandem.location.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A {@link LocationService} in another process ({@code tandem location}), reached over gRPC: a
 * drop-in for the in-process one. Non-blocking: each operation is one asynchronous call with a
 * deadline, completed on gRPC's threads. A call that fails completes the stage exceptionally
 * with a reason naming the service and what happened (unreachable, timed out, the store's own
 * failure); an add over maxContacts fails with {@link MaxContactsExceededException} as in
 * process. The link is retried every 500 ms while down ({@link GrpcLink}); {@link #ping} fails
 * while it is down or while the store behind the service does not answer.
 */
public final class RemoteLocation implements LocationService {
    private final GrpcLink link;
    private final LocationGrpc.LocationStub stub;
    private final long deadlineMillis;

    /** @param target "host:port" of {@code tandem location}; {@code security} null for plaintext */
    public RemoteLocation(String target, long deadlineMillis, LinkSecurity security) {
        if (deadlineMillis <= 0) {
            throw new IllegalArgumentException("deadline must be positive, not " + deadlineMillis);
        }
        this.link = new GrpcLink(target, security);
        this.stub = LocationGrpc.newStub(link.channel());
        this.deadlineMillis = deadlineMillis;
    }

    public String describe() {
        return "remote at " + link.target();
    }

    @Override
    public CompletionStage<Void> addRoute(String aor, Route route, int maxContacts) {
        AddRouteRequest req = AddRouteRequest.newBuilder().setAor(aor).setRoute(ProtoRoute.of(route)).setMaxContacts(maxContacts).build();
        return this.<Empty, Void>call((s, o) -> s.addRoute(req, o), e -> null)
            .exceptionallyCompose(t -> CompletableFuture.failedFuture(
                t instanceof RemoteFailure f && f.code == Status.Code.RESOURCE_EXHAUSTED ? new MaxContactsExceededException(aor, maxContacts) : t));
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor) {
        FindRoutesRequest req = FindRoutesRequest.newBuilder().setAor(aor).build();
        return this.<FindRoutesResponse, List<Route>>call((s, o) -> s.findRoutes(req, o), RemoteLocation::routes);
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor, Backend backend, String affinityKey) {
        FindRoutesRequest req = FindRoutesRequest.newBuilder().setAor(aor)
            .setSessionAffinityRef(affinityKey == null ? "" : affinityKey)
            .setBackend(FindRoutesRequest.Backend.newBuilder().setWithSessionAffinity(backend.withSessionAffinity())
                .setAlgorithm(backend.algorithm() == Backend.BalancingAlgorithm.LEAST_SESSIONS
                    ? FindRoutesRequest.Backend.Algorithm.LEAST_SESSIONS : FindRoutesRequest.Backend.Algorithm.ROUND_ROBIN))
            .build();
        return this.<FindRoutesResponse, List<Route>>call((s, o) -> s.findRoutes(req, o), RemoteLocation::routes);
    }

    @Override
    public CompletionStage<Boolean> removeRoute(String aor, String contactKey) {
        RemoveRouteRequest req = RemoveRouteRequest.newBuilder().setAor(aor).setContactKey(contactKey).build();
        return this.<io.routr.location.RemoveRoutesResponse, Boolean>call((s, o) -> s.removeRoute(req, o), r -> r.getRemoved() > 0);
    }

    @Override
    public CompletionStage<Integer> removeRoutes(String aor) {
        RemoveRoutesRequest req = RemoveRoutesRequest.newBuilder().setAor(aor).build();
        return this.<io.routr.location.RemoveRoutesResponse, Integer>call((s, o) -> s.removeRoutes(req, o),
            io.routr.location.RemoveRoutesResponse::getRemoved);
    }

    @Override
    public CompletionStage<Long> count() {
        return this.<io.routr.location.CountRoutesResponse, Long>call((s, o) -> s.countRoutes(Empty.getDefaultInstance(), o),
            io.routr.location.CountRoutesResponse::getCount);
    }

    @Override
    public CompletionStage<Void> ping() {
        return this.<Empty, Void>call((s, o) -> s.ping(Empty.getDefaultInstance(), o), e -> null);
    }

    @Override
    public void close() {
        link.close();
    }

    private static List<Route> routes(FindRoutesResponse r) {
        List<Route> out = new ArrayList<>(r.getRoutesCount());
        r.getRoutesList().forEach(m -> out.add(ProtoRoute.toRoute(m)));
        return out;
    }

    /** A failed call, with the reason a log or a 500 can show. */
    static final class RemoteFailure extends IllegalStateException {
        final Status.Code code;

        RemoteFailure(String message, Status.Code code) {
            super(message);
            this.code = code;
        }
    }

    private <R, T> CompletionStage<T> call(BiConsumer<LocationGrpc.LocationStub, StreamObserver<R>> send, Function<R, T> read) {
        CompletableFuture<T> out = new CompletableFuture<>();
        send.accept(stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS), new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                try {
                    out.complete(read.apply(value));
                } catch (IllegalArgumentException e) {
                    out.completeExceptionally(new RemoteFailure("location " + describe() + " answered a malformed route: "
                        + e.getMessage(), Status.Code.INTERNAL));
                }
            }

            @Override
            public void onError(Throwable t) {
                Status s = Status.fromThrowable(t);
                String what = switch (s.getCode()) {
                    case UNAVAILABLE -> s.getDescription() != null && s.getDescription().startsWith(LocationGrpcService.STORE)
                        ? "failed: its " + s.getDescription() : "unreachable";
                    case DEADLINE_EXCEEDED -> "timed out after " + deadlineMillis + " ms";
                    default -> "failed: " + s.getCode() + (s.getDescription() == null ? "" : " " + s.getDescription());
                };
                out.completeExceptionally(new RemoteFailure("location " + describe() + " " + what, s.getCode()));
            }

            @Override
            public void onCompleted() {
                if (!out.isDone()) {
                    out.completeExceptionally(new RemoteFailure("location " + describe() + " answered nothing", Status.Code.INTERNAL));
                }
            }
        });
        return out;
    }
}
