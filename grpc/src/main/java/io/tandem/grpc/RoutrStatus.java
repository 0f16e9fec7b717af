package io.tandem.grpc;

import io.routr.message.ResponseType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Routr's {@code ResponseType} names for SIP status codes (RFC 3261 §21 and the extensions Routr
 * lists), both ways. The class names (SUCCESS, CLIENT_ERROR...) stand for x00 of their class.
 */
final class RoutrStatus {
    private static final Map<ResponseType, Integer> CODES = new EnumMap<>(ResponseType.class);
    private static final Map<Integer, ResponseType> TYPES = new HashMap<>();

    static {
        Object[] table = {
            ResponseType.TRYING, 100, ResponseType.RINGING, 180, ResponseType.CALL_IS_BEING_FORWARDED, 181,
            ResponseType.QUEUED, 182, ResponseType.SESSION_PROGRESS, 183, ResponseType.OK, 200, ResponseType.ACCEPTED, 202,
            ResponseType.MULTIPLE_CHOICES, 300, ResponseType.MOVED_PERMANENTLY, 301, ResponseType.MOVED_TEMPORARILY, 302,
            ResponseType.USE_PROXY, 305, ResponseType.ALTERNATIVE_SERVICE, 380, ResponseType.BAD_REQUEST, 400,
            ResponseType.UNAUTHORIZED, 401, ResponseType.PAYMENT_REQUIRED, 402, ResponseType.FORBIDDEN, 403,
            ResponseType.NOT_FOUND, 404, ResponseType.METHOD_NOT_ALLOWED, 405, ResponseType.NOT_ACCEPTABLE, 406,
            ResponseType.PROXY_AUTHENTICATION_REQUIRED, 407, ResponseType.REQUEST_TIMEOUT, 408, ResponseType.GONE, 410,
            ResponseType.REQUEST_ENTITY_TOO_LARGE, 413, ResponseType.REQUEST_URI_TOO_LONG, 414,
            ResponseType.UNSUPPORTED_MEDIA_TYPE, 415, ResponseType.UNSUPPORTED_URI_SCHEME, 416, ResponseType.BAD_EXTENSION, 420,
            ResponseType.EXTENSION_REQUIRED, 421, ResponseType.INTERVAL_TOO_BRIEF, 423, ResponseType.TEMPORARILY_UNAVAILABLE, 480,
            ResponseType.CALL_OR_TRANSACTION_DOES_NOT_EXIST, 481, ResponseType.LOOP_DETECTED, 482, ResponseType.TOO_MANY_HOPS, 483,
            ResponseType.ADDRESS_INCOMPLETE, 484, ResponseType.AMBIGUOUS, 485, ResponseType.BUSY_HERE, 486,
            ResponseType.REQUEST_TERMINATED, 487, ResponseType.NOT_ACCEPTABLE_HERE, 488, ResponseType.BAD_EVENT, 489,
            ResponseType.REQUEST_PENDING, 491, ResponseType.UNDECIPHERABLE, 493, ResponseType.SERVER_INTERNAL_ERROR, 500,
            ResponseType.NOT_IMPLEMENTED, 501, ResponseType.BAD_GATEWAY, 502, ResponseType.SERVICE_UNAVAILABLE, 503,
            ResponseType.SERVER_TIMEOUT, 504, ResponseType.VERSION_NOT_SUPPORTED, 505, ResponseType.MESSAGE_TOO_LARGE, 513,
            ResponseType.BUSY_EVERYWHERE, 600, ResponseType.DECLINE, 603, ResponseType.DOES_NOT_EXIST_ANYWHERE, 604,
            ResponseType.SESSION_NOT_ACCEPTABLE, 606,
        };
        for (int i = 0; i < table.length; i += 2) {
            CODES.put((ResponseType) table[i], (Integer) table[i + 1]);
            TYPES.put((Integer) table[i + 1], (ResponseType) table[i]);
        }
        CODES.put(ResponseType.SUCCESS, 200);
        CODES.put(ResponseType.REDIRECTION, 300);
        CODES.put(ResponseType.CLIENT_ERROR, 400);
        CODES.put(ResponseType.SERVER_ERROR, 500);
        CODES.put(ResponseType.GLOBAL_ERROR, 600);
    }

    private RoutrStatus() {
    }

    /** The status code Routr means by {@code type}; -1 for UNKNOWN or a value this build does not know. */
    static int codeOf(ResponseType type) {
        Integer c = CODES.get(type);
        return c == null ? -1 : c;
    }

    /** Routr's name for {@code status}, or UNKNOWN when it has none (status_code still says it). */
    static ResponseType typeOf(int status) {
        return TYPES.getOrDefault(status, ResponseType.UNKNOWN);
    }
}
