package io.tandem.dispatcher;

import dev.cel.runtime.CelVariableResolver;
import io.tandem.processor.MessageContext;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.TelUri;
import io.tandem.sip.uri.Uri;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The CEL activation for one request: values are computed when an expression reads them, and the
 * headers map and parsed Request-URI are kept for the other entries tried for the same request.
 * Used by one thread at a time.
 */
final class RequestVars implements CelVariableResolver {
    private final MessageContext ctx;
    private Map<String, String> headers;
    private Uri uri;

    RequestVars(MessageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Optional<Object> find(String name) {
        SipRequest req = ctx.request();
        Object v = switch (name) {
            case "method" -> req.method().name();
            case "requestUri" -> req.requestUriText();
            case "requestUriUser" -> switch (uri()) {
                case SipUri s -> orEmpty(s.user());
                case TelUri t -> orEmpty(t.number());
                default -> "";
            };
            case "requestUriHost" -> uri() instanceof SipUri s ? orEmpty(s.host()) : "";
            case "headers" -> headers();
            case "source" -> orEmpty(ctx.sourceHost());
            case "sourcePort" -> (long) ctx.sourcePort();
            case "transport" -> ctx.transport() == null ? "" : ctx.transport().name();
            case "edgePortRef" -> orEmpty(ctx.edgePortRef());
            default -> null;
        };
        return Optional.ofNullable(v);
    }

    private Uri uri() {
        if (uri == null) {
            uri = ctx.request().requestUri();
        }
        return uri;
    }

    /** Lower-case long names (compact forms expanded) to the first value; lookups ignore case. */
    private Map<String, String> headers() {
        if (headers == null) {
            SipRequest req = ctx.request();
            Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < req.headerCount(); i++) {
                m.putIfAbsent(req.headerCanonicalName(i).toLowerCase(Locale.ROOT), req.headerValue(i));
            }
            headers = m;
        }
        return headers;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
