package io.tandem.grpc;

import com.google.protobuf.ByteString;
import io.routr.message.Address;
import io.routr.message.CallID;
import io.routr.message.Contact;
import io.routr.message.ContentLength;
import io.routr.message.Expires;
import io.routr.message.Extension;
import io.routr.message.From;
import io.routr.message.MaxForwards;
import io.routr.message.RecordRoute;
import io.routr.message.Route;
import io.routr.message.SIPMessage;
import io.routr.message.SipURI;
import io.routr.message.To;
import io.routr.message.Via;
import io.tandem.grpc.proto.CSeq;
import io.tandem.grpc.proto.HeaderLine;
import io.tandem.grpc.proto.Wire;
import io.tandem.sip.Parameters;
import io.tandem.sip.SipParseException;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A SIP message as Routr's {@code SIPMessage} protobuf, lossless: {@link Wire} holds the start
 * line, every header line in order and the body bytes, from which {@link #toSip} rebuilds the same
 * bytes. Routr's typed fields (Request-URI, From, To, Contact, Call-ID, Via, Route, Record-Route,
 * Max-Forwards, Expires, Content-Length, the other headers as extensions, the body as text) and
 * Tandem's (every Contact, CSeq, Path, method, status code) are filled for processors that read
 * them; a header whose value does not parse leaves its typed field out (the wire still has it).
 */
public final class ProtoSipMessage {
    private static final byte[] CRLF = {'\r', '\n'};
    /** Headers with a typed field; every other one is also an extension (Routr's shape). */
    private static final Set<String> TYPED = Set.of("Via", "From", "To", "Contact", "Call-ID", "CSeq", "Route",
        "Record-Route", "Max-Forwards", "Expires", "Content-Length", "Path");

    private ProtoSipMessage() {
    }

    /** The protobuf form of {@code m}. */
    public static SIPMessage of(SipMessage m) {
        SIPMessage.Builder b = SIPMessage.newBuilder().setWire(wire(m));
        if (m instanceof SipRequest r) {
            b.setMethod(r.method().name());
            typed(() -> r.requestUri() instanceof SipUri u ? u : null, u -> b.setRequestUri(sipUri(u)));
        } else {
            SipResponse r = (SipResponse) m;
            b.setStatusCode(r.status()).setReasonPhrase(r.reason()).setResponseType(RoutrStatus.typeOf(r.status()));
        }
        typed(m::from, a -> b.setFrom(From.newBuilder().setAddress(address(a)).setTag(nonNull(a.tag()))
            .putAllParameters(params(a.params(), "tag"))));
        typed(m::to, a -> b.setTo(To.newBuilder().setAddress(address(a)).setTag(nonNull(a.tag()))
            .putAllParameters(params(a.params(), "tag"))));
        typed(m::contacts, list -> {
            for (NameAddress c : list) {
                b.addContacts(contact(c));
            }
            if (!list.isEmpty()) {
                b.setContact(b.getContacts(0));
            }
        });
        typed(m::callId, id -> b.setCallId(CallID.newBuilder().setCallId(id)));
        typed(m::cseq, c -> b.setCseq(CSeq.newBuilder().setSeq(c.sequence()).setMethod(c.method().name())));
        typed(m::vias, list -> list.forEach(v -> b.addVia(via(v))));
        typed(m::routes, list -> list.forEach(a -> b.addRoute(Route.newBuilder().setAddress(address(a))
            .putAllParameters(params(a.params(), null)))));
        typed(m::recordRoutes, list -> list.forEach(a -> b.addRecordRoute(RecordRoute.newBuilder().setAddress(address(a))
            .putAllParameters(params(a.params(), null)))));
        typed(m::paths, list -> list.forEach(a -> b.addPath(Route.newBuilder().setAddress(address(a))
            .putAllParameters(params(a.params(), null)))));
        typed(() -> m.maxForwards() < 0 ? null : m.maxForwards(), n -> b.setMaxForwards(MaxForwards.newBuilder().setMaxForwards(n)));
        typed(() -> m.expires() < 0 ? null : (int) Math.min(m.expires(), Integer.MAX_VALUE),
            n -> b.setExpires(Expires.newBuilder().setExpires(n)));
        b.setContentLength(ContentLength.newBuilder().setContentLength(m.bodyLength()));
        for (int i = 0; i < m.headerCount(); i++) {
            String canonical = m.headerCanonicalName(i);
            if (!TYPED.contains(canonical)) {
                b.addExtensions(Extension.newBuilder().setName(canonical).setValue(m.headerValue(i)));
            }
        }
        if (m.bodyLength() > 0) {
            b.setBody(m.bodyText());
        }
        return b.build();
    }

