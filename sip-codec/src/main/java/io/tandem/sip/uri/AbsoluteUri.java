package io.tandem.sip.uri;

import java.util.Locale;

/**
 * A URI of a scheme other than sip, sips and tel ({@code absoluteURI}, RFC 3261 §25.1), e.g.
 * {@code http://...}, {@code mailto:...}, {@code urn:...}. The part after the scheme is kept opaque.
 * {@code equals} compares the scheme ignoring case and the rest exactly.
 */
public final class AbsoluteUri implements Uri {
    private final String scheme;
    private final String rest;
    private final String text;

    AbsoluteUri(String scheme, String rest, String text) {
        this.scheme = scheme;
        this.rest = rest;
        this.text = text;
    }

    /** Builds {@code scheme:rest}; the result is checked by parsing it. */
    public static AbsoluteUri of(String scheme, String rest) {
        if (!UriParser.isScheme(scheme)) {
            throw new IllegalArgumentException("invalid scheme: " + scheme);
        }
        Uri u;
        try {
            u = Uri.parse(scheme + ":" + rest);
        } catch (io.tandem.sip.SipParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!(u instanceof AbsoluteUri a)) {
            throw new IllegalArgumentException("scheme " + scheme + " has its own URI class");
        }
        return a;
    }

    /** The scheme, lower-cased. */
    @Override
    public String scheme() {
        return scheme.toLowerCase(Locale.ROOT);
    }

    /** The scheme as written. */
    public String schemeAsWritten() {
        return scheme;
    }

    /** Everything after the first ':', as written. */
    public String schemeSpecificPart() {
        return rest;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbsoluteUri a && scheme.equalsIgnoreCase(a.scheme) && rest.equals(a.rest);
    }

    @Override
    public int hashCode() {
        return scheme().hashCode() * 31 + rest.hashCode();
    }
}
