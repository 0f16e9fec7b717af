package io.tandem.sip;

/**
 * The only exception the codec throws for bad input: it names what is wrong and where.
 *
 * <p>Unchecked, because header values are parsed lazily and an accessor such as
 * {@code message.via()} may be the first to see a malformed value. {@link #offset()} is the byte
 * offset in the message (or in the value being parsed) where the problem was found, or -1.
 */
public final class SipParseException extends RuntimeException {
    private final int offset;
    private final String where;
    private final String problem;
    private final transient Object partial;

    public SipParseException(String where, String problem, int offset) {
        this(where, problem, offset, null);
    }

    public SipParseException(String where, String problem, int offset, Object partial) {
        super(where + ": " + problem + (offset >= 0 ? " (at offset " + offset + ")" : ""), null, false, false);
        this.where = where;
        this.problem = problem;
        this.offset = offset;
        this.partial = partial;
    }

    /** The element that failed to parse, e.g. {@code "Via"}, {@code "Request-Line"}, {@code "sip URI"}. */
    public String where() {
        return where;
    }

    /** Byte offset where the problem was found, or -1 if not known. */
    public int offset() {
        return offset;
    }

    /** What is wrong, without the location prefix. */
    public String problem() {
        return problem;
    }

    /**
     * The message as far as it could be framed, when the start line and headers were readable and
     * only a later rule failed (e.g. Content-Length larger than the datagram). A server can build
     * its 400 response from it. {@code null} otherwise. Typed as Object to keep this base package
     * free of the message package; callers cast to {@code io.tandem.sip.message.SipMessage}.
     */
    public Object partial() {
        return partial;
    }
}
