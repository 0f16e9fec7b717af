package io.tandem.provisioning;

import java.util.Locale;
import java.util.Objects;

/** A {@code kind: Agent} resource: a SIP user of a Domain (a phone, a softphone). */
public record Agent(String apiVersion, String ref, Metadata metadata, Spec spec) implements Resource {
    public Agent {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(spec, "spec");
    }

    /**
     * @param username {@code spec.username}
     * @param domainRef {@code spec.domainRef}, or null
     * @param credentialsRef {@code spec.credentialsRef}, or null
     * @param privacy {@code spec.privacy}, default {@link Privacy#NONE}
     * @param maxContacts {@code spec.maxContacts}, -1 (no limit) when absent
     * @param expires {@code spec.expires}: overrides the registration expiry the Agent asks for; null when absent
     * @param enabled {@code spec.enabled}, default true
     * @param limits {@code spec.limits} (a Tandem extension), {@link CallLimits#NONE} when absent
     */
    public record Spec(String username, String domainRef, String credentialsRef, Privacy privacy,
                       int maxContacts, Integer expires, boolean enabled, CallLimits limits) {
        public Spec {
            Objects.requireNonNull(username, "username");
            privacy = privacy == null ? Privacy.NONE : privacy;
            limits = limits == null ? CallLimits.NONE : limits;
        }

        /** A spec without limits (Routr's fields only). */
        public Spec(String username, String domainRef, String credentialsRef, Privacy privacy, int maxContacts, Integer expires,
                    boolean enabled) {
            this(username, domainRef, credentialsRef, privacy, maxContacts, expires, enabled, CallLimits.NONE);
        }
    }

    /** {@code spec.privacy}: Routr accepts {@code Private}/{@code None} in any of three casings. */
    public enum Privacy {
        PRIVATE, NONE;

        /** The privacy named {@code s} (any case), or null. */
        public static Privacy parse(String s) {
            return switch (s.toUpperCase(Locale.ROOT)) {
                case "PRIVATE" -> PRIVATE;
                case "NONE" -> NONE;
                default -> null;
            };
        }
    }

    @Override
    public Kind kind() {
        return Kind.AGENT;
    }

    public String username() {
        return spec.username();
    }

    public String domainRef() {
        return spec.domainRef();
    }

    public String credentialsRef() {
        return spec.credentialsRef();
    }
}
