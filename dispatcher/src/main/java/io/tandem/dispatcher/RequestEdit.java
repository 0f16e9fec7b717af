package io.tandem.dispatcher;

import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.validate.Rejection;
import io.tandem.sip.validate.RequestValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a middleware changed in a request (its {@code before} returned a context with another
 * request), as the edits a Forward carries: the header names whose lines changed (removed, then
 * added back with the edited lines), and the body. The Request-URI needs no carrying: the
 * Processor routes on the edited request and writes it into its targets.
 *
 * <p>What a middleware may not change ({@link #refusal}): the method, Via, Call-ID, CSeq, the From
 * and To tags (they identify the transaction and the dialog, RFC 3261 §8.1.1.7, §12), Max-Forwards
 * (the EdgePort decrements it, §16.6 step 3), Route, Record-Route and Path (the routes the EdgePort
 * and the registrar own; a sealed Record-Route is how an in-dialog request is trusted). Anything
 * else may change: the Request-URI, From and To (URI and display name), Contact, every other
 * header, the body; Content-Length follows the body. Immutable.
 */
public final class RequestEdit {
    private static final RequestValidator SYNTAX = RequestValidator.proxy();
    private static final String[] FIXED = {"Via", "Call-ID", "CSeq", "Max-Forwards", "Route", "Record-Route", "Path"};

    private final List<String> remove;
    private final List<Header> add;
    private final Decision.Body body;

    private RequestEdit(List<String> remove, List<Header> add, Decision.Body body) {
        this.remove = List.copyOf(remove);
        this.add = List.copyOf(add);
        this.body = body;
    }

    /**
     * Why {@code edited} may not replace {@code original}, or null when it may: a field that must
     * not change, or a message that is no longer valid (RFC 3261 §16.3 syntax rules).
     */
    public static String refusal(SipRequest original, SipRequest edited) {
        if (!original.method().equals(edited.method())) {
            return "the method changed";
        }
        for (String name : FIXED) {
            if (!original.headerValues(name).equals(edited.headerValues(name))) {
                return name + " changed";
            }
        }
        Rejection r = SYNTAX.validate(edited);
        if (r != null && (r.status() == 400 || r.status() == 416 || r.status() == 505)) {
            return "the request is not valid: " + r.reason();
        }
        if (!Objects.equals(original.from().tag(), edited.from().tag())) {
            return "the From tag changed";
        }
        if (!Objects.equals(original.to().tag(), edited.to().tag())) {
            return "the To tag changed";
        }
        return null;
    }

    /** The edits that turn {@code original} into {@code edited} (which {@link #refusal} accepted). */
    public static RequestEdit between(SipRequest original, SipRequest edited) {
        Map<String, List<String>> before = lines(original);
        Map<String, List<String>> after = lines(edited);
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<String> remove = new ArrayList<>();
        List<Header> add = new ArrayList<>();
        for (String key : names) {
            List<String> was = before.getOrDefault(key, List.of());
            List<String> now = after.getOrDefault(key, List.of());
            if (was.equals(now)) {
                continue;
            }
            String name = now.isEmpty() ? was.getFirst() : now.getFirst();
            remove.add(name);
            for (int i = 1; i < now.size(); i++) {
                add.add(new Header(name, now.get(i)));
            }
        }
        byte[] content = edited.body();
        Decision.Body body = Arrays.equals(original.body(), content) ? null : new Decision.Body(content, null);
        return new RequestEdit(remove, add, body);
    }

    /** True when nothing Forward-carried changed (e.g. only the Request-URI). */
    public boolean isEmpty() {
        return remove.isEmpty() && body == null;
    }

    /**
     * {@code d} with these edits when it is a Forward: the edited lines first, then the
     * Processor's own removals and additions on top. Any other decision is returned as is.
     */
    public Decision applyTo(Decision d) {
        if (!(d instanceof Decision.Forward f) || isEmpty()) {
            return d;
        }
        List<String> removes = new ArrayList<>(remove);
        removes.addAll(f.removeHeaders());
        List<Header> adds = new ArrayList<>(add.size() + f.headers().size());
        for (Header h : add) {
            if (!removed(f.removeHeaders(), h.name())) {
                adds.add(h);
            }
        }
        adds.addAll(f.headers());
        return new Decision.Forward(f.targets(), f.fork(), adds, removes, f.body() != null ? f.body() : body);
    }

    /**
     * Header lines by canonical name (lower case), each list headed by the name as it is to be
     * written and followed by the values in order; Content-Length is left out (it follows the body).
     */
    private static Map<String, List<String>> lines(SipRequest r) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < r.headerCount(); i++) {
            String name = r.headerCanonicalName(i);
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("content-length")) {
                continue;
            }
            out.computeIfAbsent(key, k -> new ArrayList<>(List.of(name))).add(r.headerValue(i));
        }
        return out;
    }

    private static boolean removed(List<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
