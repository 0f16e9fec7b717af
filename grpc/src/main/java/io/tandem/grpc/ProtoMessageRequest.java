package io.tandem.grpc;

import io.routr.processor.MessageRequest;
import io.routr.processor.Method;
import io.routr.processor.NetInterface;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MessageContext} as Routr's {@code MessageRequest} and back: ref (the Call-ID), the
 * EdgePort's ref, the method, the observed sender, the listening points (bind and advertised
 * address), external addresses, local networks, the message (lossless, see {@link ProtoSipMessage}),
 * and Tandem's two additions: the listening point it arrived on and whether it came along a route
 * this EdgePort sealed.
 */
public final class ProtoMessageRequest {
    private ProtoMessageRequest() {
    }

    public static MessageRequest of(MessageContext ctx) {
        SipRequest r = ctx.request();
        MessageRequest.Builder b = MessageRequest.newBuilder()
            .setRef(r.callId() == null ? "" : r.callId())
            .setEdgePortRef(ctx.edgePortRef())
            .setMethod(method(r.method().name()))
            .setSender(NetInterface.newBuilder().setHost(ctx.sourceHost()).setPort(ctx.sourcePort())
                .setTransport(transport(ctx.transport())))
            .addAllExternalAddrs(ctx.externalAddrs())
            .addAllLocalnets(ctx.localnets())
            .setMessage(ProtoSipMessage.of(r))
            .setListeningPoint(netInterface(ctx.listeningPoint()))
            .setDialogRouted(ctx.dialogRouted());
        for (ListeningPoint lp : ctx.listeningPoints()) {
            b.addListeningPoints(netInterface(lp));
        }
        return b.build();
    }

    /**
     * The context a Tandem EdgePort sent. Throws {@link IllegalArgumentException} naming the field
     * when the request lacks what a Processor needs (the wire form, a request, a known transport).
     */
    public static MessageContext toContext(MessageRequest m) {
        SipMessage msg = ProtoSipMessage.toSip(m.getMessage());
        if (!(msg instanceof SipRequest request)) {
            throw new IllegalArgumentException("message: a response, not a request");
        }
        if (!m.hasListeningPoint()) {
            throw new IllegalArgumentException("listening_point (Tandem's field 100): missing");
        }
        List<ListeningPoint> points = new ArrayList<>(m.getListeningPointsCount());
        for (NetInterface n : m.getListeningPointsList()) {
            points.add(listeningPoint(n, "listening_points"));
        }
        return new MessageContext(m.getEdgePortRef(), request, transport(m.getSender().getTransport(), "sender.transport"),
            m.getSender().getHost(), m.getSender().getPort(), listeningPoint(m.getListeningPoint(), "listening_point"), points,
            m.getExternalAddrsList(), m.getLocalnetsList(), m.getDialogRouted());
    }

    static io.routr.common.Transport transport(Transport t) {
        return switch (t) {
            case UDP -> io.routr.common.Transport.UDP;
            case TCP -> io.routr.common.Transport.TCP;
            case TLS -> io.routr.common.Transport.TLS;
            case WS -> io.routr.common.Transport.WS;
            case WSS -> io.routr.common.Transport.WSS;
        };
    }

    static Transport transport(io.routr.common.Transport t, String field) {
        return switch (t) {
            case UDP -> Transport.UDP;
            case TCP -> Transport.TCP;
            case TLS -> Transport.TLS;
            case WS -> Transport.WS;
            case WSS -> Transport.WSS;
            default -> throw new IllegalArgumentException(field + ": transport " + t + " is not one Tandem serves");
        };
    }

    static NetInterface netInterface(ListeningPoint lp) {
        return NetInterface.newBuilder().setHost(lp.bindHost()).setPort(lp.port()).setTransport(transport(lp.transport()))
            .setAdvertisedHost(lp.advertisedHost()).setAdvertisedPort(lp.advertisedPort()).build();
    }

    static ListeningPoint listeningPoint(NetInterface n, String field) {
        String advertised = n.getAdvertisedHost().isEmpty() ? n.getHost() : n.getAdvertisedHost();
        int advertisedPort = n.getAdvertisedPort() == 0 ? n.getPort() : n.getAdvertisedPort();
        return new ListeningPoint(transport(n.getTransport(), field), n.getHost(), n.getPort(), advertised, advertisedPort);
    }

    /** Routr's Method for a method name; UNKNOWN for extension methods (the message says which). */
    private static Method method(String name) {
        try {
            Method m = Method.valueOf(name);
            return m == Method.UNRECOGNIZED ? Method.UNKNOWN : m;
        } catch (IllegalArgumentException e) {
            return Method.UNKNOWN;
        }
    }
}
