package io.tandem.sip;

/**
 * A request method. The methods of RFC 3261 and its common extensions are interned constants, so
 * they compare with {@code ==}; any other token (RFC 3261 §7.1 extension-method) gets its own
 * instance. Method names are case-sensitive (RFC 3261 §7.1).
 */
public final class SipMethod {
    public static final SipMethod INVITE = new SipMethod("INVITE");
    public static final SipMethod ACK = new SipMethod("ACK");
    public static final SipMethod BYE = new SipMethod("BYE");
    public static final SipMethod CANCEL = new SipMethod("CANCEL");
    public static final SipMethod OPTIONS = new SipMethod("OPTIONS");
    public static final SipMethod REGISTER = new SipMethod("REGISTER");
    public static final SipMethod PRACK = new SipMethod("PRACK");
    public static final SipMethod SUBSCRIBE = new SipMethod("SUBSCRIBE");
    public static final SipMethod NOTIFY = new SipMethod("NOTIFY");
    public static final SipMethod PUBLISH = new SipMethod("PUBLISH");
    public static final SipMethod INFO = new SipMethod("INFO");
    public static final SipMethod REFER = new SipMethod("REFER");
    public static final SipMethod MESSAGE = new SipMethod("MESSAGE");
    public static final SipMethod UPDATE = new SipMethod("UPDATE");

    private static final SipMethod[] KNOWN = {INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, PRACK, SUBSCRIBE,
        NOTIFY, PUBLISH, INFO, REFER, MESSAGE, UPDATE};

    private final String name;

    private SipMethod(String name) {
        this.name = name;
    }

    /** The method named by the token in {@code b[s, e)}; interned if known. */
    public static SipMethod of(byte[] b, int s, int e) {
        int len = e - s;
        for (SipMethod m : KNOWN) {
            String n = m.name;
            if (n.length() == len && b[s] == n.charAt(0) && matches(n, b, s)) {
                return m;
            }
        }
        return new SipMethod(new String(b, s, len, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The method with this name; interned if known. */
    public static SipMethod of(String name) {
        for (SipMethod m : KNOWN) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        for (int i = 0; i < name.length(); i++) {
            if (!CharClass.isToken(name.charAt(i)) || name.charAt(i) > 127) {
                throw new IllegalArgumentException("method is not a token: " + name);
            }
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty method");
        }
        return new SipMethod(name);
    }

    private static boolean matches(String n, byte[] b, int s) {
        for (int i = 0; i < n.length(); i++) {
            if (b[s + i] != n.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public String name() {
        return name;
    }

    /** True for the methods that this codec interns. */
    public boolean isKnown() {
        for (SipMethod m : KNOWN) {
            if (m == this) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SipMethod m && m.name.equals(name));
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
