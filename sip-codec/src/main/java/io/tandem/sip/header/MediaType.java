package io.tandem.sip.header;

import io.tandem.sip.CharClass;
import io.tandem.sip.Lexer;
import io.tandem.sip.Parameters;

/** media-type = m-type SLASH m-subtype *(SEMI m-parameter) (RFC 3261 §20.15, §25.1). */
public record MediaType(String type, String subtype, Parameters params) {
    public static MediaType parse(byte[] b, int start, int end, String header) {
        Lexer lx = new Lexer(b, start, end, header);
        lx.skipLws();
        MediaType m = parseOne(lx);
        lx.skipLws();
        if (!lx.atEnd()) {
            throw lx.error("unexpected '" + (char) lx.peek() + "' after the media type");
        }
        return m;
    }

    /** Parses a comma-separated list, as in Accept; an empty value is an empty list. */
    public static java.util.List<MediaType> parseList(byte[] b, int start, int end, String header) {
        Lexer lx = new Lexer(b, start, end, header);
        lx.skipLws();
        java.util.List<MediaType> out = new java.util.ArrayList<>(2);
        if (lx.atEnd()) {
            return out;
        }
        do {
            out.add(parseOne(lx));
        } while (lx.accept(','));
        lx.skipLws();
        if (!lx.atEnd()) {
            throw lx.error("unexpected '" + (char) lx.peek() + "' after the media type");
        }
        return out;
    }

    private static MediaType parseOne(Lexer lx) {
        String type = lx.token();
        lx.expect('/');
        String subtype = lx.token();
        Parameters p = Parameters.parse(lx, CharClass::isToken, true, true);
        return new MediaType(type, subtype, p);
    }

    public static MediaType of(String type, String subtype) {
        return new MediaType(type, subtype, Parameters.EMPTY);
    }

    /** Type and subtype equal, case-insensitively (RFC 2045 §5.1). */
    public boolean sameType(String t, String s) {
        return type.equalsIgnoreCase(t) && subtype.equalsIgnoreCase(s);
    }

    @Override
    public String toString() {
        return params.appendTo(new StringBuilder().append(type).append('/').append(subtype)).toString();
    }
}
