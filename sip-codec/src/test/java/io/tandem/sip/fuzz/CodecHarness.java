package io.tandem.sip.fuzz;

import io.tandem.sip.SipParseException;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.message.StreamFramer;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.validate.RequestValidator;
import io.tandem.sip.validate.ResponseValidator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drives every entry point of the codec with arbitrary bytes and checks the one rule that holds
 * for any input: the codec throws nothing but {@link SipParseException}. Shared by the jqwik
 * mutation property and the Jazzer fuzz test.
 *
 * <p>For a parsed message it calls every typed accessor, walks the returned values (URIs,
 * parameters, credentials...) through their public no-argument methods, runs the validators,
 * serializes, re-parses the serialization (which must give the same bytes: serialization is
 * lossless), applies the proxy edits, and frames the bytes as a stream both at once and in pieces.
 */
final class CodecHarness {
    private static final RequestValidator PROXY = RequestValidator.proxy();
    private static final RequestValidator UAS = RequestValidator.uas();
    private static final Via OUR_VIA = Via.of("UDP", "proxy.example.com", 5060, "z9hG4bKharness1");
    private static final NameAddress OUR_RR = NameAddress.of(SipUri.of(null, "proxy.example.com").withParam("lr", null));
    /** Methods not to call reflectively: they start edits or are not accessors. */
    private static final Set<String> SKIP = Set.of("edit", "getClass", "notify", "notifyAll", "wait", "hashCode");
    private static final int MAX_DEPTH = 5;

    private CodecHarness() {
    }

    /** Thrown when the codec throws anything but SipParseException; carries the input. */
    static final class CodecFailure extends AssertionError {
        CodecFailure(String what, byte[] input, Throwable cause) {
            super(what + " threw " + cause + " for input " + show(input), cause);
        }
    }

    /** Everything, for one input. */
    static void run(byte[] data) {
        SipMessage m = parse(data);
        if (m != null) {
            checkReparse(m, data);
        }
        checkDatagramOffset(data, m);
        frame(data, 1 + (Arrays.hashCode(data) & 0x7f));
    }

    /** Parses; on success or on a partial message, exercises it. Returns the message or null. */
    static SipMessage parse(byte[] data) {
        SipMessage m;
        try {
            m = SipParser.parse(data.clone());
        } catch (SipParseException e) {
            if (e.partial() instanceof SipMessage partial) {
                exercise(partial, data, "partial message");
            }
            return null;
        } catch (Throwable t) {
            throw new CodecFailure("SipParser.parse", data, t);
        }
        exercise(m, data, "message");
        return m;
    }

    /** Calls every accessor (walking their values), the validators, serialization and edits on {@code m}. */
    static void exercise(SipMessage m, byte[] input, String what) {
        guard(what + " accessors", input, () -> accessors(m, true));
        guard(what + " validators", input, () -> validators(m));
        guard(what + " toBytes", input, () -> {
            m.toBytes();
            m.toString();
            m.encodedLength();
        });
        guard(what + " edits", input, () -> edits(m, input));
    }

    /** The typed accessors and serialization only: for second views of bytes already exercised. */
    static void exerciseLightly(SipMessage m, byte[] input, String what) {
        guard(what + " accessors", input, () -> {
            accessors(m, false);
            m.toBytes();
        });
    }

