package io.tandem.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * A {@code kind: Number} resource: a PSTN number reached through a Trunk and, for calls from the PSTN,
 * routed to {@code location.aorLink}. (Named PhoneNumber so as not to hide {@link java.lang.Number}.)
 */
public record PhoneNumber(String apiVersion, String ref, Metadata metadata, Spec spec) implements Resource {
    public PhoneNumber {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(spec, "spec");
    }

    /**
     * @param trunkRef {@code spec.trunkRef}, or null
     * @param location {@code spec.location}
     */
    public record Spec(String trunkRef, Location location) {
        public Spec {
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * @param telUrl {@code spec.location.telUrl}, e.g. {@code tel:+17066041487}
     * @param aorLink {@code spec.location.aorLink} ({@code sip:} or {@code backend:} URI), or null
     * @param sessionAffinityHeader {@code spec.location.sessionAffinityHeader}, or null
     * @param extraHeaders {@code spec.location.extraHeaders}, empty when absent
     */
    public record Location(String telUrl, String aorLink, String sessionAffinityHeader, List<Header> extraHeaders) {
        public Location {
            Objects.requireNonNull(telUrl, "telUrl");
            extraHeaders = extraHeaders == null ? List.of() : List.copyOf(extraHeaders);
        }
    }

    /** A header added to requests routed to the number's AOR. */
    public record Header(String name, String value) {
    }

    @Override
    public Kind kind() {
        return Kind.NUMBER;
    }

    public String telUrl() {
        return spec.location().telUrl();
    }

    /** The number without its {@code tel:} scheme, e.g. {@code +17066041487}. */
    public String number() {
        return telUrl().substring(4);
    }

    public String trunkRef() {
        return spec.trunkRef();
    }

    public String aorLink() {
        return spec.location().aorLink();
    }
}
