package io.tandem.dispatcher;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates Routr's simple JavaScript matchFuncs to CEL: {@code req => true} becomes
 * {@code true}, {@code req => req.method === 'MESSAGE'} becomes {@code method == 'MESSAGE'}.
 * Accepted in the body: {@code req.<field>} (see {@link #FIELDS}), string and integer literals,
 * {@code true}/{@code false}, {@code === !== == != && || ! < <= > >= ( ) [ ] in}, and the string
 * methods startsWith, endsWith and includes (CEL's contains). Anything else is refused.
 */
final class JsTranslator {
    private static final Pattern ARROW = Pattern.compile(
        "\\s*(?:\\(\\s*([A-Za-z_$][\\w$]*)\\s*\\)|([A-Za-z_$][\\w$]*))\\s*=>(.*?)[\\s;]*", Pattern.DOTALL);
    /** JavaScript paths under the argument, and the CEL variable each one reads. */
    static final Map<String, String> FIELDS = Map.ofEntries(
        Map.entry("method", "method"),
        Map.entry("requestUri", "requestUri"),
        Map.entry("requestUriUser", "requestUriUser"),
        Map.entry("requestUriHost", "requestUriHost"),
        Map.entry("headers", "headers"),
        Map.entry("source", "source"),
        Map.entry("sourcePort", "sourcePort"),
        Map.entry("transport", "transport"),
        Map.entry("edgePortRef", "edgePortRef"),
        // Routr's MessageRequest JSON
        Map.entry("message.requestUri.user", "requestUriUser"),
        Map.entry("message.requestUri.host", "requestUriHost"),
        Map.entry("sender.host", "source"),
        Map.entry("sender.port", "sourcePort"),
        Map.entry("sender.transport", "transport"));
    private static final Map<String, String> STRING_METHODS = Map.of(
        "startsWith", "startsWith", "endsWith", "endsWith", "includes", "contains");
    /** Longest first. */
    private static final List<String[]> OPERATORS = List.of(
        new String[] {"===", "=="}, new String[] {"!==", "!="}, new String[] {"==", "=="}, new String[] {"!=", "!="},
        new String[] {"&&", "&&"}, new String[] {"||", "||"}, new String[] {"<=", "<="}, new String[] {">=", ">="},
        new String[] {"<", "<"}, new String[] {">", ">"}, new String[] {"!", "!"}, new String[] {"(", "("},
        new String[] {")", ")"}, new String[] {"[", "["}, new String[] {"]", "]"}, new String[] {",", ","});

    private JsTranslator() {
    }

    /**
     * The CEL form of an arrow function; any other text is returned unchanged (taken as CEL).
     *
     * @throws IllegalArgumentException naming what cannot be translated
     */
    static String translate(String text) {
        Matcher m = ARROW.matcher(text);
        if (!m.matches()) {
            return text;
        }
        String param = m.group(1) != null ? m.group(1) : m.group(2);
        String body = m.group(3).strip();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the arrow function has no body");
        }
        return new Body(param, body).translate();
    }

    /** One pass over the body, writing CEL as it goes. */
    private static final class Body {
        private final String param;
        private final String src;
        private final StringBuilder out = new StringBuilder();
        private int pos;

        Body(String param, String src) {
            this.param = param;
            this.src = src;
        }

        String translate() {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                    if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                        out.append(' ');
                    }
                } else if (c == '\'' || c == '"') {
                    string(c);
                } else if (c >= '0' && c <= '9') {
                    number();
                } else if (Character.isJavaIdentifierStart(c)) {
                    name();
                } else if (c == '.') {
                    pos++;
                    String method = ident();
                    call(method);
                } else {
                    operator();
                }
            }
            return out.toString().strip();
        }

        private void string(char quote) {
            int start = pos++;
            while (pos < src.length() && src.charAt(pos) != quote) {
                pos += src.charAt(pos) == '\\' ? 2 : 1;
            }
            if (pos >= src.length()) {
                throw refuse("unterminated string " + src.substring(start));
            }
            pos++;
            out.append(src, start, pos);
        }

        private void number() {
            int start = pos;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
            if (pos < src.length() && (src.charAt(pos) == '.' || Character.isJavaIdentifierPart(src.charAt(pos)))) {
                throw refuse("only integer numbers are supported, at " + src.substring(start));
            }
            out.append(src, start, pos);
        }

        private void name() {
            String first = ident();
            if (!first.equals(param)) {
                if (first.equals("true") || first.equals("false") || first.equals("in")) {
                    out.append(first);
                    return;
                }
                throw refuse("unknown name '" + first + "' (only the argument '" + param + "' may be used)");
            }
            StringBuilder path = new StringBuilder();
            String field = null;
            while (pos < src.length() && src.charAt(pos) == '.') {
                int dot = pos++;
                String seg = ident();
                if (field != null && STRING_METHODS.containsKey(seg)) {
                    pos = dot; // a method call on the field: left for the next token
                    break;
                }
                path.append(path.isEmpty() ? "" : ".").append(seg);
                field = FIELDS.get(path.toString());
            }
            if (field == null && pos < src.length() && src.charAt(pos) == '(') {
                throw refuse("unsupported call " + param + "." + path + "(...)");
            }
            if (field == null) {
                throw refuse(path.isEmpty() ? "'" + param + "' used as a whole (read one of its fields, e.g. "
                    + param + ".method)" : "unknown field " + param + "." + path + " (known: " + known() + ")");
            }
            out.append(field);
        }

        private void call(String method) {
            String cel = STRING_METHODS.get(method);
            if (cel == null || pos >= src.length() || src.charAt(pos) != '(') {
                throw refuse("unsupported member ." + method + " (only startsWith, endsWith and includes calls)");
            }
            out.append('.').append(cel);
        }

        private void operator() {
            for (String[] op : OPERATORS) {
                if (src.startsWith(op[0], pos)) {
                    pos += op[0].length();
                    out.append(op[1]);
                    return;
                }
            }
            int end = Math.min(src.length(), pos + 12);
            throw refuse("unsupported JavaScript at '" + src.substring(pos, end) + "'");
        }

        private String ident() {
            int start = pos;
            if (pos < src.length() && Character.isJavaIdentifierStart(src.charAt(pos))) {
                pos++;
                while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) {
                    pos++;
                }
            }
            if (start == pos) {
                throw refuse("expected a name at '" + src.substring(start, Math.min(src.length(), start + 12)) + "'");
            }
            return src.substring(start, pos);
        }

        private IllegalArgumentException refuse(String why) {
            return new IllegalArgumentException("cannot translate the JavaScript matchFunc to CEL: " + why
                + "; write it as a CEL expression over " + String.join(", ", MatchFunc.VARIABLES));
        }

        private static String known() {
            return String.join(", ", FIELDS.keySet().stream().sorted().toList());
        }
    }
}
