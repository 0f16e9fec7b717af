package io.tandem.sip.validate;

import java.util.List;

/**
 * What a server must answer to a request that breaks a rule: status, reason phrase, and the
 * header lines the answer needs (e.g. Unsupported with 420, Accept with 415; RFC 3261 §8.2).
 * {@code detail} says precisely what was wrong, for logs and for a Warning header.
 */
public record Rejection(int status, String reason, String detail, List<String[]> headers) {
    public Rejection {
        headers = List.copyOf(headers);
    }

    public static Rejection of(int status, String reason, String detail) {
        return new Rejection(status, reason, detail, List.of());
    }

    /** The value of one of {@link #headers()} by name, or null. */
    public String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return status + " " + reason + " (" + detail + ")";
    }
}
