package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Changes checked through the indexes agree with a check of the whole set, and the changed snapshot with a rebuilt one. */
class ResourceSetTest {
    private static final Metadata M = new Metadata("n");

    private static Domain domain(String ref, String uri) {
        return new Domain("v2", ref, M, new Domain.Spec(null, new Domain.Context(uri, null, null)));
    }

    private static Agent agent(String ref, String username, String domainRef, String credentialsRef) {
        return new Agent("v2", ref, M, new Agent.Spec(username, domainRef, credentialsRef, null, -1, null, true));
    }

    private static Credentials credentials(String ref) {
        return new Credentials("v2", ref, M, new Credentials.Spec(new Credentials.UsernamePassword("u-" + ref, "pw")));
    }

    @Test
    void aWriteInABigSetIsCheckedAndSeen() {
        List<Resource> big = new ArrayList<>(List.of(domain("d", "big.test")));
        for (int i = 0; i < 10_000; i++) {
            big.add(credentials("c" + i));
            big.add(agent("a" + i, "u" + i, "d", "c" + i));
        }
        ResourceSet set = ResourceSet.of(ProvisioningSnapshot.of(big));
        ResourceSet next = set.with("request", List.of(agent("a-new", "new", "d", "c5000")), List.of());
        assertThat(next.snapshot().findAgent("new", "big.test").ref()).isEqualTo("a-new");
        assertThat(next.snapshot().agents()).hasSize(10_001).last().extracting(Agent::ref).isEqualTo("a-new");
        assertThat(set.snapshot().findAgent("new", "big.test")).isNull(); // the old set is as it was
        assertThatThrownBy(() -> next.with("request", List.of(agent("a-dup", "u42", "d", null)), List.of()))
            .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.errors()).extracting(ProvisioningError::field,
                ProvisioningError::reason).containsExactly(org.assertj.core.groups.Tuple.tuple("spec.username",
                "username 'u42' is already used in Domain 'd' by Agent 'a42'")));
        assertThatThrownBy(() -> next.with("request", List.of(), List.of("c5000")))
            .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.errors()).extracting(ProvisioningError::document,
                ProvisioningError::field).containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Agent 'a5000'", "spec.credentialsRef"),
                org.assertj.core.groups.Tuple.tuple("Agent 'a-new'", "spec.credentialsRef")));
        assertThatThrownBy(() -> next.with("request", List.of(agent("a7", "u7", "d9", "c7")), List.of()))
            .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.getMessage())
                .contains("Agent 'a7': spec.domainRef: no Domain with ref 'd9'"));
        assertThatThrownBy(() -> next.with("request", List.of(agent("a7", "u7", "c1", "c7")), List.of()))
            .hasMessageContaining("spec.domainRef: 'c1' is a Credentials, not a Domain");
        ResourceSet moved = next.with("request", List.of(agent("a7", "u42", "d", "c7"), agent("a42", "u7", "d", "c42")), List.of());
        assertThat(moved.snapshot().findAgent("u42", "big.test").ref()).isEqualTo("a7"); // two keys swapped in one change
        ResourceSet gone = moved.with("request", List.of(), List.of("a5000", "c5000", "a-new"));
        assertThat(gone.snapshot().credentials("c5000")).isNull();
        assertThat(gone.snapshot().findAgent("u5000", "big.test")).isNull();
        assertThat(gone.snapshot().agents()).hasSize(9_999);
    }

    /** Random changes of a small set: accepted exactly when the whole set with the change passes the full check. */
    @Test
    void randomChangesAgreeWithTheFullCheck() {
        Random random = new Random(7);
        List<Resource> model = new ArrayList<>();
        ResourceSet set = ResourceSet.of(ProvisioningSnapshot.empty());
        int accepted = 0;
        for (int step = 0; step < 3_000; step++) {
            Resource r = switch (random.nextInt(3)) {
                case 0 -> domain("d" + random.nextInt(3), "dom" + random.nextInt(4) + ".test");
                case 1 -> credentials("c" + random.nextInt(3));
                default -> agent("a" + random.nextInt(6), "u" + random.nextInt(4), random.nextBoolean() ? "d" + random.nextInt(3) : null,
                    random.nextBoolean() ? "c" + random.nextInt(4) : null);
            };
            boolean delete = random.nextInt(4) == 0;
            List<Resource> after = new ArrayList<>(model);
            int at = indexOf(after, r.ref());
            if (at >= 0 && after.get(at).kind() != r.kind()) {
                continue; // a ref of another kind: the store refuses it before any check
            }
            if (delete && at < 0) {
                continue;
            }
            if (delete) {
                after.remove(at);
            } else if (at >= 0) {
                after.set(at, r);
            } else {
                after.add(r);
            }
            boolean whole;
            try {
                ResourceLoader.fromResources("whole", after);
                whole = true;
            } catch (ProvisioningException e) {
                whole = false;
            }
            ResourceSet next;
            try {
                next = delete ? set.with("change", List.of(), List.of(r.ref())) : set.with("change", List.of(r), List.of());
            } catch (ProvisioningException e) {
                next = null;
            }
            assertThat(next != null).as("step %d: %s %s on %s", step, delete ? "delete" : "put", r, model).isEqualTo(whole);
            if (next != null) {
                accepted++;
                set = next;
                model = after;
                sameLookups(set.snapshot(), ProvisioningSnapshot.of(model));
            }
        }
        assertThat(accepted).isGreaterThan(300);
    }

    private static int indexOf(List<Resource> list, String ref) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).ref().equals(ref)) {
                return i;
            }
        }
        return -1;
    }

    private static void sameLookups(ProvisioningSnapshot changed, ProvisioningSnapshot rebuilt) {
        assertThat(changed.domains()).isEqualTo(rebuilt.domains());
        assertThat(changed.agents()).isEqualTo(rebuilt.agents());
        assertThat(changed.credentialsList()).isEqualTo(rebuilt.credentialsList());
        for (int d = 0; d < 4; d++) {
            assertThat(changed.findDomainByUri("dom" + d + ".test")).isEqualTo(rebuilt.findDomainByUri("dom" + d + ".test"));
            for (int u = 0; u < 4; u++) {
                assertThat(changed.findAgent("u" + u, "dom" + d + ".test")).isEqualTo(rebuilt.findAgent("u" + u, "dom" + d + ".test"));
            }
        }
        for (Resource r : rebuilt.agents()) {
            assertThat(changed.resource(r.ref())).isEqualTo(r);
        }
    }
}
