package io.tandem.grpc;

import io.routr.message.Extension;
import io.routr.message.SIPMessage;
import io.routr.processor.MessageResponse;
import io.tandem.dispatcher.Middleware.BrokenRequest;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.sip.message.RequestEditor;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The request a remote middleware sends on, read from its answer (one that does not answer the
 * request), in one of three forms:
 * <ul>
 *   <li>Tandem's Forward decision: its {@code remove_headers}, {@code headers} and {@code body}
 *       edit the request (its targets are not used: the Processor routes);
 *   <li>Routr's message with a wire form (Tandem's field 100) other than the one sent: that wire
 *       form is the request;
 *   <li>Routr's message otherwise (what a Routr middleware sends back): the Request-URI, the
 *       extensions (every header without a typed field; those whose lines differ are replaced)
 *       and the body are read; a typed field sent back changed (From, To, Contact, Via, Call-ID,
 *       CSeq, Route, Record-Route, Path, Max-Forwards, Expires) is refused: change those in the
 *       wire form (the Dispatcher then checks what may change, {@link io.tandem.dispatcher.RequestEdit}).
 * </ul>
 * A field left out (a Routr middleware does not know Tandem's) is not an edit. What cannot be
 * read is a {@link BrokenRequest} naming the field.
 */
final class ProtoRequestEdit {
    /** Typed fields only read, each with how to get it from a message (null or empty: not sent back). */
    private static final Map<String, Function<SIPMessage, Object>> READ_ONLY = typedFields();

    private ProtoRequestEdit() {
    }

    /** The request {@code answer} sends on ({@code original} itself when unchanged); {@code sent} is what was sent. */
    static SipRequest read(SipRequest original, SIPMessage sent, MessageResponse answer, Decision decision) {
        if (answer.hasDecision()) {
            return decision instanceof Decision.Forward f ? forwardEdits(original, f) : original;
        }
        SIPMessage back = answer.getMessage();
        if (back.hasWire() && !java.util.Arrays.equals(ProtoSipMessage.bytes(back.getWire()), ProtoSipMessage.bytes(sent.getWire()))) {
            SipMessage m;
            try {
                m = ProtoSipMessage.toSip(back);
            } catch (IllegalArgumentException e) {
                throw new BrokenRequest("message.wire: " + e.getMessage());
            }
            if (!(m instanceof SipRequest r)) {
                throw new BrokenRequest("message.wire: a response, not the request");
            }
            return r;
        }
        return typedEdits(original, sent, back);
    }

    private static SipRequest forwardEdits(SipRequest original, Decision.Forward f) {
        if (f.removeHeaders().isEmpty() && f.headers().isEmpty() && f.body() == null) {
            return original;
        }
        RequestEditor e = original.edit();
        try {
            f.removeHeaders().forEach(e::remove);
            for (Header h : f.headers()) {
                e.add(h.name(), h.value());
            }
        } catch (IllegalArgumentException ex) {
            throw new BrokenRequest("decision.forward.headers: " + ex.getMessage());
        }
        if (f.body() != null) {
            e.body(f.body().content(), f.body().contentType());
        }
        return e.build();
    }

    private static SipRequest typedEdits(SipRequest original, SIPMessage sent, SIPMessage back) {
        for (Map.Entry<String, Function<SIPMessage, Object>> field : READ_ONLY.entrySet()) {
            Object now = field.getValue().apply(back);
            if (now != null && !now.equals(field.getValue().apply(sent))) {
                throw new BrokenRequest("message." + field.getKey() + ": changed (only request_uri, extensions and body are "
                    + "read from the typed fields; edit the wire form)");
            }
        }
        boolean uri = back.hasRequestUri() && !back.getRequestUri().equals(sent.getRequestUri());
        boolean extensions = !back.getExtensionsList().equals(sent.getExtensionsList());
        boolean body = !back.getBody().equals(sent.getBody());
        if (!uri && !extensions && !body) {
            return original;
        }
        RequestEditor e = original.edit();
        if (uri) {
            try {
                e.requestUri(ProtoDecision.uri(back.getRequestUri(), "message.request_uri"));
            } catch (IllegalArgumentException ex) {
                throw new BrokenRequest(ex.getMessage());
            }
        }
        if (extensions) {
            replaceChanged(e, values(sent.getExtensionsList()), values(back.getExtensionsList()));
        }
        if (body) {
            e.body(back.getBody(), null);
        }
        return e.build();
    }

    /** Replaces the lines of every extension whose values differ between {@code was} and {@code now}. */
    private static void replaceChanged(RequestEditor e, Map<String, List<String>> was, Map<String, List<String>> now) {
        Map<String, List<String>> names = new LinkedHashMap<>(was);
        now.forEach(names::putIfAbsent);
        for (String key : names.keySet()) {
            List<String> before = was.getOrDefault(key, List.of());
            List<String> after = now.getOrDefault(key, List.of());
            if (before.equals(after)) {
                continue;
            }
            String name = (after.isEmpty() ? before : after).getFirst();
            try {
                e.remove(name);
                for (int i = 1; i < after.size(); i++) {
                    e.add(name, after.get(i));
                }
            } catch (IllegalArgumentException ex) {
                throw new BrokenRequest("message.extensions: '" + name + "': " + ex.getMessage());
            }
        }
    }

    /** Extension values by lower-case name, each list headed by the name as written. */
    private static Map<String, List<String>> values(List<Extension> list) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Extension x : list) {
            out.computeIfAbsent(x.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>(List.of(x.getName()))).add(x.getValue());
        }
        return out;
    }

    private static Map<String, Function<SIPMessage, Object>> typedFields() {
        Map<String, Function<SIPMessage, Object>> m = new LinkedHashMap<>();
        m.put("from", s -> s.hasFrom() ? s.getFrom() : null);
        m.put("to", s -> s.hasTo() ? s.getTo() : null);
        m.put("contact", s -> s.hasContact() ? s.getContact() : null);
        m.put("contacts", s -> s.getContactsCount() == 0 ? null : s.getContactsList());
        m.put("call_id", s -> s.hasCallId() ? s.getCallId() : null);
        m.put("cseq", s -> s.hasCseq() ? s.getCseq() : null);
        m.put("via", s -> s.getViaCount() == 0 ? null : s.getViaList());
        m.put("route", s -> s.getRouteCount() == 0 ? null : s.getRouteList());
        m.put("record_route", s -> s.getRecordRouteCount() == 0 ? null : s.getRecordRouteList());
        m.put("path", s -> s.getPathCount() == 0 ? null : s.getPathList());
        m.put("max_forwards", s -> s.hasMaxForwards() ? s.getMaxForwards() : null);
        m.put("expires", s -> s.hasExpires() ? s.getExpires() : null);
        return java.util.Collections.unmodifiableMap(m);
    }
}
