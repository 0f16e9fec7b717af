package io.tandem.provisioning;

import java.util.Objects;

/** A {@code kind: Peer} resource: a trusted SIP entity (Asterisk, FreeSWITCH...) registering with an AOR. */
public record Peer(String apiVersion, String ref, Metadata metadata, Spec spec) implements Resource {
    public Peer {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(spec, "spec");
    }

    /**
     * @param username {@code spec.username}
     * @param aor {@code spec.aor}, e.g. {@code sip:voice@sip.local}
     * @param contactAddr {@code spec.contactAddr} ({@code host[:port]}), or null
     * @param credentialsRef {@code spec.credentialsRef}, or null
     * @param accessControlListRef {@code spec.accessControlListRef}, or null
     * @param loadBalancing {@code spec.loadBalancing}; round-robin without affinity when absent
     * @param maxContacts {@code spec.maxContacts}, -1 (no limit) when absent
     * @param expires {@code spec.expires}, or null
     * @param enabled {@code spec.enabled}, default true
     */
    public record Spec(String username, String aor, String contactAddr, String credentialsRef,
                       String accessControlListRef, LoadBalancing loadBalancing, int maxContacts,
                       Integer expires, boolean enabled) {
        public Spec {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(aor, "aor");
            loadBalancing = loadBalancing == null ? LoadBalancing.DEFAULT : loadBalancing;
        }
    }

    /** {@code spec.loadBalancing}: how calls to the AOR are spread over the Peer's registered contacts. */
    public record LoadBalancing(BalancingAlgorithm algorithm, boolean withSessionAffinity) {
        public static final LoadBalancing DEFAULT = new LoadBalancing(BalancingAlgorithm.ROUND_ROBIN, false);

        public LoadBalancing {
            algorithm = algorithm == null ? BalancingAlgorithm.ROUND_ROBIN : algorithm;
        }
    }

    /** {@code spec.loadBalancing.algorithm}: {@code round-robin} or {@code least-sessions}. */
    public enum BalancingAlgorithm {
        ROUND_ROBIN("round-robin"), LEAST_SESSIONS("least-sessions");

        private final String documentName;

        BalancingAlgorithm(String documentName) {
            this.documentName = documentName;
        }

        public String documentName() {
            return documentName;
        }

        /** The algorithm written {@code s} in a document, or null. */
        public static BalancingAlgorithm parse(String s) {
            for (BalancingAlgorithm a : values()) {
                if (a.documentName.equals(s)) {
                    return a;
                }
            }
            return null;
        }
    }

    @Override
    public Kind kind() {
        return Kind.PEER;
    }

    public String username() {
        return spec.username();
    }

    public String aor() {
        return spec.aor();
    }
}
