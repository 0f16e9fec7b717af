package io.tandem.edgeport.dns;

/**
 * A SIP target could not be resolved (RFC 3263 §4): names the DNS name and record type of the
 * lookup that failed, and why.
 */
public final class SipResolutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a lookup produced nothing. */
    public enum Reason {
        /** The name does not exist (RCODE 3, RFC 1035 §4.1.1). */
        NXDOMAIN,
        /** The name exists but has no record of that type (RFC 2308 §2.2). */
        NODATA,
        /** The server did not answer in time. */
        TIMEOUT,
        /** Anything else: SERVFAIL, REFUSED, I/O error, malformed name or answer. */
        FAILURE
    }

    private final String name;
    private final String recordType;
    private final Reason reason;

    public SipResolutionException(String name, String recordType, Reason reason, String detail, Throwable cause) {
        super("DNS " + recordType + " lookup of " + name + " failed: " + reason
            + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"), cause);
        this.name = name;
        this.recordType = recordType;
        this.reason = reason;
    }

    /** The queried name, without the trailing dot. */
    public String name() {
        return name;
    }

    /** The queried record type: "A", "AAAA", "SRV" or "NAPTR". */
    public String recordType() {
        return recordType;
    }

    public Reason reason() {
        return reason;
    }
}
