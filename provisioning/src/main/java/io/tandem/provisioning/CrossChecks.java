package io.tandem.provisioning;

import io.tandem.provisioning.ResourceLoader.Declared;
import io.tandem.provisioning.ResourceLoader.Loaded;
import java.net.InetAddress;
import java.util.ArrayList;
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

    /** A field of a resource naming another resource, which must exist and be of {@code kind}. */
    record Reference(String field, String ref, Kind kind) {
    }

    /**
     * A value a resource must hold alone in {@code space} (e.g. an Agent's username in its Domain); {@code reason}
     * is the error's text up to the owner's name.
     */
    record Key(String field, String space, String key, String reason) {
        /** The key in the index of all spaces. */
        String indexed() {
            return space + '\0' + key;
        }
    }

    /** The references {@code r} makes (the fields that are set). */
    static List<Reference> references(Resource r) {
        List<Reference> out = new ArrayList<>(3);
        switch (r) {
            case Agent a -> {
                reference(out, "spec.domainRef", a.domainRef(), Kind.DOMAIN);
                reference(out, "spec.credentialsRef", a.credentialsRef(), Kind.CREDENTIALS);
            }
            case Domain d -> {
                reference(out, "spec.accessControlListRef", d.spec().accessControlListRef(), Kind.ACCESS_CONTROL_LIST);
                reference(out, "spec.context.accessControlListRef", d.spec().context().accessControlListRef(), Kind.ACCESS_CONTROL_LIST);
                for (int i = 0; i < d.egressPolicies().size(); i++) {
                    reference(out, "spec.context.egressPolicies[" + i + "].numberRef", d.egressPolicies().get(i).numberRef(), Kind.NUMBER);
                }
            }
            case Peer p -> {
                reference(out, "spec.credentialsRef", p.spec().credentialsRef(), Kind.CREDENTIALS);
                reference(out, "spec.accessControlListRef", p.spec().accessControlListRef(), Kind.ACCESS_CONTROL_LIST);
            }
            case Trunk t -> {
                reference(out, "spec.inbound.credentialsRef", t.inboundCredentialsRef(), Kind.CREDENTIALS);
                reference(out, "spec.inbound.accessControlListRef", t.accessControlListRef(), Kind.ACCESS_CONTROL_LIST);
                reference(out, "spec.outbound.credentialsRef", t.outboundCredentialsRef(), Kind.CREDENTIALS);
            }
            case PhoneNumber n -> reference(out, "spec.trunkRef", n.trunkRef(), Kind.TRUNK);
            case Credentials c -> {
            }
            case AccessControlList a -> {
            }
        }
        return out;
    }

    private static void reference(List<Reference> out, String field, String ref, Kind kind) {
        if (ref != null) {
            out.add(new Reference(field, ref, kind));
        }
    }

    /** The keys {@code r} must hold alone. */
    static List<Key> keys(Resource r) {
        return switch (r) {
            case Agent a -> List.of(new Key("spec.username", "agent username in domain " + a.domainRef(), a.username(), "username '"
                + a.username() + "' is already used " + (a.domainRef() == null ? "without a domain" : "in Domain '"
                + a.domainRef() + "'") + " by "));
            case Domain d -> List.of(new Key("spec.context.domainUri", "domainUri", d.domainUri().toLowerCase(Locale.ROOT),
                "domainUri '" + d.domainUri() + "' is already used by "));
            case Peer p -> List.of(new Key("spec.username", "peer username", p.username(), "username '" + p.username()
                + "' is already used by "));
            case Trunk t -> t.inboundUri() == null ? List.of() : List.of(new Key("spec.inbound.uri", "inbound uri",
                t.inboundUri().toLowerCase(Locale.ROOT), "inbound uri '" + t.inboundUri() + "' is already used by "));
            case PhoneNumber n -> List.of(new Key("spec.location.telUrl", "telUrl", n.telUrl(), "telUrl '" + n.telUrl()
                + "' is already used by "));
            case Credentials c -> List.of();
            case AccessControlList a -> List.of();
        };
    }

    /** What loads but deserves a look in {@code r} (today: a Trunk with neither inbound ACL nor inbound credentials); null when nothing. */
    static String warning(Resource r) {
        return r instanceof Trunk t && t.inboundUnguarded() ? unguardedTrunk(t) : null;
    }

    private void checkResource(Loaded l) {
        for (Reference ref : references(l.resource())) {
            ref(l, ref.field(), ref.ref(), ref.kind());
        }
        for (Key k : keys(l.resource())) {
            unique(l, k.field(), k.indexed(), k.reason());
        }
        String warning = warning(l.resource());
        if (warning != null) {
            warnings.add(problem(l, "spec.inbound", warning));
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
    private void unique(Loaded l, String field, String indexed, String reason) {
        Declared owner = byRef.get(l.resource().ref());
        if (owner != null && !(owner.file().equals(l.file()) && owner.index() == l.index())) {
            return;
        }
        Loaded first = seen.putIfAbsent(indexed, l);
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
