package io.tandem.sip.validate;

import io.tandem.sip.SipMethod;
import io.tandem.sip.SipParseException;
import io.tandem.sip.auth.Credentials;
import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.header.MediaType;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a parsed request against the rules of RFC 3261 §8.2 (a UAS) or §16.3 (a proxy) and
 * says which error response a server must send, or null when the request may be processed.
 * Immutable and thread-safe; build one per role with {@link #proxy()} or {@link #uas()}.
 */
public final class RequestValidator {
    /** Header fields that may appear at most once (RFC 3261 §7.3.1, §20). */
    private static final String[] SINGLE = {"To", "From", "CSeq", "Call-ID", "Max-Forwards", "Content-Length",
        "Content-Type", "Expires", "Min-Expires"};
    /** Required in every request (§8.1.1); Max-Forwards is added by a proxy when absent (§16.6 step 3). */
    private static final String[] REQUIRED = {"Via", "To", "From", "Call-ID", "CSeq"};

    private final boolean proxy;
    private final Set<String> schemes;
    private final Set<String> extensions;
    private final Set<String> contentTypes;
    private final Set<String> authSchemes;

    private RequestValidator(boolean proxy, Set<String> schemes, Set<String> extensions, Set<String> contentTypes,
                             Set<String> authSchemes) {
        this.proxy = proxy;
        this.schemes = schemes;
        this.extensions = extensions;
        this.contentTypes = contentTypes;
        this.authSchemes = authSchemes;
    }

    /** Proxy rules (§16.3): syntax, URI scheme, Max-Forwards, Proxy-Require. */
    public static RequestValidator proxy() {
        return new RequestValidator(true, Set.of("sip", "sips", "tel"), Set.of("path", "outbound", "gruu"),
            Set.of("application/sdp"), Set.of("digest"));
    }

    /** UAS rules (§8.2): syntax, URI scheme, Require, Content-Type, Accept, Authorization scheme. */
    public static RequestValidator uas() {
        return new RequestValidator(false, Set.of("sip", "sips", "tel"), Set.of("path", "outbound", "gruu"),
            Set.of("application/sdp"), Set.of("digest"));
    }

    /** A copy that supports these option tags (Require / Proxy-Require). */
    public RequestValidator withExtensions(Set<String> optionTags) {
        return new RequestValidator(proxy, schemes, lower(optionTags), contentTypes, authSchemes);
    }

    /** A copy that understands these body types ("type/subtype"). */
    public RequestValidator withContentTypes(Set<String> types) {
        return new RequestValidator(proxy, schemes, extensions, lower(types), authSchemes);
    }

    private static Set<String> lower(Set<String> s) {
        Set<String> out = new java.util.HashSet<>();
        for (String x : s) {
            out.add(x.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(out);
    }

    /** The error response the request calls for, or null if it may be processed. */
    public Rejection validate(SipRequest r) {
        // §8.2 / §16.3 step 1: version (505), then syntax and required headers (400).
        if (!r.version().equalsIgnoreCase("SIP/2.0")) {
            return Rejection.of(505, "Version Not Supported", "SIP-Version " + r.version() + " is not supported");
        }
        for (String h : REQUIRED) {
            if (!r.hasHeader(h)) {
                return Rejection.of(400, "Missing " + h + " Header", "required header " + h + " is missing");
            }
        }
        for (String h : SINGLE) {
            if (r.headerLines(h) > 1) {
                return Rejection.of(400, "Multiple " + h + " Values", h + " may appear only once");
            }
        }
        // Parse before splitting single values at commas: a comma that makes a value malformed,
        // as in an unquoted display name "Watson, Thomas <sip:...>", is reported as the syntax
        // error it is, not as two values (RFC 4475 §3.1.2.15).
        Rejection syntax = syntax(r);
        if (syntax != null) {
            return syntax;
        }
        for (String h : SINGLE) {
            if (r.headerLines(h) == 1 && r.headerValueCount(h) > 1) {
                return Rejection.of(400, "Multiple " + h + " Values", h + " may appear only once");
            }
        }
        SipMethod cseqMethod = r.cseq().method();
        if (!cseqMethod.equals(r.method())) {
            return Rejection.of(400, "CSeq Method Mismatch",
                "CSeq method " + cseqMethod + " differs from the request method " + r.method());
        }
        // Request-URI: no headers (§19.1.5), a scheme we serve (§8.2.2.1, §16.3 step 2: 416).
        Uri uri = r.requestUri();
        // headers() is never null (an empty list when the URI has none): test the raw part.
        if (uri instanceof SipUri su && su.headersRaw() != null) {
            return Rejection.of(400, "Bad Request-URI", "the Request-URI must not contain headers (RFC 3261 §19.1.5)");
        }
        if (!schemes.contains(uri.scheme().toLowerCase(Locale.ROOT))) {
            return Rejection.of(416, "Unsupported URI Scheme", "Request-URI scheme " + uri.scheme() + " is not supported");
        }
        return proxy ? proxyRules(r) : uasRules(r);
    }

    /** Forces the parse of every typed header present, so that a malformed one gives 400 naming it. */
    private static Rejection syntax(SipRequest r) {
        // The Request-URI is named as such: its parse error says only "sip URI" or "URI"
        // (RFC 5118 §4.2: the 400 must be attributed to the Request-URI).
        try {
            r.requestUri();
        } catch (SipParseException e) {
            return Rejection.of(400, "Bad Request-URI", "Request-URI: " + e.getMessage());
        }
        try {
            r.vias();
            r.from();
            r.to();
            r.callId();
            r.cseq();
            r.maxForwards();
            r.contacts();
            r.routes();
            r.recordRoutes();
            r.paths();
            r.expires();
            r.minExpires();
            r.contentLength();
            r.contentType();
            r.supported();
            r.require();
            r.proxyRequire();
            r.accept();
            r.authorization();
            r.proxyAuthorization();
            return null;
        } catch (SipParseException e) {
            return Rejection.of(400, "Bad " + e.where(), e.getMessage());
        }
    }

    private Rejection proxyRules(SipRequest r) {
        // §16.3 step 3: Max-Forwards 0 gets 483 (OPTIONS to the proxy itself may be answered: §11).
        if (r.maxForwards() == 0) {
            return Rejection.of(483, "Too Many Hops", "Max-Forwards is 0");
        }
        // §16.3 step 5: Proxy-Require.
        return unsupported(r.proxyRequire(), r.method(), "Proxy-Require");
    }

    private Rejection uasRules(SipRequest r) {
        // §20.17, §25.1: SIP-date = rfc1123-date, whose zone is "GMT" only. A UAS rejects a bad
        // Date (RFC 4475 §3.1.2.12); a proxy ignores it and forwards it unchanged (§16.3 step 1).
        String date = r.header("Date");
        if (date != null) {
            String problem = dateProblem(date);
            if (problem != null) {
                return Rejection.of(400, "Bad Date", "Date: " + problem);
            }
        }
        // §8.2.2.3 Require (never for ACK; CANCEL ignores it).
        Rejection u = unsupported(r.require(), r.method(), "Require");
        if (u != null) {
            return u;
        }
        // §8.2.3: a body we must understand and cannot: 415 with Accept.
        if (r.bodyLength() > 0 && r.contentType() != null && !understood(r.contentType())) {
            String disp = r.header("Content-Disposition");
            boolean optional = disp != null && disp.toLowerCase(Locale.ROOT).contains("handling=optional");
            if (!optional) {
                return new Rejection(415, "Unsupported Media Type", "cannot process a body of type "
                    + r.contentType().type() + "/" + r.contentType().subtype(), List.<String[]>of(new String[] {"Accept", String.join(", ", contentTypes)}));
            }
        }
        // RFC 3261 §21.4.7 / §8.2.3: nothing we could answer with is acceptable to the client.
        List<MediaType> accept = r.accept();
        if (r.method() == SipMethod.INVITE && r.hasHeader("Accept") && !accept.isEmpty()) {
            boolean any = false;
            for (MediaType m : accept) {
                any |= m.type().equals("*") || understood(m);
            }
            if (!any) {
                return Rejection.of(406, "Not Acceptable", "no type listed in Accept can be produced");
            }
        }
        // §22: credentials in a scheme we do not know are as good as none: challenge (401).
        List<Credentials> creds = r.authorization();
        if (!creds.isEmpty()) {
            boolean known = false;
            for (Credentials c : creds) {
                known |= c instanceof DigestCredentials || authSchemes.contains(c.scheme().toLowerCase(Locale.ROOT));
            }
            if (!known) {
                return Rejection.of(401, "Unauthorized", "Authorization scheme " + creds.get(0).scheme() + " is not supported");
            }
        }
        return null;
    }

    /** rfc1123-date = wkday "," SP date1 SP time SP "GMT" (RFC 3261 §25.1), without the zone check. */
    private static final java.util.regex.Pattern RFC1123 = java.util.regex.Pattern.compile(
        "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} "
            + "[0-9]{2}:[0-9]{2}:[0-9]{2} ([!-~]+)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** What is wrong with a Date value, or null if it is an rfc1123-date in GMT. */
    private static String dateProblem(String value) {
        java.util.regex.Matcher m = RFC1123.matcher(value.trim());
        if (!m.matches()) {
            return "not an rfc1123-date (RFC 3261 §20.17): " + value;
        }
        if (!m.group(1).equalsIgnoreCase("GMT")) {
            return "time zone " + m.group(1) + " is not GMT (RFC 3261 §20.17)";
        }
        return null;
    }

    private boolean understood(MediaType m) {
        return contentTypes.contains((m.type() + "/" + m.subtype()).toLowerCase(Locale.ROOT))
            || m.type().equalsIgnoreCase("multipart");
    }

    private Rejection unsupported(List<String> required, SipMethod method, String header) {
        if (required.isEmpty() || method == SipMethod.ACK || method == SipMethod.CANCEL) {
            return null;
        }
        List<String> unknown = new ArrayList<>();
        for (String tag : required) {
            if (!extensions.contains(tag.toLowerCase(Locale.ROOT))) {
                unknown.add(tag);
            }
        }
        if (unknown.isEmpty()) {
            return null;
        }
        String list = String.join(", ", unknown);
        return new Rejection(420, "Bad Extension", header + " lists unsupported " + list,
            List.<String[]>of(new String[] {"Unsupported", list}));
    }
}
