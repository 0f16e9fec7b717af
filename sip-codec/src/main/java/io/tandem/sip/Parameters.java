package io.tandem.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * An immutable, ordered list of {@code ;name=value} parameters (URI parameters or header
 * parameters). Names compare case-insensitively (RFC 3261 §7.3.1, §19.1.4); a flag parameter
 * such as {@code ;lr} has a {@code null} value. Values are kept as written (quoted values keep
 * their quotes), so rendering gives back the original text.
 */
public final class Parameters {
    public static final Parameters EMPTY = new Parameters(new String[0]);

    /** name0, value0, name1, value1, ... */
    private final String[] nv;

    private Parameters(String[] nv) {
        this.nv = nv;
    }

    /** Builds from alternating names and values. */
    public static Parameters of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        return namesAndValues.length == 0 ? EMPTY : new Parameters(namesAndValues.clone());
    }

    public int size() {
        return nv.length / 2;
    }

    public boolean isEmpty() {
        return nv.length == 0;
    }

    public String name(int i) {
        return nv[2 * i];
    }

    public String value(int i) {
        return nv[2 * i + 1];
    }

    public boolean has(String name) {
        return index(name) >= 0;
    }

    /** The value, or null when absent or a flag. Use {@link #has} to tell the two apart. */
    public String get(String name) {
        int i = index(name);
        return i < 0 ? null : nv[i + 1];
    }

    private int index(String name) {
        for (int i = 0; i < nv.length; i += 2) {
            if (nv[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A copy with {@code name} set to {@code value} (replacing in place, or appended). */
    public Parameters with(String name, String value) {
        int i = index(name);
        String[] copy;
        if (i >= 0) {
            copy = nv.clone();
            copy[i + 1] = value;
        } else {
            copy = java.util.Arrays.copyOf(nv, nv.length + 2);
            copy[nv.length] = name;
            copy[nv.length + 1] = value;
        }
        return new Parameters(copy);
    }

    /** A copy without {@code name}. */
    public Parameters without(String name) {
        int i = index(name);
        if (i < 0) {
            return this;
        }
        String[] copy = new String[nv.length - 2];
        System.arraycopy(nv, 0, copy, 0, i);
        System.arraycopy(nv, i + 2, copy, i, nv.length - i - 2);
        return copy.length == 0 ? EMPTY : new Parameters(copy);
    }

    public List<String> names() {
        List<String> out = new ArrayList<>(size());
        for (int i = 0; i < nv.length; i += 2) {
            out.add(nv[i]);
        }
        return Collections.unmodifiableList(out);
    }

    /** Appends {@code ;name=value...} to {@code sb}. */
    public StringBuilder appendTo(StringBuilder sb) {
        for (int i = 0; i < nv.length; i += 2) {
            sb.append(';').append(nv[i]);
            if (nv[i + 1] != null) {
                sb.append('=').append(nv[i + 1]);
            }
        }
        return sb;
    }

    /**
     * Parses {@code *( ";" name [ "=" value ] )} from the lexer, stopping at any byte that is not
     * part of a parameter (for header parameters: ',' or end; for URI parameters: '?' or '>').
     * Values may be tokens, quoted strings ({@code quotedAllowed}) or IPv6 references.
     *
     * @param nameValueClass accepted characters of names and unquoted values
     */
    public static Parameters parse(Lexer lx, java.util.function.IntPredicate nameValueClass, boolean quotedAllowed, boolean lwsAllowed) {
        List<String> out = null;
        while (true) {
            int save = lx.pos();
            if (lwsAllowed) {
                lx.skipLws();
            }
            if (lx.peek() != ';') {
                lx.pos(save);
                break;
            }
            lx.next();
            if (lwsAllowed) {
                lx.skipLws();
            }
            int s = lx.pos();
            String name = lx.span(nameValueClass);
            if (name.isEmpty()) {
                throw lx.error(lx.atEnd() ? "empty parameter name at the end" : "empty parameter name before '" + (char) lx.peek() + "'");
            }
            String value = null;
            int save2 = lx.pos();
            if (lwsAllowed) {
                lx.skipLws();
            }
            if (lx.peek() == '=') {
                lx.next();
                if (lwsAllowed) {
                    lx.skipLws();
                }
                int vs = lx.pos();
                if (quotedAllowed && lx.peek() == '"') {
                    lx.quotedString();
                    value = lx.utf8(vs, lx.pos());
                } else if (lx.peek() == '[') {
                    while (!lx.atEnd() && lx.peek() != ']') {
                        lx.next();
                    }
                    if (lx.next() != ']') {
                        throw lx.error("unterminated IPv6 reference in parameter " + name);
                    }
                    value = lx.ascii(vs, lx.pos());
                } else {
                    value = lx.span(nameValueClass);
                    if (value.isEmpty()) {
                        throw lx.error("parameter " + name + " has '=' but no value");
                    }
                }
            } else {
                lx.pos(save2);
            }
            if (out == null) {
                out = new ArrayList<>(4);
            }
            out.add(name);
            out.add(value);
            if (s < 0) {
                break;
            }
        }
        return out == null ? EMPTY : new Parameters(out.toArray(new String[0]));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Parameters p) || p.nv.length != nv.length) {
            return false;
        }
        for (int i = 0; i < nv.length; i += 2) {
            if (!nv[i].equalsIgnoreCase(p.nv[i]) || !java.util.Objects.equals(nv[i + 1], p.nv[i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < nv.length; i += 2) {
            h = 31 * h + nv[i].toLowerCase(Locale.ROOT).hashCode();
            h = 31 * h + java.util.Objects.hashCode(nv[i + 1]);
        }
        return h;
    }

    @Override
    public String toString() {
        return appendTo(new StringBuilder()).toString();
    }
}
