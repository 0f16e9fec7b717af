package io.tandem.edgeport.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * What one or several lookups produced: items in order, plus the first "absent" answer (NXDOMAIN,
 * NODATA: try the next step of RFC 3263) and the first hard failure (timeout, SERVFAIL...).
 * Stages never fail exceptionally; errors travel here so that partial results still count.
 */
record Found<T>(List<T> items, SipResolutionException absent, SipResolutionException failed) {

    static <T> Found<T> none() {
        return new Found<>(List.of(), null, null);
    }

    static <T> Found<T> of(List<T> items) {
        return new Found<>(List.copyOf(items), null, null);
    }

    static <T> Found<T> error(SipResolutionException e) {
        boolean soft = e.reason() == SipResolutionException.Reason.NXDOMAIN
            || e.reason() == SipResolutionException.Reason.NODATA;
        return new Found<>(List.of(), soft ? e : null, soft ? null : e);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Empty and something went wrong: later steps must not hide it. */
    boolean hasFailed() {
        return items.isEmpty() && failed != null;
    }

    /** Nothing found here: the caller may go on to the next step of §4.1/§4.2. */
    boolean goOn() {
        return items.isEmpty() && failed == null;
    }

    /** The same errors, other item type (for an empty result). */
    <R> Found<R> errorsOnly() {
        return new Found<>(List.of(), absent, failed);
    }

    /** When empty, an absence becomes a failure: records existed but led nowhere (RFC 3263 §4.2). */
    Found<T> hardened() {
        return items.isEmpty() && failed == null && absent != null ? new Found<>(items, null, absent) : this;
    }

    Found<T> plus(Found<T> o) {
        List<T> all;
        if (o.items.isEmpty()) {
            all = items;
        } else if (items.isEmpty()) {
            all = o.items;
        } else {
            all = new ArrayList<>(items);
            all.addAll(o.items);
            all = List.copyOf(all);
        }
        return new Found<>(all, absent != null ? absent : o.absent, failed != null ? failed : o.failed);
    }

    /** The error to report when nothing was found: a failure first, else the absence. */
    SipResolutionException problem() {
        return failed != null ? failed : absent;
    }
}
