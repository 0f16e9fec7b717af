package io.tandem.grpc;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.routr.location.AddRouteRequest;
import io.routr.location.CountRoutesResponse;
import io.routr.location.FindRoutesRequest;
import io.routr.location.FindRoutesResponse;
import io.routr.location.LocationGrpc;
import io.routr.location.RemoveRouteRequest;
import io.routr.location.RemoveRoutesRequest;
import io.routr.location.RemoveRoutesResponse;
import io.tandem.location.Backend;
import io.tandem.location.LocationService;
import io.tandem.location.MaxContactsExceededException;
import io.tandem.location.Route;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Serves an in-process {@link LocationService} (memory or Redis) as Routr's
 * {@code location.v2beta1.Location}, with Tandem's RemoveRoute, CountRoutes and Ping. Never blocks
 * gRPC's threads: each call completes when the service's stage does. A malformed route is
 * INVALID_ARGUMENT naming the field; an add over maxContacts RESOURCE_EXHAUSTED (Routr refuses it
 * too); a store that fails (Redis down) UNAVAILABLE with its reason.
 */
public final class LocationGrpcService extends LocationGrpc.LocationImplBase {
    /** Starts the description of an UNAVAILABLE that comes from the store, not from the link. */
    static final String STORE = "store: ";

    private final LocationService location;

    public LocationGrpcService(LocationService location) {
        this.location = location;
    }

    @Override
    public void addRoute(AddRouteRequest request, StreamObserver<Empty> out) {
        Route route;
        try {
            route = ProtoRoute.toRoute(request.getRoute());
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        answer(location.addRoute(request.getAor(), route, request.getMaxContacts()), v -> Empty.getDefaultInstance(), out);
    }

    @Override
    public void findRoutes(FindRoutesRequest request, StreamObserver<FindRoutesResponse> out) {
        CompletionStage<List<Route>> found;
        if (request.hasBackend()) {
            FindRoutesRequest.Backend b = request.getBackend();
            Backend backend = new Backend(b.getAlgorithm() == FindRoutesRequest.Backend.Algorithm.LEAST_SESSIONS
                ? Backend.BalancingAlgorithm.LEAST_SESSIONS : Backend.BalancingAlgorithm.ROUND_ROBIN, b.getWithSessionAffinity());
            String key = request.getSessionAffinityRef();
            found = location.findRoutes(request.getAor(), backend, key.isEmpty() ? null : key);
        } else {
            found = location.findRoutes(request.getAor());
        }
        answer(found, routes -> {
            FindRoutesResponse.Builder r = FindRoutesResponse.newBuilder();
            routes.forEach(route -> r.addRoutes(ProtoRoute.of(route)));
            return r.build();
        }, out);
    }

    @Override
    public void removeRoutes(RemoveRoutesRequest request, StreamObserver<RemoveRoutesResponse> out) {
        answer(location.removeRoutes(request.getAor()), n -> RemoveRoutesResponse.newBuilder().setRemoved(n).build(), out);
    }

    @Override
    public void removeRoute(RemoveRouteRequest request, StreamObserver<RemoveRoutesResponse> out) {
        answer(location.removeRoute(request.getAor(), request.getContactKey()),
            gone -> RemoveRoutesResponse.newBuilder().setRemoved(gone ? 1 : 0).build(), out);
    }

    @Override
    public void countRoutes(Empty request, StreamObserver<CountRoutesResponse> out) {
        answer(location.count(), n -> CountRoutesResponse.newBuilder().setCount(n).build(), out);
    }

    @Override
    public void ping(Empty request, StreamObserver<Empty> out) {
        answer(location.ping(), v -> Empty.getDefaultInstance(), out);
    }

    private static <T, R> void answer(CompletionStage<T> stage, Function<T, R> reply, StreamObserver<R> out) {
        stage.whenComplete((value, ex) -> {
            try {
                if (ex == null) {
                    out.onNext(reply.apply(value));
                    out.onCompleted();
                } else {
                    Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                    Status status = cause instanceof MaxContactsExceededException ? Status.RESOURCE_EXHAUSTED
                        : cause instanceof IllegalArgumentException ? Status.INVALID_ARGUMENT : Status.UNAVAILABLE;
                    String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                    out.onError(status.withDescription(status == Status.UNAVAILABLE ? STORE + reason : reason).asRuntimeException());
                }
            } catch (RuntimeException cancelled) {
                // the caller gave up (its deadline passed): nothing left to answer
            }
        });
    }
}
