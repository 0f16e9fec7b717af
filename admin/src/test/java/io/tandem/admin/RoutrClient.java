package io.tandem.admin;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.tandem.admin.routr.ProtoJson;
import io.tandem.admin.routr.RoutrGrpc;
import io.tandem.provisioning.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A gRPC client of Routr's services for the tests: any method by kind and name, the request and answer as JSON. */
final class RoutrClient implements AutoCloseable {
    /** The outcome of one call: the gRPC code, the answer (OK) or the description (else). */
    record Result(io.grpc.Status.Code code, ObjectNode body, String description) {
    }

    private final ManagedChannel channel;

    RoutrClient(int port) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Result call(Kind kind, String verb, JsonNode request, String authorization) {
        MethodDescriptor<Message, Message> md = (MethodDescriptor<Message, Message>) RoutrGrpc.method(kind, verb);
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller) md.getRequestMarshaller()).getMessagePrototype();
        Message req = ProtoJson.merge(request, prototype.newBuilderForType(), "").build();
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        }
        try {
            io.grpc.Channel ch = io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
            Message answer = ClientCalls.blockingUnaryCall(ch.newCall(md, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), req);
            return new Result(io.grpc.Status.Code.OK, ProtoJson.toJson(answer), null);
        } catch (StatusRuntimeException e) {
            return new Result(e.getStatus().getCode(), null, e.getStatus().getDescription());
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