    /**
     * The SIP message {@code p.wire} describes, byte for byte. Throws {@link IllegalArgumentException}
     * naming the problem when there is no wire form or its bytes are not a SIP message.
     */
    public static SipMessage toSip(SIPMessage p) {
        if (!p.hasWire() || p.getWire().getStartLine().isEmpty() && p.getWire().getStartLineRaw().isEmpty()) {
            throw new IllegalArgumentException("the SIPMessage has no wire form (Tandem's field 100)");
        }
        byte[] bytes = bytes(p.getWire());
        try {
            return SipParser.parse(bytes);
        } catch (SipParseException e) {
            throw new IllegalArgumentException("the SIPMessage's wire form is not a SIP message: " + e.getMessage(), e);
        }
    }

    static Wire wire(SipMessage m) {
        Wire.Builder w = Wire.newBuilder();
        byte[] start = m.startLine();
        int lineEnd = endsWithCrlf(start) ? start.length - 2 : start.length;
        w.setStartLine(new String(start, 0, lineEnd, StandardCharsets.UTF_8));
        if (lineEnd == start.length || !Arrays.equals(w.getStartLine().getBytes(StandardCharsets.UTF_8), 0, lineEnd, start, 0, lineEnd)) {
            w.setStartLineRaw(ByteString.copyFrom(start));
        }
        for (int i = 0; i < m.headerCount(); i++) {
            String name = m.headerName(i);
            String value = m.headerValue(i);
            HeaderLine.Builder h = HeaderLine.newBuilder().setName(name).setValue(value);
            byte[] raw = m.headerLine(i);
            if (!Arrays.equals(raw, canonicalLine(name, value))) {
                h.setRaw(ByteString.copyFrom(raw));
            }
            w.addHeaders(h);
        }
        byte[] separator = m.headerSeparator();
        if (!Arrays.equals(separator, CRLF)) {
            w.setSeparatorRaw(ByteString.copyFrom(separator));
        }
        return w.setBody(ByteString.copyFrom(m.body())).build();
    }

    static byte[] bytes(Wire w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + w.getBody().size());
        if (!w.getStartLineRaw().isEmpty()) {
            out.writeBytes(w.getStartLineRaw().toByteArray());
        } else {
            out.writeBytes(w.getStartLine().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(CRLF);
        }
        for (HeaderLine h : w.getHeadersList()) {
            out.writeBytes(h.getRaw().isEmpty() ? canonicalLine(h.getName(), h.getValue()) : h.getRaw().toByteArray());
        }
        out.writeBytes(w.getSeparatorRaw().isEmpty() ? CRLF : w.getSeparatorRaw().toByteArray());
        out.writeBytes(w.getBody().toByteArray());
        return out.toByteArray();
    }

    /** Routr's SipURI form of a sip: or sips: URI. */
    static SipURI sipUri(SipUri u) {
        return SipURI.newBuilder().setUser(nonNull(u.user())).setUserPassword(nonNull(u.password())).setHost(u.host())
            .setPort(Math.max(u.port(), 0)).setTransportParam(nonNull(u.transport())).setMAddrParam(nonNull(u.maddr()))
            .setMethodParam(nonNull(u.method())).setUserParam(nonNull(u.userParam())).setTtlParam(Math.max(u.ttl(), 0))
            .setLrParam(u.lr()).setSecure(u.secure()).build();
    }

    private static Address address(NameAddress a) {
        Address.Builder b = Address.newBuilder().setWildcard(a.isWildcard()).setDisplayName(nonNull(a.displayName()));
        if (a.uri() instanceof SipUri u) {
            b.setUri(sipUri(u));
        }
        return b.build();
    }

    private static Contact contact(NameAddress c) {
        return Contact.newBuilder().setAddress(address(c)).setExpires((int) Math.max(c.expires(), -1))
            .setQValue(c.q() < 0 ? 0f : c.q() / 1000f).build();
    }

    private static Via via(io.tandem.sip.header.Via v) {
        return Via.newBuilder().setHost(v.host()).setPort(Math.max(v.port(), 0)).setBranch(nonNull(v.params().get("branch")))
            .setTransport(v.transport()).setRPortFlag(v.hasRport()).setRPort(Math.max(v.rport(), 0))
            .setReceived(nonNull(v.params().get("received"))).setMAddr(nonNull(v.maddr())).setTtl(Math.max(v.ttl(), 0)).build();
    }

    private static Map<String, String> params(Parameters p, String except) {
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < p.size(); i++) {
            if (!p.name(i).equalsIgnoreCase(except == null ? "" : except)) {
                out.put(p.name(i), nonNull(p.value(i)));
            }
        }
        return out;
    }

    /** Sets a typed field from a header that may be absent (null) or malformed (left out). */
    private static <T> void typed(Supplier<T> read, java.util.function.Consumer<T> set) {
        T v;
        try {
            v = read.get();
        } catch (RuntimeException e) {
            return; // the wire form carries the header as written
        }
        if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
            set.accept(v);
        }
    }

    private static byte[] canonicalLine(String name, String value) {
        return (name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean endsWithCrlf(byte[] b) {
        return b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n';
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
