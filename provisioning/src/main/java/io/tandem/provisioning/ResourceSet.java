package io.tandem.provisioning;

import io.tandem.provisioning.CrossChecks.Key;
import io.tandem.provisioning.CrossChecks.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked set of resources that takes changes: each change is checked as a whole load checks the set (references
 * to existing resources of the right kind, unique keys; the same fields and reasons) but only where it touches,
 * through two indexes kept with the set: who holds each unique key, and who references each resource. So a write
 * costs the same in a set of ten resources as in one of a million; the snapshot is changed the same way
 * ({@link ProvisioningSnapshot#changed}). Immutable: a change gives a new set sharing the rest with this one.
 */
public final class ResourceSet {
    /** Who references a resource: {@code ref}'s field {@code field}. */
    private record Referrer(String ref, Kind kind, String field) {
    }

    private final ProvisioningSnapshot snapshot;
    /** {@link Key#indexed()} to the ref holding it. */
    private final PersistentMap<String, String> keys;
    /** A ref to the resources referencing it, by referrer ref and field. */
    private final PersistentMap<String, PersistentMap<String, Referrer>> referrers;

    private ResourceSet(ProvisioningSnapshot snapshot, PersistentMap<String, String> keys,
                        PersistentMap<String, PersistentMap<String, Referrer>> referrers) {
        this.snapshot = snapshot;
        this.keys = keys;
        this.referrers = referrers;
    }

    /** The indexes of {@code snapshot}, a checked set (once, in time proportional to its size). */
    public static ResourceSet of(ProvisioningSnapshot snapshot) {
        ResourceSet s = new ResourceSet(snapshot, PersistentMap.empty(), PersistentMap.empty());
        Indexes ix = s.new Indexes();
        snapshot.forEachResource(r -> {
            ix.claimKeys(r, null);
            ix.addReferences(r);
        });
        return new ResourceSet(snapshot, ix.keys, ix.referrers);
    }

    public ProvisioningSnapshot snapshot() {
        return snapshot;
    }

    /**
     * This set with {@code puts} (new resources, or replacing the resource with their ref; the last of a ref wins)
     * and without {@code removed}, all checked together, or nothing.
     *
     * @param source what errors name as their file (e.g. {@code request})
     * @throws ProvisioningException naming each problem: a put's field that references what the set does not hold or
     *     holds as another kind, a key another resource holds; for a removed resource, each field still referencing
     *     it ({@code no Kind with ref 'X'}, as a whole load would say)
     */
    public ResourceSet with(String source, List<? extends Resource> puts, List<String> removed) {
        Map<String, Resource> changes = new LinkedHashMap<>();
        for (String ref : removed) {
            changes.put(ref, null);
        }
        for (Resource r : puts) {
            changes.put(r.ref(), r);
        }
        List<ProvisioningError> errors = new ArrayList<>();
        Indexes ix = new Indexes();
        for (String ref : changes.keySet()) { // every old version lets go first, so a key may move within one change
            Resource old = snapshot.resource(ref);
            if (old != null) {
                ix.releaseKeys(old);
                ix.removeReferences(old);
            }
        }
        int index = 0;
        for (Resource r : changes.values()) {
            if (r != null) {
                ix.claimKeys(r, new Problems(source, index, r, errors));
                ix.addReferences(r);
            }
            index++;
        }
        ProvisioningSnapshot next = snapshot.changed(changes);
        index = 0;
        for (Map.Entry<String, Resource> e : changes.entrySet()) {
            Resource r = e.getValue();
            if (r != null) {
                checkReferences(next, r, new Problems(source, index, r, errors));
            } else {
                PersistentMap<String, Referrer> still = ix.referrers.get(e.getKey());
                Kind kind = snapshot.resource(e.getKey()) == null ? null : snapshot.resource(e.getKey()).kind();
                if (still != null) {
                    still.forEach((k, ref) -> errors.add(new ProvisioningError(source, 0, ref.ref(), ref.kind(), ref.field(),
                        "no " + kind + " with ref '" + e.getKey() + "'")));
                }
            }
            index++;
        }
        if (!errors.isEmpty()) {
            throw new ProvisioningException(errors);
        }
        return new ResourceSet(next, ix.keys, ix.referrers);
    }

    /** Each reference of {@code r} names a resource of {@code next} of the right kind. */
    private static void checkReferences(ProvisioningSnapshot next, Resource r, Problems p) {
        for (Reference ref : CrossChecks.references(r)) {
            Resource target = next.resource(ref.ref());
            if (target == null) {
                p.add(ref.field(), "no " + ref.kind() + " with ref '" + ref.ref() + "'");
            } else if (target.kind() != ref.kind()) {
                p.add(ref.field(), "'" + ref.ref() + "' is a " + target.kind() + ", not a " + ref.kind() + " ("
                    + target.kind() + " '" + target.ref() + "')");
            }
        }
    }

    /** Where the problems of one changed resource go. */
    private record Problems(String source, int index, Resource r, List<ProvisioningError> errors) {
        void add(String field, String reason) {
            errors.add(new ProvisioningError(source, index, r.ref(), r.kind(), field, reason));
        }
    }

    /** The two indexes while a change is made, starting from this set's. */
    private final class Indexes {
        PersistentMap<String, String> keys = ResourceSet.this.keys;
        PersistentMap<String, PersistentMap<String, Referrer>> referrers = ResourceSet.this.referrers;

        /** Takes {@code r}'s keys; one another resource holds is a problem (none is reported when {@code p} is null). */
        void claimKeys(Resource r, Problems p) {
            for (Key k : CrossChecks.keys(r)) {
                String owner = keys.get(k.indexed());
                if (owner == null) {
                    keys = keys.with(k.indexed(), r.ref());
                } else if (!owner.equals(r.ref()) && p != null) {
                    Resource o = snapshot.resource(owner);
                    p.add(k.field(), k.reason() + (o == null ? "'" + owner + "'" : o.kind() + " '" + owner + "'"));
                }
            }
        }

        void releaseKeys(Resource r) {
            for (Key k : CrossChecks.keys(r)) {
                if (r.ref().equals(keys.get(k.indexed()))) {
                    keys = keys.without(k.indexed());
                }
            }
        }

        void addReferences(Resource r) {
            for (Reference ref : CrossChecks.references(r)) {
                PersistentMap<String, Referrer> of = referrers.get(ref.ref());
                of = of == null ? PersistentMap.empty() : of;
                referrers = referrers.with(ref.ref(), of.with(r.ref() + '\0' + ref.field(), new Referrer(r.ref(), r.kind(), ref.field())));
            }
        }

        void removeReferences(Resource r) {
            for (Reference ref : CrossChecks.references(r)) {
                PersistentMap<String, Referrer> of = referrers.get(ref.ref());
                if (of != null) {
                    of = of.without(r.ref() + '\0' + ref.field());
                    referrers = of.isEmpty() ? referrers.without(ref.ref()) : referrers.with(ref.ref(), of);
                }
            }
        }
    }
}
