package io.tandem.sip.message;

import java.util.Locale;

/**
 * Header field names the codec knows, with their compact forms (RFC 3261 §7.3.3, RFC 3515,
 * RFC 3892, RFC 3265, RFC 4028). Recognition is case-insensitive and works on the raw bytes of a
 * header line, so a parsed message records a small integer id per header instead of a String.
 * Headers not in this list keep {@link #UNKNOWN} and are found by name comparison.
 */
public final class HeaderName {
    public static final int UNKNOWN = -1;

    public static final int VIA = 0;
    public static final int FROM = 1;
    public static final int TO = 2;
    public static final int CALL_ID = 3;
    public static final int CSEQ = 4;
    public static final int CONTACT = 5;
    public static final int MAX_FORWARDS = 6;
    public static final int ROUTE = 7;
    public static final int RECORD_ROUTE = 8;
    public static final int PATH = 9;
    public static final int CONTENT_LENGTH = 10;
    public static final int CONTENT_TYPE = 11;
    public static final int EXPIRES = 12;
    public static final int MIN_EXPIRES = 13;
    public static final int SUPPORTED = 14;
    public static final int REQUIRE = 15;
    public static final int PROXY_REQUIRE = 16;
    public static final int UNSUPPORTED = 17;
    public static final int AUTHORIZATION = 18;
    public static final int PROXY_AUTHORIZATION = 19;
    public static final int WWW_AUTHENTICATE = 20;
    public static final int PROXY_AUTHENTICATE = 21;
    public static final int USER_AGENT = 22;
    public static final int SERVER = 23;
    public static final int ALLOW = 24;
    public static final int ACCEPT = 25;
    public static final int CONTENT_ENCODING = 26;
    public static final int CONTENT_DISPOSITION = 27;
    public static final int SUBJECT = 28;
    public static final int EVENT = 29;
    public static final int ALLOW_EVENTS = 30;
    public static final int REFER_TO = 31;
    public static final int REFERRED_BY = 32;
    public static final int SESSION_EXPIRES = 33;
    public static final int DATE = 34;
    public static final int TIMESTAMP = 35;
    public static final int PRIVACY = 36;
    public static final int P_ASSERTED_IDENTITY = 37;
    public static final int REASON = 38;
    public static final int ACCEPT_ENCODING = 39;
    public static final int ACCEPT_LANGUAGE = 40;
    public static final int AUTHENTICATION_INFO = 41;
    public static final int CONTENT_LANGUAGE = 42;
    public static final int MIME_VERSION = 43;
    public static final int IDENTITY = 44;

    /** Canonical names indexed by id. */
    private static final String[] CANONICAL = {
        "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Max-Forwards", "Route", "Record-Route", "Path",
        "Content-Length", "Content-Type", "Expires", "Min-Expires", "Supported", "Require", "Proxy-Require",
        "Unsupported", "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate",
        "User-Agent", "Server", "Allow", "Accept", "Content-Encoding", "Content-Disposition", "Subject",
        "Event", "Allow-Events", "Refer-To", "Referred-By", "Session-Expires", "Date", "Timestamp", "Privacy",
        "P-Asserted-Identity", "Reason", "Accept-Encoding", "Accept-Language", "Authentication-Info",
        "Content-Language", "MIME-Version", "Identity",
    };

    /** Compact forms (RFC 3261 §7.3.3 and the extensions that define them). */
    private static final Object[][] COMPACT = {
        {"v", VIA}, {"f", FROM}, {"t", TO}, {"i", CALL_ID}, {"m", CONTACT}, {"l", CONTENT_LENGTH},
        {"c", CONTENT_TYPE}, {"k", SUPPORTED}, {"s", SUBJECT}, {"e", CONTENT_ENCODING}, {"o", EVENT},
        {"u", ALLOW_EVENTS}, {"r", REFER_TO}, {"b", REFERRED_BY}, {"x", SESSION_EXPIRES}, {"y", IDENTITY},
    };

    /** Headers whose value is a comma-separated list (RFC 3261 §7.3.1). */
    private static final boolean[] LIST = new boolean[CANONICAL.length];

    // Open-addressing table keyed by a case-insensitive hash of the name bytes.
    private static final int TABLE_SIZE = 256;
    private static final byte[][] KEYS = new byte[TABLE_SIZE][];
    private static final int[] IDS = new int[TABLE_SIZE];
    /** The names as code spells them (canonical, compact, lower case): found without encoding the String. */
    private static final java.util.Map<String, Integer> SPELLED;

    static {
        for (int i = 0; i < CANONICAL.length; i++) {
            put(CANONICAL[i], i);
        }
        for (Object[] c : COMPACT) {
            put((String) c[0], (Integer) c[1]);
        }
        for (int id : new int[] {VIA, CONTACT, ROUTE, RECORD_ROUTE, PATH, SUPPORTED, REQUIRE, PROXY_REQUIRE,
                UNSUPPORTED, ALLOW, ACCEPT, CONTENT_ENCODING, ALLOW_EVENTS, ACCEPT_ENCODING, ACCEPT_LANGUAGE,
                CONTENT_LANGUAGE, P_ASSERTED_IDENTITY, REASON, PRIVACY}) {
            LIST[id] = true;
        }
        java.util.Map<String, Integer> spelled = new java.util.HashMap<>();
        for (int i = 0; i < CANONICAL.length; i++) {
            spelled.put(CANONICAL[i], i);
            spelled.put(CANONICAL[i].toLowerCase(Locale.ROOT), i);
        }
        for (Object[] c : COMPACT) {
            spelled.put((String) c[0], (Integer) c[1]);
        }
        SPELLED = java.util.Map.copyOf(spelled);
    }

    private HeaderName() {
    }

    private static void put(String name, int id) {
        byte[] key = name.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int slot = hash(key, 0, key.length) & (TABLE_SIZE - 1);
        while (KEYS[slot] != null) {
            slot = (slot + 1) & (TABLE_SIZE - 1);
        }
        KEYS[slot] = key;
        IDS[slot] = id;
    }

    private static int hash(byte[] b, int s, int e) {
        int h = e - s;
        for (int i = s; i < e; i++) {
            h = h * 31 + (b[i] | 0x20);
        }
        return h ^ (h >>> 7);
    }

    /** The id of the header name in {@code b[s, e)}, case-insensitive, or {@link #UNKNOWN}. */
    public static int lookup(byte[] b, int s, int e) {
        int slot = hash(b, s, e) & (TABLE_SIZE - 1);
        byte[] key;
        while ((key = KEYS[slot]) != null) {
            if (key.length == e - s && equalsLower(key, b, s)) {
                return IDS[slot];
            }
            slot = (slot + 1) & (TABLE_SIZE - 1);
        }
        return UNKNOWN;
    }

    /** The id of {@code name} (full or compact form), or {@link #UNKNOWN}. */
    public static int lookup(String name) {
        Integer id = SPELLED.get(name);
        if (id != null) {
            return id;
        }
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return lookup(b, 0, b.length);
    }

    private static boolean equalsLower(byte[] lowerKey, byte[] b, int s) {
        for (int i = 0; i < lowerKey.length; i++) {
            int c = b[s + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerKey[i]) {
                return false;
            }
        }
        return true;
    }

    /** The canonical (long) name of a known id. */
    public static String canonical(int id) {
        return CANONICAL[id];
    }

    /** Whether values of this known header are comma-separated lists. */
    public static boolean isList(int id) {
        return id >= 0 && LIST[id];
    }

    public static int count() {
        return CANONICAL.length;
    }
}
