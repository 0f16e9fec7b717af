package io.tandem.provisioning;

import io.tandem.provisioning.ResourceLoader.Declared;
import io.tandem.provisioning.ResourceLoader.Loaded;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks across documents: unique refs, references to existing resources of the right kind, unique lookup keys.
 * Also notes warnings: what loads but probably does not do what its author meant.
 */
final class CrossChecks {
    private final Map<String, Declared> byRef = new HashMap<>();
    private final Map<String, Loaded> seen = new HashMap<>();
    private final List<ProvisioningError> errors;
    private final List<ProvisioningError> warnings;

    private CrossChecks(List<ProvisioningError> errors, List<ProvisioningError> warnings) {
        this.errors = errors;
        this.warnings = warnings;
    }

    /**
     * Checks {@code loaded} (the valid documents) against {@code declared} (every document with a ref and kind),
     * adding problems to {@code errors} and what loads but deserves a look to {@code warnings}.
     */
    static void check(List<Declared> declared, List<Loaded> loaded, List<ProvisioningError> errors,
                      List<ProvisioningError> warnings) {
        CrossChecks c = new CrossChecks(errors, warnings);
        for (Declared d : declared) {
            Declared first = c.byRef.putIfAbsent(d.ref(), d);
            if (first != null) {
                errors.add(new ProvisioningError(d.file(), d.index(), d.ref(), d.kind(), "ref",
                        "duplicate ref: " + where(first) + " has it already"));
            }
        }
        for (Loaded l : loaded) {
            c.checkResource(l);
        }
    }

    private void checkResource(Loaded l) {
        switch (l.resource()) {
            case Agent a -> {
                ref(l, "spec.domainRef", a.domainRef(), Kind.DOMAIN);
                ref(l, "spec.credentialsRef", a.credentialsRef(), Kind.CREDENTIALS);
                unique(l, "spec.username", "agent username in domain " + a.domainRef(), a.username(), "username '"
                        + a.username() + "' is already used " + (a.domainRef() == null ? "without a domain" : "in Domain '"
                        + a.domainRef() + "'") + " by ");
            }
            case Domain d -> {
                ref(l, "spec.accessControlListRef", d.spec().accessControlListRef(), Kind.ACCESS_CONTROL_LIST);
                ref(l, "spec.context.accessControlListRef", d.spec().context().accessControlListRef(), Kind.ACCESS_CONTROL_LIST);
                for (int i = 0; i < d.egressPolicies().size(); i++) {
                    ref(l, "spec.context.egressPolicies[" + i + "].numberRef", d.egressPolicies().get(i).numberRef(), Kind.NUMBER);
                }
                unique(l, "spec.context.domainUri", "domainUri", d.domainUri().toLowerCase(Locale.ROOT),
                        "domainUri '" + d.domainUri() + "' is already used by ");
            }
            case Peer p -> {
                ref(l, "spec.credentialsRef", p.spec().credentialsRef(), Kind.CREDENTIALS);
                ref(l, "spec.accessControlListRef", p.spec().accessControlListRef(), Kind.ACCESS_CONTROL_LIST);
                unique(l, "spec.username", "peer username", p.username(), "username '" + p.username() + "' is already used by ");
            }
            case Trunk t -> {
                ref(l, "spec.inbound.credentialsRef", t.inboundCredentialsRef(), Kind.CREDENTIALS);
                ref(l, "spec.inbound.accessControlListRef", t.accessControlListRef(), Kind.ACCESS_CONTROL_LIST);
                ref(l, "spec.outbound.credentialsRef", t.outboundCredentialsRef(), Kind.CREDENTIALS);
                if (t.inboundUri() != null) {
                    unique(l, "spec.inbound.uri", "inbound uri", t.inboundUri().toLowerCase(Locale.ROOT),
                            "inbound uri '" + t.inboundUri() + "' is already used by ");
                }
                if (t.inboundUnguarded()) {
                    warnings.add(problem(l, "spec.inbound", unguardedTrunk(t)));
                }
            }
            case PhoneNumber n -> {
                ref(l, "spec.trunkRef", n.trunkRef(), Kind.TRUNK);
                unique(l, "spec.location.telUrl", "telUrl", n.telUrl(), "telUrl '" + n.telUrl() + "' is already used by ");
            }
            case Credentials c -> {
            }
            case AccessControlList a -> {
            }
        }
    }

    /** Checks that {@code ref}, when present, names a resource of kind {@code kind}. */
    private void ref(Loaded l, String field, String ref, Kind kind) {
        if (ref == null) {
            return;
        }
        Declared target = byRef.get(ref);
        if (target == null) {
            error(l, field, "no " + kind + " with ref '" + ref + "'");
        } else if (target.kind() != kind) {
            error(l, field, "'" + ref + "' is a " + target.kind() + ", not a " + kind + " (" + where(target) + ")");
        }
    }

    /** Checks that {@code key} is not already taken in {@code space} (not for a duplicate-ref document: one error is enough). */
    private void unique(Loaded l, String field, String space, String key, String reason) {
        Declared owner = byRef.get(l.resource().ref());
        if (owner != null && !(owner.file().equals(l.file()) && owner.index() == l.index())) {
            return;
        }
        Loaded first = seen.putIfAbsent(space + '\0' + key, l);
        if (first != null) {
            error(l, field, reason + where(first));
        }
    }

    private void error(Loaded l, String field, String reason) {
        errors.add(problem(l, field, reason));
    }

    private static ProvisioningError problem(Loaded l, String field, String reason) {
        Resource r = l.resource();
        return new ProvisioningError(l.file(), l.index(), r.ref(), r.kind(), field, reason);
    }

    /** What Connect does with a Trunk that has neither an inbound ACL nor inbound credentials. */
    private static String unguardedTrunk(Trunk t) {
        List<InetAddress> from = t.outboundAddresses();
        String why = "has neither accessControlListRef nor credentialsRef: ";
        if (from.isEmpty()) {
            return why + "no outbound URI has a numeric host (names are not resolved for this check), so every request"
                    + " to inbound uri '" + t.inboundUri() + "' will be refused with 403";
        }
        return why + "requests to inbound uri '" + t.inboundUri() + "' are admitted only from its outbound URIs' addresses "
                + from.stream().map(InetAddress::getHostAddress).toList() + " (host names are not resolved for this check)";
    }

    private static String where(Loaded l) {
        return where(new Declared(l.file(), l.index(), l.resource().ref(), l.resource().kind()));
    }

    private static String where(Declared d) {
        return d.kind() + " '" + d.ref() + "' (" + d.file() + ", document #" + d.index() + ")";
    }
}
