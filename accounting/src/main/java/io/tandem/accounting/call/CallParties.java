package io.tandem.accounting.call;

/**
 * Who a call is between, as the admission found it from the provisioned resources: kinds are
 * {@code agent}, {@code peer}, {@code trunk} or {@code number}; null when not known.
 *
 * @param direction {@code inbound} (from a trunk), {@code outbound} (to a trunk) or {@code internal}
 * @param tenant the Domain ref of the Agent on either side, or null
 * @param callerE164 the caller's number in E.164 (the asserted caller ID toward a trunk), or null
 * @param calleeE164 the callee's number in E.164, or null
 */
public record CallParties(String sourceKind, String sourceRef, String destinationKind, String destinationRef,
                          String direction, String tenant, String callerE164, String calleeE164) {
    public static final CallParties UNKNOWN = new CallParties(null, null, null, null, null, null, null, null);

    /** The trunk of either side, or null. */
    public String trunkRef() {
        if ("trunk".equals(destinationKind)) {
            return destinationRef;
        }
        return "trunk".equals(sourceKind) ? sourceRef : null;
    }
}
