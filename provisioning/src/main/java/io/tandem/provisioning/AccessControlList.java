package io.tandem.provisioning;

import io.tandem.config.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A {@code kind: AccessControlList} resource: allow and deny lists of networks.
 *
 * <p>{@link #allows(InetAddress)} follows Routr: the most specific rule that contains the address wins
 * (Routr 1's ACL helper), so {@code deny: [0.0.0.0/0], allow: [10.0.0.0/8]} lets 10.1.2.3 in and keeps
 * 8.8.8.8 out. Two Tandem choices on top: a deny rule wins over an allow rule of the same size, and an
 * address no rule contains is refused when the allow list is not empty (Routr 2 admits trunk traffic
 * only from its allow list) and admitted otherwise (a deny-only list is a block list).
 */
public record AccessControlList(String apiVersion, String ref, Metadata metadata, Spec spec) implements Resource {
    public AccessControlList {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(spec, "spec");
    }

    /** @param accessControlList {@code spec.accessControlList}; empty lists when absent */
    public record Spec(Rules accessControlList) {
        public Spec {
            accessControlList = accessControlList == null ? Rules.EMPTY : accessControlList;
        }
    }

    /** {@code spec.accessControlList}: the parsed {@code allow} and {@code deny} entries. */
    public record Rules(List<Cidr> allow, List<Cidr> deny) {
        static final Rules EMPTY = new Rules(List.of(), List.of());

        public Rules {
            allow = allow == null ? List.of() : List.copyOf(allow);
            deny = deny == null ? List.of() : List.copyOf(deny);
        }

        /** Evaluates the rules for {@code address} (see {@link AccessControlList}). */
        public boolean allows(InetAddress address) {
            byte[] a = address.getAddress();
            int allowBest = mostSpecific(allow, a);
            int denyBest = mostSpecific(deny, a);
            if (allowBest < 0 && denyBest < 0) {
                return allow.isEmpty();
            }
            return allowBest > denyBest;
        }

        /** The longest prefix among {@code rules} containing {@code a}, or -1. */
        static int mostSpecific(List<Cidr> rules, byte[] a) {
            int best = -1;
            for (int i = 0; i < rules.size(); i++) {
                Cidr c = rules.get(i);
                if (c.prefixLength() > best && c.contains(a)) {
                    best = c.prefixLength();
                }
            }
            return best;
        }
    }

    @Override
    public Kind kind() {
        return Kind.ACCESS_CONTROL_LIST;
    }

    public List<Cidr> allow() {
        return spec.accessControlList().allow();
    }

    public List<Cidr> deny() {
        return spec.accessControlList().deny();
    }

    /** Whether traffic from {@code address} is admitted (see the class comment for the rules). */
    public boolean allows(InetAddress address) {
        return spec.accessControlList().allows(address);
    }
}
