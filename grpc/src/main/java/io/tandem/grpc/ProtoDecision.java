package io.tandem.grpc;

import com.google.protobuf.ByteString;
import io.routr.message.Extension;
import io.routr.message.SIPMessage;
import io.routr.message.SipURI;
import io.routr.processor.MessageResponse;
import io.tandem.grpc.proto.Body;
import io.tandem.grpc.proto.Credentials;
import io.tandem.grpc.proto.Drop;
import io.tandem.grpc.proto.Fork;
import io.tandem.grpc.proto.Forward;
import io.tandem.grpc.proto.Respond;
import io.tandem.processor.Decision;
import io.tandem.processor.DigestSecret;
import io.tandem.processor.Header;
import io.tandem.processor.Target;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.UriParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Processor's {@link Decision} as a {@code MessageResponse} and back. Tandem writes its decision
 * in field 100; a response without it is read as Routr writes one: {@code message.response_type}
 * (or Tandem's status_code) is a response to send, with {@code reason_phrase} and the extensions
 * as its headers; a {@code message.request_uri} is the request to forward there, its Route
 * entries in front.
 */
public final class ProtoDecision {
    private ProtoDecision() {
    }

    public static MessageResponse of(Decision d) {
        io.tandem.grpc.proto.Decision.Builder b = io.tandem.grpc.proto.Decision.newBuilder();
        switch (d) {
            case Decision.Respond r -> {
                Respond.Builder p = Respond.newBuilder().setStatus(r.status()).setReason(r.reason() == null ? "" : r.reason());
                r.headers().forEach(h -> p.addHeaders(header(h)));
                if (r.body() != null) {
                    p.setBody(ByteString.copyFrom(r.body()));
                }
                if (r.contentType() != null) {
                    p.setContentType(r.contentType());
                }
                b.setRespond(p);
            }
            case Decision.Forward f -> {
                Forward.Builder p = Forward.newBuilder().setFork(f.fork() == Decision.Fork.SERIAL ? Fork.SERIAL : Fork.PARALLEL)
                    .addAllRemoveHeaders(f.removeHeaders());
                f.headers().forEach(h -> p.addHeaders(header(h)));
                f.targets().forEach(t -> p.addTargets(target(t)));
                if (f.body() != null) {
                    Body.Builder body = Body.newBuilder().setContent(ByteString.copyFrom(f.body().content()));
                    if (f.body().contentType() != null) {
                        body.setContentType(f.body().contentType());
                    }
                    p.setBody(body);
                }
                b.setForward(p);
            }
            case Decision.Drop drop -> b.setDrop(Drop.newBuilder().setReason(drop.reason() == null ? "" : drop.reason()));
        }
        return MessageResponse.newBuilder().setDecision(b).build();
    }

    /**
     * The decision {@code m} carries. Throws {@link IllegalArgumentException} naming the field when it
     * carries none that can be carried out (no decision, no response type, no Request-URI; a URI or
     * header that is not SIP).
     */
    public static Decision toDecision(MessageResponse m) {
        if (m.hasDecision()) {
            return decision(m.getDecision());
        }
        if (!m.hasMessage()) {
            throw new IllegalArgumentException("neither decision (Tandem's field 100) nor message");
        }
        SIPMessage msg = m.getMessage();
        List<Header> headers = new ArrayList<>(msg.getExtensionsCount());
        for (Extension e : msg.getExtensionsList()) {
            headers.add(checkedHeader(e.getName(), e.getValue(), "message.extensions"));
        }
        if (msg.getMessageTypeCase() == SIPMessage.MessageTypeCase.RESPONSE_TYPE || msg.getStatusCode() != 0) {
            int status = msg.getStatusCode() != 0 ? msg.getStatusCode() : RoutrStatus.codeOf(msg.getResponseType());
            if (status < 100 || status > 699) {
                throw new IllegalArgumentException("message.response_type: " + msg.getResponseType() + " names no status code");
            }
            byte[] body = msg.getBody().isEmpty() ? null : msg.getBody().getBytes(StandardCharsets.UTF_8);
            return new Decision.Respond(status, msg.getReasonPhrase().isEmpty() ? phrase(msg.getResponseType()) : msg.getReasonPhrase(),
                headers, body, null);
        }
        if (msg.hasRequestUri()) {
            List<String> routes = new ArrayList<>();
            msg.getRouteList().forEach(r -> routes.add("<" + uri(r.getAddress().getUri(), "message.route") + ">"));
            Target t = new Target(uri(msg.getRequestUri(), "message.request_uri"), null, routes, List.of());
            return new Decision.Forward(List.of(t), Decision.Fork.PARALLEL, headers, List.of());
        }
        throw new IllegalArgumentException("message: neither response_type nor request_uri");
    }

    /** "SERVICE_UNAVAILABLE" as "Service Unavailable"; empty for UNKNOWN. */
    private static String phrase(io.routr.message.ResponseType type) {
        if (type == io.routr.message.ResponseType.UNKNOWN || type == io.routr.message.ResponseType.UNRECOGNIZED) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String word : type.name().split("_")) {
            sb.append(sb.isEmpty() ? "" : " ").append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    private static Decision decision(io.tandem.grpc.proto.Decision d) {
        return switch (d.getKindCase()) {
            case RESPOND -> {
                Respond r = d.getRespond();
                if (r.getStatus() < 100 || r.getStatus() > 699) {
                    throw new IllegalArgumentException("decision.respond.status: " + r.getStatus() + " is not a SIP status code");
                }
                yield new Decision.Respond(r.getStatus(), r.getReason(),
                    headers(r.getHeadersList(), "decision.respond.headers"), r.hasBody() ? r.getBody().toByteArray() : null,
                    r.hasContentType() ? r.getContentType() : null);
            }
            case FORWARD -> {
                Forward f = d.getForward();
                if (f.getTargetsCount() == 0) {
                    throw new IllegalArgumentException("decision.forward.targets: empty");
                }
                List<Target> targets = new ArrayList<>(f.getTargetsCount());
                for (io.tandem.grpc.proto.Target t : f.getTargetsList()) {
                    targets.add(target(t));
                }
                Decision.Body body = f.hasBody()
                    ? new Decision.Body(f.getBody().getContent().toByteArray(), f.getBody().hasContentType() ? f.getBody().getContentType() : null)
                    : null;
                yield new Decision.Forward(targets, f.getFork() == Fork.SERIAL ? Decision.Fork.SERIAL : Decision.Fork.PARALLEL,
                    headers(f.getHeadersList(), "decision.forward.headers"), f.getRemoveHeadersList(), body);
            }
            case DROP -> new Decision.Drop(d.getDrop().getReason());
            case KIND_NOT_SET -> throw new IllegalArgumentException("decision: none of respond, forward, drop");
        };
    }

    private static io.tandem.grpc.proto.Target target(Target t) {
        io.tandem.grpc.proto.Target.Builder b = io.tandem.grpc.proto.Target.newBuilder().setRequestUri(t.requestUri().toString())
            .addAllRouteSet(t.routeSet());
        if (t.nextHop() != null) {
            b.setNextHop(t.nextHop().toString());
        }
        t.headers().forEach(h -> b.addHeaders(header(h)));
        if (t.credentials() != null) {
            b.setCredentials(Credentials.newBuilder().setUsername(t.credentials().username()).setPassword(t.credentials().password()));
        }
        return b.build();
    }

    private static Target target(io.tandem.grpc.proto.Target t) {
        return new Target(parse(t.getRequestUri(), "decision.forward.targets.request_uri"),
            t.getNextHop().isEmpty() ? null : parse(t.getNextHop(), "decision.forward.targets.next_hop"), t.getRouteSetList(),
            headers(t.getHeadersList(), "decision.forward.targets.headers"),
            t.hasCredentials() ? new DigestSecret(t.getCredentials().getUsername(), t.getCredentials().getPassword()) : null);
    }

    private static io.tandem.grpc.proto.Header header(Header h) {
        return io.tandem.grpc.proto.Header.newBuilder().setName(h.name()).setValue(h.value()).build();
    }

    private static List<Header> headers(List<io.tandem.grpc.proto.Header> list, String field) {
        List<Header> out = new ArrayList<>(list.size());
        for (io.tandem.grpc.proto.Header h : list) {
            out.add(checkedHeader(h.getName(), h.getValue(), field));
        }
        return out;
    }

    private static Header checkedHeader(String name, String value, String field) {
        try {
            return new Header(name, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": '" + name + "': " + e.getMessage(), e);
        }
    }

    /** A sip: URI from Routr's SipURI fields. */
    static SipUri uri(SipURI u, String field) {
        try {
            SipUri out = SipUri.of(u.getSecure(), u.getUser().isEmpty() ? null : u.getUser(), u.getHost(),
                u.getPort() == 0 ? -1 : u.getPort());
            if (!u.getTransportParam().isEmpty()) {
                out = out.withParam("transport", u.getTransportParam());
            }
            if (u.getLrParam()) {
                out = out.withParam("lr", null);
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static io.tandem.sip.uri.Uri parse(String text, String field) {
        try {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            return UriParser.parse(b, 0, b.length);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a URI: " + e.getMessage(), e);
        }
    }
}
