package io.tandem.sip;

/** Character classes of the RFC 3261 §25.1 grammar, as table lookups on bytes. */
public final class CharClass {
    private static final int TOKEN = 1;
    private static final int WORD = 2;
    private static final int ALPHANUM = 4;
    private static final int UNRESERVED = 8;
    private static final int USER_UNRESERVED = 16;
    private static final int PARAM_UNRESERVED = 32;
    private static final int HNV_UNRESERVED = 64;
    private static final int[] TABLE = new int[256];

    static {
        for (int c = 0; c < 128; c++) {
            int f = 0;
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (alnum) {
                f |= TOKEN | WORD | ALPHANUM | UNRESERVED;
            }
            if ("-.!%*_+`'~".indexOf(c) >= 0) {
                f |= TOKEN;
            }
            if ("-.!%*_+`'~()<>:\\\"/[]?{}".indexOf(c) >= 0) {
                f |= WORD;
            }
            if ("-_.!~*'()".indexOf(c) >= 0) {
                f |= UNRESERVED;
            }
            if ("&=+$,;?/".indexOf(c) >= 0) {
                f |= USER_UNRESERVED;
            }
            if ("[]/:&+$".indexOf(c) >= 0) {
                f |= PARAM_UNRESERVED;
            }
            if ("[]/?:+$".indexOf(c) >= 0) {
                f |= HNV_UNRESERVED;
            }
            TABLE[c] = f;
        }
    }

    private CharClass() {
    }

    /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
    public static boolean isToken(int c) {
        return (TABLE[c & 0xff] & TOKEN) != 0;
    }

    /** word characters, as in Call-ID (RFC 3261 §25.1). */
    public static boolean isWord(int c) {
        return (TABLE[c & 0xff] & WORD) != 0;
    }

    public static boolean isAlphanum(int c) {
        return (TABLE[c & 0xff] & ALPHANUM) != 0;
    }

    public static boolean isUnreserved(int c) {
        return (TABLE[c & 0xff] & UNRESERVED) != 0;
    }

    public static boolean isUserUnreserved(int c) {
        return (TABLE[c & 0xff] & USER_UNRESERVED) != 0;
    }

    public static boolean isParamUnreserved(int c) {
        return (TABLE[c & 0xff] & PARAM_UNRESERVED) != 0;
    }

    public static boolean isHnvUnreserved(int c) {
        return (TABLE[c & 0xff] & HNV_UNRESERVED) != 0;
    }

    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    public static boolean isWsp(int c) {
        return c == ' ' || c == '\t';
    }

    public static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
