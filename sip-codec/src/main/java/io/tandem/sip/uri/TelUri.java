package io.tandem.sip.uri;

import io.tandem.sip.Parameters;
import io.tandem.sip.SipParseException;
import java.util.Objects;

/**
 * An immutable tel: URI (RFC 3966): a global number ({@code +1-212-555-0101}) or a local number
 * with a required phone-context, plus parameters (ext, isub, phone-context, others) in order.
 * {@link #toString()} of a parsed URI is exactly the parsed text. {@link #equivalentTo} follows
 * RFC 3966 §4; {@code equals}/{@code hashCode} are structural (number as written, parameters).
 */
public final class TelUri implements Uri {
    private final String number;
    private final boolean global;
    private final Parameters params;
    private String text; // lazily rendered for built URIs

    TelUri(String text, String number, boolean global, Parameters params) {
        this.text = text;
        this.number = number;
        this.global = global;
        this.params = params;
    }

    /** Parses a tel: URI; fails with {@link SipParseException} for any other scheme. */
    public static TelUri parse(String text) {
        Uri u = Uri.parse(text);
        if (u instanceof TelUri t) {
            return t;
        }
        throw new SipParseException(TelUriParser.WHERE, "not a tel URI", 0);
    }

    /** {@code tel:number} for a global number such as {@code +1-212-555-0101}. */
    public static TelUri of(String number) {
        return build(number, Parameters.EMPTY);
    }

    /** {@code tel:number;phone-context=context} for a local number. */
    public static TelUri of(String number, String phoneContext) {
        return build(number, Parameters.of("phone-context", phoneContext));
    }

    @Override
    public String scheme() {
        return "tel";
    }

    /** The number as written, with '+' for a global number and any visual separators. */
    public String number() {
        return number;
    }

    /** The number without visual separators ("-", ".", "(", ")"); {@code %23} becomes '#'. */
    public String normalizedNumber() {
        return normalize(number);
    }

    /** True for a global number (starting with '+'). */
    public boolean isGlobal() {
        return global;
    }

    /** All parameters (including ext, isub, phone-context) in order, values as written. */
    public Parameters params() {
        return params;
    }

    public String param(String name) {
        return params.get(name);
    }

    public String ext() {
        return params.get("ext");
    }

    public String isub() {
        return params.get("isub");
    }

    public String phoneContext() {
        return params.get("phone-context");
    }

    /** A copy with parameter {@code name} set (replaced in place or appended); null value for a flag. */
    public TelUri withParam(String name, String value) {
        if (name.indexOf(';') >= 0 || name.indexOf('=') >= 0 || (value != null && value.indexOf(';') >= 0)) {
            throw new IllegalArgumentException("invalid parameter " + name + "=" + value);
        }
        return build(number, params.with(name, value));
    }

    /** A copy without parameter {@code name}; removing phone-context from a local number fails. */
    public TelUri withoutParam(String name) {
        Parameters p = params.without(name);
        return p == params ? this : build(number, p);
    }

    /** Builds by rendering and parsing, so every RFC 3966 rule is checked. */
    private static TelUri build(String number, Parameters params) {
        Objects.requireNonNull(number, "number");
        if (number.indexOf(';') >= 0) {
            throw new IllegalArgumentException("invalid telephone number: " + number);
        }
        String t = params.appendTo(new StringBuilder(32).append("tel:").append(number)).toString();
        try {
            return parse(t);
        } catch (SipParseException e) {
            throw new IllegalArgumentException(e.problem() + ": " + t, e);
        }
    }

    /** Equivalence per RFC 3966 §4. */
    public boolean equivalentTo(TelUri o) {
        if (o == null || global != o.global || !normalize(number).equalsIgnoreCase(normalize(o.number))
            || !sameNames(params, o.params) || !sameNames(o.params, params)) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            String name = params.name(i);
            String a = params.value(i);
            String b = o.params.get(name);
            if (a == null || b == null) {
                if (a != b) {
                    return false;
                }
            } else if (name.equalsIgnoreCase("ext") || (name.equalsIgnoreCase("phone-context") && a.startsWith("+"))) {
                if (!normalize(a).equals(normalize(b))) {
                    return false; // digits compared without visual separators
                }
            } else if (!Escapes.equivalent(a, b, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameNames(Parameters x, Parameters y) {
        for (int i = 0; i < x.size(); i++) {
            if (!y.has(x.name(i))) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escHash = c == '%' && i + 2 < s.length() && s.charAt(i + 1) == '2';
            if (TelUriParser.isSeparator(c) || escHash) {
                if (sb == null) {
                    sb = new StringBuilder(s.length()).append(s, 0, i);
                }
                if (escHash) {
                    sb.append(s.charAt(i + 2) == '3' ? '#' : '*');
                    i += 2;
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TelUri t && number.equals(t.number) && params.equals(t.params);
    }

    @Override
    public int hashCode() {
        return number.hashCode() * 31 + params.hashCode();
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = params.appendTo(new StringBuilder(32).append("tel:").append(number)).toString();
            text = t;
        }
        return t;
    }
}
