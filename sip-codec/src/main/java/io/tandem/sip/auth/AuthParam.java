package io.tandem.sip.auth;

/**
 * One {@code auth-param} (RFC 3261 §25.1: {@code auth-param-name EQUAL ( token / quoted-string )}).
 * {@code value} is unquoted (quoted-pairs resolved); {@code quoted} says how it is written.
 *
 * @throws IllegalArgumentException if the name is not a token, an unquoted value is not a token,
 *     or a quoted value holds a control character
 */
public record AuthParam(String name, String value, boolean quoted) {
    public AuthParam {
        AuthText.requireToken("parameter name", name);
        if (quoted) {
            AuthText.requireText(name, value);
        } else {
            AuthText.requireToken(name, value);
        }
    }

    /** An unquoted (token) parameter. */
    public static AuthParam token(String name, String value) {
        return new AuthParam(name, value, false);
    }

    /** A quoted-string parameter. */
    public static AuthParam quoted(String name, String value) {
        return new AuthParam(name, value, true);
    }

    /** {@code name=value} or {@code name="value"} with {@code "} and {@code \} escaped. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        AuthText.appendParam(sb, name, value, quoted);
        return sb.toString();
    }
}
