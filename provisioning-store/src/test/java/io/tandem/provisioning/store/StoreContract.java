package io.tandem.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.provisioning.Kind;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.provisioning.store.StoreException.Reason;
import io.tandem.provisioning.store.StoredProvisioning.Page;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What the store does, the same on every database: each subclass runs it on one. */
abstract class StoreContract {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

    StoredProvisioning store;

    abstract StoreSettings settings();

    @BeforeEach
    void open() {
        store = StoredProvisioning.open(settings(), KEY);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    void seed() {
        store.create(Kind.DOMAIN, Docs.domain("domain-01", "sip.local"), "test");
        store.create(Kind.CREDENTIALS, Docs.credentials("cred-1001", "1001", "s3cret-1001"), "test");
        store.create(Kind.AGENT, Docs.agent("agent-1001", "1001", "domain-01", "cred-1001"), "test");
    }

    @Test
    void aCreatedResourceIsRoutableAtOnceAndListenersHearOfIt() {
        List<ProvisioningSnapshot> heard = new CopyOnWriteArrayList<>();
        store.addListener(heard::add);
        seed();
        assertThat(store.findAgent("1001", "sip.local").ref()).isEqualTo("agent-1001");
        assertThat(store.credentials("cred-1001").password()).isEqualTo("s3cret-1001");
        assertThat(heard).hasSize(3);
        assertThat(heard.getLast().agents()).extracting(a -> a.ref()).containsExactly("agent-1001");
        assertThat(store.get(Kind.AGENT, "agent-1001").document().path("apiVersion").asString()).isEqualTo("v2beta1");
    }

    @Test
    void aCreateWithoutRefIsGivenAUuid() {
        StoredProvisioning.Stored s = store.create(Kind.DOMAIN, Docs.parse("""
            kind: Domain
            metadata: {name: No ref}
            spec: {context: {domainUri: noref.local}}
            """), "test");
        assertThat(s.ref()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(store.findDomainByUri("noref.local").ref()).isEqualTo(s.ref());
    }

    @Test
    void aSchemaViolationIsRefusedNamingTheFieldAndNothingIsWritten() {
        seed();
        long revision = store.revision();
        assertThatThrownBy(() -> store.create(Kind.AGENT, Docs.agent("agent-x", "ab", "domain-01", "cred-1001"), "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                assertThat(e.getMessage()).startsWith("spec.username: ");
                assertThat(e.errors()).extracting(er -> er.field()).containsExactly("spec.username");
            });
        assertThat(store.revision()).isEqualTo(revision);
        assertThat(store.reload()).isEmpty();
        assertThat(store.agent("agent-x")).isNull();
        assertThat(store.revision()).isEqualTo(revision);
    }

    @Test
    void aReferenceToAMissingResourceIsRefusedNamingTheField() {
        seed();
        assertThatThrownBy(() -> store.create(Kind.AGENT, Docs.agent("agent-1002", "1002", "domain-9", "cred-1001"), "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                assertThat(e.getMessage()).isEqualTo("spec.domainRef: no Domain with ref 'domain-9'");
            });
    }

    @Test
    void aDuplicateRefOrKeyIsRefused() {
        seed();
        assertThatThrownBy(() -> store.create(Kind.DOMAIN, Docs.domain("domain-01", "other.local"), "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS);
                assertThat(e.getMessage()).isEqualTo("ref: 'domain-01' exists already (Domain)");
            });
        assertThatThrownBy(() -> store.create(Kind.DOMAIN, Docs.domain("domain-02", "sip.local"), "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                assertThat(e.getMessage()).startsWith("spec.context.domainUri: domainUri 'sip.local' is already used by Domain 'domain-01'");
            });
    }

    @Test
    void aDeleteOfAReferencedResourceIsRefusedNamingWhoReferencesIt() {
        seed();
        assertThatThrownBy(() -> store.delete(Kind.DOMAIN, "domain-01", "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.FAILED_PRECONDITION);
                assertThat(e.getMessage()).isEqualTo("ref: 'domain-01' is still referenced by Agent 'agent-1001' (spec.domainRef)");
            });
        store.delete(Kind.AGENT, "agent-1001", "test");
        store.delete(Kind.DOMAIN, "domain-01", "test");
        assertThat(store.domains()).isEmpty();
        assertThatThrownBy(() -> store.delete(Kind.DOMAIN, "domain-01", "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void anUpdateReplacesTheDocumentAndKeepsItsPlace() {
        seed();
        var before = store.get(Kind.AGENT, "agent-1001");
        var doc = Docs.agent("agent-1001", "1001", "domain-01", "cred-1001");
        ((tools.jackson.databind.node.ObjectNode) doc.path("metadata")).put("name", "Renamed");
        var after = store.update(Kind.AGENT, doc, "test");
        assertThat(store.agent("agent-1001").name()).isEqualTo("Renamed");
        assertThat(after.position()).isEqualTo(before.position());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThatThrownBy(() -> store.update(Kind.DOMAIN, Docs.domain("agent-1001", "x.local"), "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void theDatabaseHoldsNoPlaintextPasswordAndAnotherKeyCannotOpenIt() throws Exception {
        seed();
        StoreSettings s = settings();
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.username(), s.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT document, sealed_password FROM resources WHERE ref = 'cred-1001'")) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain("s3cret").contains("\"username\":\"1001\"");
            assertThat(rs.getString(2)).startsWith("v1:").doesNotContain("s3cret");
        }
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.username(), s.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT document FROM audit_log WHERE ref = 'cred-1001'")) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain("s3cret");
        }
        store.close();
        store = StoredProvisioning.open(settings(), KEY);
        assertThat(store.credentials("cred-1001").password()).isEqualTo("s3cret-1001");
        byte[] other = "another key, 32 bytes long......".getBytes();
        assertThatThrownBy(() -> StoredProvisioning.open(settings(), other))
            .hasMessageContaining("sealed under another key");
    }

    @Test
    void listPagesInCreationOrder() {
        seed();
        for (int i = 2; i <= 6; i++) {
            store.create(Kind.AGENT, Docs.agent("agent-100" + i, "100" + i, "domain-01", "cred-1001"), "test");
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            Page p = store.list(Kind.AGENT, 4, token);
            p.items().forEach(i -> seen.add(i.ref()));
            token = p.nextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactly("agent-1001", "agent-1002", "agent-1003", "agent-1004", "agent-1005", "agent-1006");
        assertThatThrownBy(() -> store.list(Kind.AGENT, 4, "garbage"))
            .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.getMessage()).startsWith("page_token: "));
    }

    @Test
    void findByMatchesAField() {
        seed();
        assertThat(store.findBy(Kind.AGENT, "spec.username", "1001")).extracting(StoredProvisioning.Stored::ref).containsExactly("agent-1001");
        assertThat(store.findBy(Kind.AGENT, "spec.username", "9999")).isEmpty();
    }

    @Test
    void anImportIsAllOrNothing() {
        List<JsonNode> bad = List.of(Docs.domain("domain-01", "sip.local"), Docs.agent("agent-1", "1001", "domain-01", "missing"));
        assertThatThrownBy(() -> store.importAll(bad, "import"))
            .hasMessage("spec.credentialsRef: no Credentials with ref 'missing'");
        assertThat(store.domains()).isEmpty();
        assertThat(store.reload()).isEmpty();
        assertThat(store.domains()).isEmpty();
        List<JsonNode> good = List.of(Docs.domain("domain-01", "sip.local"), Docs.credentials("c", "1001", "pw"),
            Docs.agent("agent-1", "1001", "domain-01", "c"));
        assertThat(store.importAll(good, "import")).isEqualTo(3);
        assertThat(store.importAll(good, "import")).isEqualTo(3); // again: each replaces itself
        assertThat(store.agents()).hasSize(1);
    }

    @Test
    void everyChangeIsAudited() {
        seed();
        store.delete(Kind.AGENT, "agent-1001", "alice");
        List<AuditEntry> log = store.audit(10);
        assertThat(log).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::kind, AuditEntry::ref).containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", "delete", "Agent", "agent-1001"),
            org.assertj.core.groups.Tuple.tuple("test", "create", "Agent", "agent-1001"),
            org.assertj.core.groups.Tuple.tuple("test", "create", "Credentials", "cred-1001"),
            org.assertj.core.groups.Tuple.tuple("test", "create", "Domain", "domain-01"));
        assertThat(log.getFirst().document()).isNull();
        assertThat(log.get(1).document()).contains("\"domainRef\":\"domain-01\"");
    }

