package io.tandem.sip.auth;

import io.tandem.sip.CharClass;
import java.util.List;

/** Validation and rendering helpers shared by the auth header types. */
final class AuthText {
    private AuthText() {
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !CharClass.isToken(c)) {
                return false;
            }
        }
        return true;
    }

    /** True for a byte allowed in token68 (RFC 7235 §2.1), not counting the trailing '='s. */
    static boolean isToken68Char(int c) {
        return c < 128 && CharClass.isAlphanum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    static boolean isToken68(String s) {
        if (s == null) {
            return false;
        }
        int i = 0;
        while (i < s.length() && isToken68Char(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < s.length() && s.charAt(i) == '=') {
            i++;
        }
        return i == s.length();
    }

    /** A control character other than HTAB, which neither token nor quoted-string may hold. */
    static boolean isCtl(int c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }

    static void requireToken(String what, String s) {
        if (!isToken(s)) {
            throw new IllegalArgumentException(what + " must be a token: " + s);
        }
    }

    static void requireText(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        for (int i = 0; i < s.length(); i++) {
            if (isCtl(s.charAt(i))) {
                throw new IllegalArgumentException(what + " holds a control character");
            }
        }
    }

    static void requireTextOrNull(String what, String s) {
        if (s != null) {
            requireText(what, s);
        }
    }

    static void requireTokenOrNull(String what, String s) {
        if (s != null) {
            requireToken(what, s);
        }
    }

    static String require(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("missing parameter '" + name + "'");
        }
        requireText(name, value);
        return value;
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    static boolean isHex(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (hexDigit(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Rejects other params that repeat each other or one of the {@code known} names. */
    static void requireDistinct(List<AuthParam> params, String... known) {
        for (int i = 0; i < params.size(); i++) {
            String n = params.get(i).name();
            for (String k : known) {
                if (k.equalsIgnoreCase(n)) {
                    throw new IllegalArgumentException("parameter '" + n + "' has its own field");
                }
            }
            for (int j = 0; j < i; j++) {
                if (params.get(j).name().equalsIgnoreCase(n)) {
                    throw new IllegalArgumentException("duplicate parameter '" + n + "'");
                }
            }
        }
    }

    static void appendQuoted(StringBuilder sb, String v) {
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /** Appends {@code name=value}, quoted or not, after ", " unless the builder ends with a space. */
    static void appendParam(StringBuilder sb, String name, String value, boolean quoted) {
        if (value == null) {
            return;
        }
        if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ' ') {
            sb.append(", ");
        }
        sb.append(name).append('=');
        if (quoted) {
            appendQuoted(sb, value);
        } else {
            sb.append(value);
        }
    }

    static void appendParams(StringBuilder sb, List<AuthParam> params) {
        for (AuthParam p : params) {
            appendParam(sb, p.name(), p.value(), p.quoted());
        }
    }
}
