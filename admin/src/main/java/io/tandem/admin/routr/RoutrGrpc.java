package io.tandem.admin.routr;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.tandem.admin.AdminApi;
import io.tandem.admin.ApiException;
import io.tandem.admin.ApiKeys;
import io.tandem.admin.Caller;
import io.tandem.provisioning.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routr v2's resource services ({@code fonoster.routr.connect.<kind>.v2beta1}) on {@link AdminApi}: each method's
 * request is read into Routr's JSON shape by its descriptor, and the answer written back into the method's
 * response type, so the seven services share one handler. Every call is authenticated by {@link ApiKeys} first.
 */
public final class RoutrGrpc {
    private static final Logger LOG = LoggerFactory.getLogger(RoutrGrpc.class);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<Caller> CALLER = Context.key("tandem-caller");

    /** The services, by kind, as protoc generated them from Routr's protos. */
    static final Map<Kind, ServiceDescriptor> SERVICES = Map.of(
        Kind.DOMAIN, io.routr.connect.domains.DomainsGrpc.getServiceDescriptor(),
        Kind.AGENT, io.routr.connect.agents.AgentsGrpc.getServiceDescriptor(),
        Kind.PEER, io.routr.connect.peers.PeersGrpc.getServiceDescriptor(),
        Kind.TRUNK, io.routr.connect.trunks.TrunksGrpc.getServiceDescriptor(),
        Kind.NUMBER, io.routr.connect.numbers.NumbersGrpc.getServiceDescriptor(),
        Kind.CREDENTIALS, io.routr.connect.credentials.CredentialsServiceGrpc.getServiceDescriptor(),
        Kind.ACCESS_CONTROL_LIST, io.routr.connect.acl.ACLServiceGrpc.getServiceDescriptor());

    private RoutrGrpc() {
    }

    /** The method {@code verb} ({@code Create}, ..., {@code FindBy}) of {@code kind}'s service, or null when it has none. */
    public static MethodDescriptor<?, ?> method(Kind kind, String verb) {
        for (MethodDescriptor<?, ?> md : SERVICES.get(kind).getMethods()) {
            if (md.getBareMethodName().equals(verb)) {
                return md;
            }
        }
        return null;
    }

    /** The seven services, each behind the API key check. */
    public static List<ServerServiceDefinition> services(AdminApi api, ApiKeys keys) {
        List<ServerServiceDefinition> out = new ArrayList<>();
        ServerInterceptor auth = authentication(keys);
        SERVICES.forEach((kind, sd) -> out.add(ServerInterceptors.intercept(service(api, kind, sd), auth)));
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ServerServiceDefinition service(AdminApi api, Kind kind, ServiceDescriptor sd) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(sd);
        for (MethodDescriptor<?, ?> md : sd.getMethods()) {
            MethodDescriptor<Message, Message> m = (MethodDescriptor<Message, Message>) md;
            Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller) m.getResponseMarshaller()).getMessagePrototype();
            b.addMethod(m, ServerCalls.asyncUnaryCall((Message req, StreamObserver<Message> out) ->
                answer(api, kind, m.getBareMethodName(), req, prototype, out)));
        }
        return b.build();
    }

    private static void answer(AdminApi api, Kind kind, String verb, Message req, Message prototype, StreamObserver<Message> out) {
        try {
            if (!req.getUnknownFields().asMap().isEmpty()) {
                throw new ApiException(ApiException.Status.INVALID_ARGUMENT, "unknown field number "
                    + req.getUnknownFields().asMap().keySet().iterator().next() + " in " + req.getDescriptorForType().getName());
            }
            Caller c = CALLER.get();
            ObjectNode r = ProtoJson.toJson(req);
            JsonNode answer = switch (verb) {
                case "Create" -> api.create(c, kind, r);
                case "Update" -> api.update(c, kind, r);
                case "Get" -> api.get(c, kind, r.path("ref").asString(""));
                case "Delete" -> {
                    api.delete(c, kind, r.path("ref").asString(""));
                    yield null;
                }
                case "List" -> api.list(c, kind, r.path("pageSize").asInt(0), r.path("pageToken").asString(""));
                case "FindBy" -> api.findBy(c, kind, r.path("fieldName").asString(""), r.path("fieldValue").asString(""));
                default -> throw new ApiException(ApiException.Status.INVALID_ARGUMENT, "no method " + verb);
            };
            out.onNext(answer == null ? Empty.getDefaultInstance() : ProtoJson.merge(answer, prototype.newBuilderForType(), "").build());
            out.onCompleted();
        } catch (ApiException e) {
            out.onError(status(e).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.error("admin {} {} failed", kind, verb, e);
            out.onError(Status.INTERNAL.withDescription("internal error").asRuntimeException());
        }
    }

    static Status status(ApiException e) {
        return Status.fromCode(Status.Code.valueOf(e.status().name())).withDescription(e.getMessage());
    }

    /** Answers UNAUTHENTICATED before the method runs unless the call's {@code authorization} names a key. */
    private static ServerInterceptor authentication(ApiKeys keys) {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                Caller c;
                try {
                    c = keys.authenticate(headers.get(AUTHORIZATION));
                } catch (ApiException e) {
                    call.close(status(e), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return Contexts.interceptCall(Context.current().withValue(CALLER, c), call, headers, next);
            }
        };
    }
}
