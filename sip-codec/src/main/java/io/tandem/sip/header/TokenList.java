package io.tandem.sip.header;

import io.tandem.sip.Lexer;
import java.util.ArrayList;
import java.util.List;

/**
 * A comma-separated list of tokens, as in Supported, Require, Proxy-Require, Unsupported and
 * Allow (RFC 3261 §20.37, §20.32, §20.29, §20.40, §20.5). An empty value is an empty list.
 */
public final class TokenList {
    private TokenList() {
    }

    public static List<String> parse(byte[] b, int start, int end, String header) {
        Lexer lx = new Lexer(b, start, end, header);
        lx.skipLws();
        List<String> out = new ArrayList<>(4);
        if (lx.atEnd()) {
            return out;
        }
        do {
            out.add(lx.token());
        } while (lx.accept(','));
        lx.skipLws();
        if (!lx.atEnd()) {
            throw lx.error("unexpected '" + (char) lx.peek() + "' in the token list");
        }
        return out;
    }
}