    @Test
    void twoServersOnOneDatabaseSeeEachOthersChanges() {
        try (StoredProvisioning other = StoredProvisioning.open(settings(), KEY)) {
            seed();
            assertThat(other.agent("agent-1001")).isNull();
            assertThat(other.reload()).isEmpty();
            assertThat(other.findAgent("1001", "sip.local")).isNotNull();
            // a write on a server that has not polled yet is checked against the set as it is in the database
            store.create(Kind.CREDENTIALS, Docs.credentials("cred-1002", "1002", "pw"), "test");
            other.create(Kind.AGENT, Docs.agent("agent-1002", "1002", "domain-01", "cred-1002"), "test");
            assertThat(other.credentials("cred-1002")).isNotNull();
            assertThat(store.reload()).isEmpty();
            assertThat(store.agent("agent-1002")).isNotNull();
        }
    }

    @Test
    void aWriteInABigStoreIsCheckedWhereItTouches() {
        List<JsonNode> big = new ArrayList<>(List.of(Docs.domain("domain-01", "sip.local")));
        for (int i = 0; i < 10_000; i++) {
            big.add(Docs.credentials("cred-" + i, "user" + i, "pw" + i));
            big.add(Docs.agent("agent-" + i, "user" + i, "domain-01", "cred-" + i));
        }
        assertThat(store.importAll(big, "import")).isEqualTo(20_001);
        store.create(Kind.AGENT, Docs.agent("agent-new", "newcomer", "domain-01", "cred-5000"), "test");
        assertThat(store.findAgent("newcomer", "sip.local").credentialsRef()).isEqualTo("cred-5000");
        assertThatThrownBy(() -> store.create(Kind.AGENT, Docs.agent("agent-dup", "user42", "domain-01", "cred-1"), "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.getMessage())
                .isEqualTo("spec.username: username 'user42' is already used in Domain 'domain-01' by Agent 'agent-42'"));
        assertThatThrownBy(() -> store.delete(Kind.CREDENTIALS, "cred-5000", "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.FAILED_PRECONDITION);
                assertThat(e.getMessage()).startsWith("ref: 'cred-5000' is still referenced by ")
                    .contains("Agent 'agent-5000' (spec.credentialsRef)", "Agent 'agent-new' (spec.credentialsRef)");
            });
        store.delete(Kind.AGENT, "agent-9999", "test");
        store.delete(Kind.CREDENTIALS, "cred-9999", "test");
        assertThat(store.agents()).hasSize(10_000);
        assertThat(store.list(Kind.AGENT, 1000, "").items().getFirst().ref()).isEqualTo("agent-0");
        store.close(); // what was written is what a fresh load (the whole check) accepts
        store = StoredProvisioning.open(settings(), KEY);
        assertThat(store.findAgent("newcomer", "sip.local")).isNotNull();
        assertThat(store.findAgent("user9999", "sip.local")).isNull();
        assertThat(store.credentials("cred-5000")).isNotNull();
    }

    @Test
    void anUpdateThatBreaksAReferenceIsRefusedAndNothingIsWritten() {
        seed();
        long revision = store.revision();
        assertThatThrownBy(() -> store.update(Kind.AGENT, Docs.agent("agent-1001", "1001", "domain-9", "cred-1001"), "test"))
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                assertThat(e.getMessage()).isEqualTo("spec.domainRef: no Domain with ref 'domain-9'");
            });
        assertThatThrownBy(() -> store.update(Kind.AGENT, Docs.agent("agent-1001", "1001", "cred-1001", "cred-1001"), "test"))
            .hasMessageStartingWith("spec.domainRef: 'cred-1001' is a Credentials, not a Domain");
        assertThat(store.revision()).isEqualTo(revision);
        assertThat(store.agent("agent-1001").domainRef()).isEqualTo("domain-01");
        assertThat(store.findAgent("1001", "sip.local")).isNotNull();
    }

    @Test
    void writersOnTwoServersCannotLeaveADanglingReference() throws Exception {
        try (StoredProvisioning other = StoredProvisioning.open(settings(), KEY)) {
            seed();
            for (int round = 0; round < 10; round++) {
                String cred = "cred-r" + round;
                String agent = "agent-r" + round;
                String username = "user-r" + round;
                store.create(Kind.CREDENTIALS, Docs.credentials(cred, username, "pw"), "test");
                var delete = java.util.concurrent.CompletableFuture.runAsync(() -> store.delete(Kind.CREDENTIALS, cred, "test"));
                var create = java.util.concurrent.CompletableFuture.runAsync(() ->
                    other.create(Kind.AGENT, Docs.agent(agent, username, "domain-01", cred), "test"));
                boolean deleted = succeeded(delete);
                boolean created = succeeded(create);
                assertThat(deleted && created).as("round %d: both the delete and the referencing create passed", round).isFalse();
                assertThat(deleted || created).isTrue();
            }
        }
        store.close();
        store = StoredProvisioning.open(settings(), KEY); // a fresh load checks the whole set: no dangling reference
        assertThat(store.reload()).isEmpty();
    }

    private static boolean succeeded(java.util.concurrent.CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get();
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(StoreException.class);
            return false;
        }
    }

    @Test
    void pingAnswersWhileTheDatabaseIsUp() throws Exception {
        assertThat(store.ping().toCompletableFuture().get()).isEqualTo(0L);
    }
}
