package io.tandem.provisioning;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** A {@code kind: Domain} resource: the SIP domain Agents belong to, with its egress policies. */
public record Domain(String apiVersion, String ref, Metadata metadata, Spec spec) implements Resource {
    public Domain {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(spec, "spec");
    }

    /**
     * @param accessControlListRef {@code spec.accessControlListRef} (where Routr's loader reads it), or null
     * @param context {@code spec.context}
     */
    public record Spec(String accessControlListRef, Context context, CallLimits limits) {
        public Spec {
            Objects.requireNonNull(context, "context");
            limits = limits == null ? CallLimits.NONE : limits;
        }

        /** A spec without limits (Routr's fields only). */
        public Spec(String accessControlListRef, Context context) {
            this(accessControlListRef, context, CallLimits.NONE);
        }
    }

    /**
     * @param domainUri {@code spec.context.domainUri}, e.g. {@code sip.local}
     * @param accessControlListRef {@code spec.context.accessControlListRef} (where Routr's schema declares it), or null
     * @param egressPolicies {@code spec.context.egressPolicies}, in document order; empty when absent
     * @param numbering {@code spec.context.numbering} (a Tandem extension), or null for the server's default
     */
    public record Context(String domainUri, String accessControlListRef, List<EgressPolicy> egressPolicies,
                          Numbering numbering) {
        public Context {
            Objects.requireNonNull(domainUri, "domainUri");
            egressPolicies = egressPolicies == null ? List.of() : List.copyOf(egressPolicies);
        }

        /** A context without a numbering plan (Routr's fields only). */
        public Context(String domainUri, String accessControlListRef, List<EgressPolicy> egressPolicies) {
            this(domainUri, accessControlListRef, egressPolicies, null);
        }
    }

    /**
     * One egress policy: calls to numbers matching {@code rule} leave through Number {@code numberRef}.
     *
     * @param pattern {@code rule} compiled once
     */
    public record EgressPolicy(String rule, String numberRef, Pattern pattern) {
        public EgressPolicy {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(numberRef, "numberRef");
            pattern = pattern == null ? Pattern.compile(rule) : pattern;
        }

        public EgressPolicy(String rule, String numberRef) {
            this(rule, numberRef, null);
        }

        /** Whether {@code number} matches the rule anywhere (JavaScript {@code RegExp.test}, as Routr does). */
        public boolean matches(CharSequence number) {
            return pattern.matcher(number).find();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EgressPolicy p && rule.equals(p.rule) && numberRef.equals(p.numberRef);
        }

        @Override
        public int hashCode() {
            return rule.hashCode() * 31 + numberRef.hashCode();
        }
    }

    @Override
    public Kind kind() {
        return Kind.DOMAIN;
    }

    public String domainUri() {
        return spec.context().domainUri();
    }

    /** The Domain's ACL: {@code spec.accessControlListRef}, else {@code spec.context.accessControlListRef}, else null. */
    public String accessControlListRef() {
        return spec.accessControlListRef() != null ? spec.accessControlListRef() : spec.context().accessControlListRef();
    }

    /** {@code spec.context.numbering}, or null when the Domain uses the server's default plan. */
    public Numbering numbering() {
        return spec.context().numbering();
    }

    public List<EgressPolicy> egressPolicies() {
        return spec.context().egressPolicies();
    }

    /** The first egress policy whose rule matches {@code number}, or null. */
    public EgressPolicy egressPolicyFor(CharSequence number) {
        for (EgressPolicy p : spec.context().egressPolicies()) {
            if (p.matches(number)) {
                return p;
            }
        }
        return null;
    }
}