    private static void accessors(SipMessage m, boolean deep) {
        // Generic access.
        int n = m.headerCount();
        for (int i = 0; i < n; i++) {
            String name = m.headerName(i);
            m.headerValue(i);
            m.headerCanonicalName(i);
            quietly(() -> m.hasHeader(name));
            quietly(() -> m.header(name));
            quietly(() -> m.headers(name));
            quietly(() -> {
                int values = m.headerValues(name).size();
                if (m.headerValueCount(name) != values) {
                    throw new AssertionError("headerValueCount(" + name + ") != headerValues().size() = " + values);
                }
                return values;
            });
            quietly(() -> m.headerLines(name));
        }
        m.body();
        m.bodyText();
        m.bodyLength();
        m.isRequest();
        // Typed access: each one independently (a failure must not hide the next one).
        quietly(m::topVia);
        quietly(m::vias);
        quietly(m::from);
        quietly(m::to);
        quietly(m::callId);
        quietly(m::cseq);
        quietly(m::contacts);
        quietly(m::routes);
        quietly(m::recordRoutes);
        quietly(m::paths);
        quietly(m::maxForwards);
        quietly(m::expires);
        quietly(m::minExpires);
        quietly(m::contentLength);
        quietly(m::contentType);
        quietly(m::accept);
        quietly(m::supported);
        quietly(m::require);
        quietly(m::proxyRequire);
        quietly(m::unsupported);
        quietly(m::allow);
        quietly(m::authorization);
        quietly(m::proxyAuthorization);
        quietly(m::wwwAuthenticate);
        quietly(m::proxyAuthenticate);
        quietly(m::userAgent);
        if (m instanceof SipRequest r) {
            r.method();
            r.method().isKnown();
            r.requestUriText();
            r.version();
            quietly(r::requestUri);
        } else if (m instanceof SipResponse r) {
            r.status();
            r.reason();
            r.version();
            r.isProvisional();
            r.isSuccess();
        }
        if (deep) {
            // Every public no-argument method, and the values they return, recursively.
            walk(m, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    private static void validators(SipMessage m) {
        if (m instanceof SipRequest r) {
            walkQuietly(() -> PROXY.validate(r));
            walkQuietly(() -> UAS.validate(r));
            walkQuietly(() -> PROXY.withExtensions(Set.of("100rel", "timer")).validate(r));
            walkQuietly(() -> UAS.withContentTypes(Set.of("text/plain")).validate(r));
        } else if (m instanceof SipResponse r) {
            walkQuietly(() -> ResponseValidator.discardReason(r));
        }
    }

    /** The edits a proxy or UAS makes, each on its own; the results are serialized and re-parsed. */
    private static void edits(SipMessage m, byte[] input) {
        List<SipMessage> out = new ArrayList<>();
        if (m instanceof SipRequest r) {
            attempt(out, () -> r.edit().pushVia(OUR_VIA).build());
            attempt(out, () -> r.edit().popVia().build());
            attempt(out, () -> r.edit().replaceTopVia(OUR_VIA.withParam("received", "192.0.2.1")).build());
            attempt(out, () -> r.edit().addRecordRoute(OUR_RR).build());
            attempt(out, () -> r.edit().decrementMaxForwards().build());
            attempt(out, () -> r.edit().popRoute().build());
            attempt(out, () -> r.edit().requestUri(SipUri.of("bob", "192.0.2.7")).build());
            attempt(out, () -> r.edit().set("X-Harness", "1").add("X-Harness", "2").remove("Subject").build());
            attempt(out, () -> r.edit().body("v=0\r\n", "application/sdp").build());
            attempt(out, () -> r.edit().body(new byte[0], null).build());
            attempt(out, () -> r.edit().pushVia(OUR_VIA).decrementMaxForwards().addRecordRoute(OUR_RR).popRoute().build());
            attempt(out, () -> SipResponse.forRequest(r, 100, "Trying"));
            attempt(out, () -> SipResponse.forRequest(r, 200, "OK").edit().toTag("harness").build());
        } else if (m instanceof SipResponse r) {
            attempt(out, () -> r.edit().popVia().build());
            attempt(out, () -> r.edit().toTag("harness").build());
            attempt(out, () -> r.edit().status(503, "Service Unavailable").build());
            attempt(out, () -> r.edit().set("X-Harness", "1").body("hello", "text/plain").build());
        }
        for (SipMessage e : out) {
            byte[] b = e.toBytes();
            quietly(() -> {
                SipMessage again = SipParser.parse(b);
                accessorsQuietly(again);
                return again;
            });
        }
    }

    private static void accessorsQuietly(SipMessage m) {
        quietly(() -> {
            accessors(m, false);
            return null;
        });
    }

    private static void attempt(List<SipMessage> out, ThrowingSupplier<SipMessage> edit) {
        try {
            out.add(edit.get());
        } catch (SipParseException e) {
            // a malformed header the edit had to read: allowed
        }
    }

    /**
     * A parsed message serializes to exactly its own bytes: re-parsing them must succeed and give
     * the same bytes again, with the same header lines.
     */
    static void checkReparse(SipMessage m, byte[] input) {
        byte[] b1 = m.toBytes();
        SipMessage m2;
        try {
            m2 = SipParser.parse(b1.clone());
        } catch (Throwable t) {
            throw new CodecFailure("re-parse of toBytes() of a parsed message", input, t);
        }
        byte[] b2 = m2.toBytes();
        if (!Arrays.equals(b1, b2) || m.headerCount() != m2.headerCount()) {
            throw new CodecFailure("re-parse of toBytes()", input,
                new AssertionError("serialization is not stable: " + show(b1) + " vs " + show(b2)));
        }
    }

    /** parseDatagram at an offset inside a larger buffer must give what parse gives. */
    static void checkDatagramOffset(byte[] data, SipMessage whole) {
        byte[] padded = new byte[data.length + 7];
        Arrays.fill(padded, (byte) 'Z');
        System.arraycopy(data, 0, padded, 3, data.length);
        SipMessage m;
        try {
            m = SipParser.parseDatagram(padded, 3, data.length);
        } catch (SipParseException e) {
            if (whole != null) {
                throw new CodecFailure("parseDatagram at offset 3", data,
                    new AssertionError("parse succeeded but parseDatagram failed: " + e.getMessage()));
            }
            return;
        } catch (Throwable t) {
            throw new CodecFailure("SipParser.parseDatagram", data, t);
        }
        if (whole == null) {
            throw new CodecFailure("parseDatagram at offset 3", data,
                new AssertionError("parse failed but parseDatagram succeeded"));
        }
        if (!Arrays.equals(m.toBytes(), whole.toBytes())) {
            throw new CodecFailure("parseDatagram at offset 3", data,
                new AssertionError("differs from parse: " + show(m.toBytes())));
        }
        exerciseLightly(m, data, "parseDatagram at offset 3");
    }

    /** One framing event: a result and its length, or the exception class. */
    record Event(String kind, int length) {
    }

    /**
     * Frames {@code data} as a TCP stream, once with all bytes available and once arriving
     * {@code chunk} bytes at a time; both must give the same elements. Every framed message is
     * parsed with parseFrame and exercised.
     */
    static List<Event> frame(byte[] data, int chunk) {
        int max = 4096;
        List<Event> whole = frameWhole(data, max, true);
        List<Event> pieces = framePieces(data, max, chunk);
        if (!whole.equals(pieces)) {
            throw new CodecFailure("StreamFramer fed " + chunk + " bytes at a time", data,
                new AssertionError("events " + pieces + " differ from " + whole + " when fed at once"));
        }
        return whole;
    }

    private static List<Event> frameWhole(byte[] data, int max, boolean parse) {
        List<Event> events = new ArrayList<>();
        StreamFramer f = new StreamFramer(max);
        int off = 0;
        while (true) {
            StreamFramer.Result r;
            try {
                r = f.next(data, off, data.length - off);
            } catch (SipParseException e) {
                events.add(new Event("SipParseException", 0));
                return events;
            } catch (Throwable t) {
                throw new CodecFailure("StreamFramer.next", data, t);
            }
            if (r == StreamFramer.Result.NEED_MORE) {
                return events;
            }
            int len = f.length();
            if (len <= 0 || len > data.length - off) {
                throw new CodecFailure("StreamFramer.next", data,
                    new AssertionError(r + " with length " + len + " at " + off + " of " + data.length));
            }
            events.add(new Event(r.name(), len));
            if (r == StreamFramer.Result.MESSAGE && parse) {
                parseFrame(data, off, len);
            }
            off += len;
        }
    }

    private static List<Event> framePieces(byte[] data, int max, int chunk) {
        List<Event> events = new ArrayList<>();
        StreamFramer f = new StreamFramer(max);
        int off = 0;
        int avail = Math.min(chunk, data.length);
        while (true) {
            StreamFramer.Result r;
            try {
                r = f.next(data, off, avail - off);
            } catch (SipParseException e) {
                events.add(new Event("SipParseException", 0));
                return events;
            } catch (Throwable t) {
                throw new CodecFailure("StreamFramer.next (in pieces)", data, t);
            }
            if (r == StreamFramer.Result.NEED_MORE) {
                if (avail == data.length) {
                    return events;
                }
                avail = Math.min(avail + chunk, data.length);
                continue;
            }
            int len = f.length();
            if (len <= 0 || len > avail - off) {
                throw new CodecFailure("StreamFramer.next (in pieces)", data,
                    new AssertionError(r + " with length " + len + " at " + off + " of " + avail));
            }
            events.add(new Event(r.name(), len));
            off += len;
        }
    }

    private static void parseFrame(byte[] data, int off, int len) {
        SipMessage m;
        try {
            m = SipParser.parseFrame(data.clone(), off, len);
        } catch (SipParseException e) {
            if (e.partial() instanceof SipMessage partial) {
                exerciseLightly(partial, data, "partial framed message");
            }
            return;
        } catch (Throwable t) {
            throw new CodecFailure("SipParser.parseFrame", data, t);
        }
        exerciseLightly(m, data, "framed message");
    }

    // ---------------------------------------------------------------- reflective walk

    /**
     * Calls every public no-argument instance method of a codec value and walks what it returns:
     * lists, optionals, map entries and further codec values, to a fixed depth. Each call may throw
     * SipParseException (the value is malformed) but nothing else.
     */
    static void walk(Object o, int depth, Set<Object> seen) {
        if (o == null || depth > MAX_DEPTH || o instanceof String || o instanceof Number || o instanceof Boolean
                || o instanceof Character || o instanceof Enum<?> || o instanceof byte[] || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            for (Object e : c) {
                walk(e, depth + 1, seen);
            }
            return;
        }
        if (o instanceof Optional<?> opt) {
            opt.ifPresent(v -> walk(v, depth + 1, seen));
            return;
        }
        if (o instanceof Map.Entry<?, ?> e) {
            walk(e.getKey(), depth + 1, seen);
            walk(e.getValue(), depth + 1, seen);
            return;
        }
        if (o instanceof Object[] arr) {
            for (Object e : arr) {
                walk(e, depth + 1, seen);
            }
            return;
        }
        Class<?> c = o.getClass();
        if (!c.getName().startsWith("io.tandem.sip.")) {
            return;
        }
        o.toString();
        o.hashCode();
        o.equals(o);
        for (Method method : publicMethods(c)) {
            Object v;
            try {
                v = method.invoke(o);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SipParseException) {
                    continue;
                }
                throw new WalkFailure(c.getSimpleName() + "." + method.getName() + "()", e.getCause());
            } catch (IllegalAccessException e) {
                continue;
            }
            walk(v, depth + 1, seen);
        }
    }

    /** A failure inside the reflective walk, naming the method. */
    static final class WalkFailure extends RuntimeException {
        WalkFailure(String method, Throwable cause) {
            super(method + " threw " + cause, cause);
        }
    }

    private static final Map<Class<?>, List<Method>> METHODS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<Method> publicMethods(Class<?> c) {
        return METHODS.computeIfAbsent(c, k -> {
            List<Method> out = new ArrayList<>();
            for (Method m : k.getMethods()) {
                if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class
                        && !SKIP.contains(m.getName()) && Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                    out.add(m);
                }
            }
            out.sort(java.util.Comparator.comparing(Method::getName));
            return List.copyOf(out);
        });
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get();
    }

    /** Runs {@code s}; SipParseException is allowed, anything else is rethrown. */
    private static void quietly(ThrowingSupplier<?> s) {
        try {
            s.get();
        } catch (SipParseException e) {
            // allowed
        }
    }

    /** Runs {@code s} and walks its value; SipParseException is allowed, anything else is rethrown. */
    private static void walkQuietly(ThrowingSupplier<?> s) {
        try {
            walk(s.get(), 1, Collections.newSetFromMap(new IdentityHashMap<>()));
        } catch (SipParseException e) {
            // allowed
        }
    }

    private static void guard(String what, byte[] input, Runnable r) {
        try {
            r.run();
        } catch (CodecFailure f) {
            throw f;
        } catch (WalkFailure w) {
            throw new CodecFailure(what + ": " + w.getMessage(), input, w.getCause());
        } catch (Throwable t) {
            throw new CodecFailure(what, input, t);
        }
    }

    /** The bytes as a Java string literal (printable ASCII kept, the rest escaped), cut at 2000. */
    static String show(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 16).append('"');
        for (int i = 0; i < b.length && i < 2000; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\u%04x", c));
                    }
                }
            }
        }
        if (b.length > 2000) {
            sb.append("...");
        }
        return sb.append("\" (").append(b.length).append(" bytes)").toString();
    }
}
