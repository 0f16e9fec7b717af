package io.tandem.provisioning.store;

import io.tandem.provisioning.Kind;
import io.tandem.provisioning.LiveProvisioning;
import io.tandem.provisioning.PersistentMap;
import io.tandem.provisioning.ProvisioningError;
import io.tandem.provisioning.ProvisioningException;
import io.tandem.provisioning.ProvisioningListeners;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.provisioning.Resource;
import io.tandem.provisioning.ResourceLoader;
import io.tandem.provisioning.ResourceSet;
import io.tandem.provisioning.store.StoreException.Reason;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resources in a database (H2 embedded or PostgreSQL), read through an in-memory snapshot: the SIP side's
 * look-ups never touch the database. A change is checked as a file is (JSON Schema, then references and unique
 * keys with the change applied; {@link ResourceSet} checks only what the change touches, through its indexes, so a
 * write costs the same in a small store as in a big one) before anything is written; it is written in one
 * transaction with its audit entry, then the changed snapshot is swapped in and the listeners are told, before the
 * call returns. Writers go one at a time: a lock in this JVM, and the {@code store_revision} row that every write
 * updates first, which the database locks until the transaction ends (H2 and PostgreSQL alike), so two servers on
 * one database cannot both check against the same set and leave a dangling reference. Changes made by other servers on the same database are seen by polling {@code store_revision}.
 * While the database is unreachable, writes fail with {@link Reason#UNAVAILABLE}, {@link #ping()} fails (so
 * {@code /readyz} is red) and the SIP side keeps the last snapshot.
 */
public final class StoredProvisioning implements LiveProvisioning {
    private static final Logger LOG = LoggerFactory.getLogger(StoredProvisioning.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A stored resource: its document (a Credentials' with its password), its place in the set, when made and changed. */
    public record Stored(Kind kind, String ref, ObjectNode document, long position, Instant createdAt, Instant updatedAt) {
    }

    /** A page of {@link #list}: {@code nextPageToken} is empty on the last page. */
    public record Page(List<Stored> items, String nextPageToken) {
    }

    /** What the set is at one revision. */
    private record State(long revision, PersistentMap<String, Stored> byRef, ResourceSet set) {
        ProvisioningSnapshot snapshot() {
            return set.snapshot();
        }
    }

    /** One change of a batch. */
    private record Op(String action, Kind kind, String ref, ObjectNode document) {
    }

    private final ResourceTable table;
    private final PasswordSeal seal;
    private final String name;
    private final long pollMillis;
    private final ProvisioningListeners listeners = new ProvisioningListeners();
    private final Object writeLock = new Object();
    private final ScheduledExecutorService poller;
    private volatile State state;
    private volatile String outage;
    private boolean watching;

    private StoredProvisioning(ResourceTable table, PasswordSeal seal, String name, long pollMillis) {
        this.table = table;
        this.seal = seal;
        this.name = name;
        this.pollMillis = pollMillis;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("tandem-provisioning").unstarted(r));
    }

    /**
     * Opens the database of {@code settings}, applies the migrations and loads the set.
     *
     * @param passwordKey 32 bytes that seal the Credentials' passwords (derived from the deployment's secret)
     * @throws StoreException UNAVAILABLE when the database cannot be reached, INVALID_ARGUMENT when its rows are invalid
     */
    public static StoredProvisioning open(StoreSettings settings, byte[] passwordKey) {
        ResourceTable table = new ResourceTable(settings.jdbcUrl(), settings.username(), settings.password());
        StoredProvisioning p = new StoredProvisioning(table, new PasswordSeal(passwordKey), settings.describe(), settings.pollMillis());
        try {
            table.migrate();
            p.state = table.inTransaction(c -> p.read(c, ResourceTable.revision(c)));
        } catch (SQLException | RuntimeException e) {
            table.close();
            p.poller.shutdownNow();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw unavailable(e);
        }
        LOG.info("loaded {} from the database {}", p.state.snapshot(), p.name);
        return p;
    }

    /** The store on the H2 file of {@code dataDir}. */
    public static StoredProvisioning openH2(Path dataDir, byte[] passwordKey) {
        return open(StoreSettings.h2(dataDir), passwordKey);
    }

    @Override
    public ProvisioningSnapshot snapshot() {
        return state.snapshot();
    }

    @Override
    public String describe() {
        return "database " + name;
    }

    /** The revision of the set in use (bumped by every change). */
    public long revision() {
        return state.revision();
    }

    // ---- reads: from the snapshot in memory

    /** The resource with {@code ref}, of {@code kind} (any kind when null); null when there is none. */
    public Stored get(Kind kind, String ref) {
        Stored s = state.byRef().get(ref);
        return s == null || (kind != null && s.kind() != kind) ? null : s;
    }

    /**
     * The resources of {@code kind} in creation order, {@code pageSize} at most (1 to 1000; 0 means 100), from after
     * {@code pageToken} (empty: from the first).
     */
    public Page list(Kind kind, int pageSize, String pageToken) {
        return list(kind, pageSize, pageToken, s -> true);
    }

    /** As {@link #list(Kind, int, String)}, of the resources {@code visible} accepts only (a tenant's). */
    public Page list(Kind kind, int pageSize, String pageToken, java.util.function.Predicate<Stored> visible) {
        int size = pageSize <= 0 ? 100 : pageSize;
        if (size > 1000) {
            throw new StoreException(Reason.INVALID_ARGUMENT, "page_size: at most 1000, not " + pageSize);
        }
        long after;
        try {
            after = pageToken == null || pageToken.isEmpty() ? Long.MIN_VALUE : Long.parseLong(pageToken);
        } catch (NumberFormatException e) {
            throw new StoreException(Reason.INVALID_ARGUMENT, "page_token: not a token this server gave");
        }
        List<Stored> items = new ArrayList<>(Math.min(size, 64));
        boolean more = false;
        State at = state;
        for (Resource r : ofKind(at.snapshot(), kind)) { // in creation order, as the positions go
            Stored s = at.byRef().get(r.ref());
            if (s.position() <= after || !visible.test(s)) {
                continue;
            }
            if (items.size() == size) {
                more = true;
                break;
            }
            items.add(s);
        }
        return new Page(items, more ? Long.toString(items.getLast().position()) : "");
    }

    /** The resources of {@code kind} whose field at {@code path} (dotted, e.g. {@code spec.username}) has the text {@code value}. */
    public List<Stored> findBy(Kind kind, String path, String value) {
        List<Stored> out = new ArrayList<>();
        State at = state;
        for (Resource r : ofKind(at.snapshot(), kind)) {
            Stored s = at.byRef().get(r.ref());
            JsonNode n = s.document();
            for (String part : path.split("\\.")) {
                n = n.path(part);
            }
            if (n.isValueNode() && n.asString().equals(value)) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<? extends Resource> ofKind(ProvisioningSnapshot s, Kind kind) {
        return switch (kind) {
            case DOMAIN -> s.domains();
            case AGENT -> s.agents();
            case PEER -> s.peers();
            case TRUNK -> s.trunks();
            case NUMBER -> s.numbers();
            case CREDENTIALS -> s.credentialsList();
            case ACCESS_CONTROL_LIST -> s.acls();
        };
    }

    /** The last {@code limit} changes, newest first. */
    public List<AuditEntry> audit(int limit) {
        try {
            return table.audits(limit);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    // ---- writes: checked, written in one transaction with their audit entries, then seen at once

    /**
     * Creates {@code document} (a Routr resource: kind, ref, metadata, spec); a missing ref is given a UUID, a missing
     * apiVersion {@code v2beta1}.
     *
     * @param actor who makes the change, for the audit log
     */
    public Stored create(Kind kind, ObjectNode document, String actor) {
        ObjectNode d = normalized(kind, document);
        if (!d.path("ref").isString() || d.path("ref").stringValue().isEmpty()) {
            d.put("ref", UUID.randomUUID().toString());
        }
        String ref = d.path("ref").stringValue();
        apply(actor, List.of(new Op("create", kind, ref, d)));
        return get(kind, ref);
    }

    /** Replaces the resource whose ref {@code document} names, which must exist and be of {@code kind}. */
    public Stored update(Kind kind, ObjectNode document, String actor) {
        ObjectNode d = normalized(kind, document);
        if (!d.path("ref").isString()) {
            throw new StoreException(Reason.INVALID_ARGUMENT, "ref: is required to update a resource");
        }
        String ref = d.path("ref").stringValue();
        apply(actor, List.of(new Op("update", kind, ref, d)));
        return get(kind, ref);
    }

    /** Deletes the resource {@code ref} of {@code kind}; refused while another resource references it. */
    public void delete(Kind kind, String ref, String actor) {
        apply(actor, List.of(new Op("delete", kind, ref, null)));
    }

    /**
     * Writes every document (each created, or replacing the resource with its ref), all or nothing: the set with
     * all of them applied must be valid.
     *
     * @return how many documents were written
     */
    public int importAll(List<JsonNode> documents, String actor) {
        List<Op> ops = new ArrayList<>();
        for (JsonNode n : documents) {
            if (!n.isObject()) {
                throw new StoreException(Reason.INVALID_ARGUMENT, "a resource must be an object, not " + n.getNodeType());
            }
            Kind kind = Kind.fromDocumentName(n.path("kind").asString(""));
            if (kind == null) {
                throw new StoreException(Reason.INVALID_ARGUMENT, "kind: unknown kind '" + n.path("kind").asString("") + "'");
            }
            ObjectNode d = normalized(kind, (ObjectNode) n);
            ops.add(new Op("import", kind, d.path("ref").asString(""), d));
        }
        apply(actor, ops);
        return ops.size();
    }

    private static ObjectNode normalized(Kind kind, ObjectNode document) {
        ObjectNode d = document.deepCopy();
        if (!d.has("apiVersion")) {
            d.put("apiVersion", "v2beta1");
        }
        if (!d.has("kind")) {
            d.put("kind", kind.documentName());
        } else if (Kind.fromDocumentName(d.path("kind").asString("")) != kind) {
            throw new StoreException(Reason.INVALID_ARGUMENT, "kind: must be " + kind.documentName() + ", not " + d.path("kind"));
        }
        return d;
    }

    private void apply(String actor, List<Op> ops) {
        synchronized (writeLock) {
            State next;
            try {
                next = table.inTransaction(c -> write(c, actor, ops));
            } catch (SQLException e) {
                throw unavailable(e);
            }
            swap(next);
        }
    }

    /** In the transaction: takes the writers' lock, checks the change against the set, writes it; the new state. */
    private State write(Connection c, String actor, List<Op> ops) throws SQLException {
        long revision = ResourceTable.bump(c);
        State base = state.revision() == revision - 1 ? state : read(c, revision - 1); // another server wrote since our last poll
        PersistentMap<String, Stored> byRef = base.byRef();
        Instant now = Instant.now();
        List<ResourceTable.Row> rows = new ArrayList<>();
        List<Resource> puts = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        long position = revision << 20;
        for (Op op : ops) {
            Stored old = byRef.get(op.ref());
            if (!op.action().equals("create") && !op.action().equals("import") && (old == null || old.kind() != op.kind())) {
                throw new StoreException(Reason.NOT_FOUND, "ref: no " + op.kind() + " with ref '" + op.ref() + "'");
            }
            if (op.action().equals("create") && old != null) {
                throw new StoreException(Reason.ALREADY_EXISTS, "ref: '" + op.ref() + "' exists already (" + old.kind() + ")");
            }
            if (op.action().equals("import") && old != null && old.kind() != op.kind()) {
                throw new StoreException(Reason.INVALID_ARGUMENT, "ref: '" + op.ref() + "' is a " + old.kind() + ", not a " + op.kind());
            }
            if (op.action().equals("delete")) {
                byRef = byRef.without(op.ref());
                deleted.add(op.ref());
                continue;
            }
            puts.add(bind("request", op.document()));
            Stored s = old == null ? new Stored(op.kind(), op.ref(), op.document(), position++, now, now)
                : new Stored(op.kind(), op.ref(), op.document(), old.position(), old.createdAt(), now);
            byRef = byRef.with(op.ref(), s);
            rows.add(row(s));
        }
        ResourceSet set = check(base.set(), puts, deleted);
        for (ResourceTable.Row r : rows) {
            Stored old = base.byRef().get(r.ref());
            if (old == null) {
                ResourceTable.insert(c, r);
            } else {
                ResourceTable.update(c, r);
            }
            ResourceTable.audit(c, new AuditEntry(now, actor, old == null ? "create" : "update", r.kind(), r.ref(), r.document()));
        }
        for (String ref : deleted) {
            ResourceTable.delete(c, ref);
            ResourceTable.audit(c, new AuditEntry(now, actor, "delete", base.byRef().get(ref).kind().documentName(), ref, null));
        }
        return new State(revision, byRef, set);
    }

    /** The set with the change, checked where it touches; a delete that leaves references dangling is refused naming them. */
    private static ResourceSet check(ResourceSet base, List<Resource> puts, List<String> deleted) {
        try {
            return base.with("request", puts, deleted);
        } catch (ProvisioningException e) {
            List<String> still = new ArrayList<>();
            for (ProvisioningError err : e.errors()) {
                for (String ref : deleted) {
                    if (err.reason().endsWith(" with ref '" + ref + "'")) {
                        still.add(err.document() + " (" + err.field() + ")");
                    }
                }
            }
            if (!still.isEmpty()) {
                throw new StoreException(Reason.FAILED_PRECONDITION, "ref: '" + String.join("', '", deleted)
                    + "' is still referenced by " + String.join(", ", still), e.errors());
            }
            throw invalid(e);
        }
    }

    private static Resource bind(String source, ObjectNode document) {
        try {
            return ResourceLoader.bindDocument(source, document.deepCopy());
        } catch (ProvisioningException e) {
            throw invalid(e);
        }
    }

    private static StoreException invalid(ProvisioningException e) {
        StringBuilder sb = new StringBuilder();
        for (ProvisioningError err : e.errors()) {
            sb.append(sb.isEmpty() ? "" : "; ").append(err.field().isEmpty() ? "" : err.field() + ": ").append(err.reason());
        }
        return new StoreException(Reason.INVALID_ARGUMENT, sb.toString(), e.errors());
    }

    /** The row of {@code s}: its document without the password, which is sealed on its own. */
    private ResourceTable.Row row(Stored s) {
        ObjectNode doc = s.document().deepCopy();
        String sealed = null;
        if (s.kind() == Kind.CREDENTIALS && doc.path("spec").path("credentials") instanceof ObjectNode creds && creds.has("password")) {
            sealed = seal.seal(s.ref(), creds.path("password").asString(""));
            creds.remove("password");
        }
        return new ResourceTable.Row(s.ref(), s.kind().documentName(), JSON.writeValueAsString(doc), sealed, s.position(),
            s.createdAt(), s.updatedAt());
    }

    /** The whole set as the database holds it at {@code revision}. */
    private State read(Connection c, long revision) throws SQLException {
        PersistentMap<String, Stored> byRef = PersistentMap.empty();
        List<Resource> resources = new ArrayList<>();
        List<ProvisioningError> errors = new ArrayList<>();
        for (ResourceTable.Row r : ResourceTable.all(c)) {
            ObjectNode doc = (ObjectNode) JSON.readTree(r.document());
            if (r.sealedPassword() != null && doc.path("spec").path("credentials") instanceof ObjectNode creds) {
                creds.put("password", seal.open(r.ref(), r.sealedPassword()));
            }
            try {
                resources.add(ResourceLoader.bindDocument("database", doc.deepCopy()));
            } catch (ProvisioningException e) {
                errors.addAll(e.errors());
                continue;
            }
            byRef = byRef.with(r.ref(), new Stored(Kind.fromDocumentName(r.kind()), r.ref(), doc, r.position(), r.createdAt(), r.updatedAt()));
        }
        if (!errors.isEmpty()) {
            throw new StoreException(Reason.INVALID_ARGUMENT, new ProvisioningException(errors).getMessage(), errors);
        }
        try {
            return new State(revision, byRef, ResourceSet.of(ResourceLoader.fromResources("database", resources)));
        } catch (ProvisioningException e) {
            throw new StoreException(Reason.INVALID_ARGUMENT, e.getMessage(), e.errors());
        }
    }

    private void swap(State next) {
        state = next;
        listeners.tell(next.snapshot());
    }

    // ---- following the database

    @Override
    public List<ProvisioningError> reload() {
        synchronized (writeLock) {
            State next;
            try {
                next = table.inTransaction(c -> read(c, ResourceTable.revision(c)));
            } catch (SQLException e) {
                return List.of(new ProvisioningError(name, -1, null, null, "", unavailable(e).getMessage()));
            } catch (StoreException e) {
                LOG.error("reload of {} failed; keeping the resources in use: {}", name, e.getMessage());
                return e.errors().isEmpty() ? List.of(new ProvisioningError(name, -1, null, null, "", e.getMessage())) : e.errors();
            }
            if (next.revision() != state.revision()) {
                LOG.info("reloaded {} from the database {} (revision {})", next.snapshot(), name, next.revision());
                swap(next);
            }
            return List.of();
        }
    }

    /** Polls {@code store_revision} every {@code pollMillis}, reloading when another server changed the set. */
    @Override
    public synchronized void startWatching() {
        if (watching) {
            return;
        }
        watching = true;
        poller.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            long revision = table.revision();
            if (outage != null) {
                LOG.info("provisioning database {} answers again", name);
                outage = null;
            }
            if (revision != state.revision()) {
                reload();
            }
        } catch (SQLException | RuntimeException e) {
            String problem = unavailable(e).getMessage();
            if (!problem.equals(outage)) {
                LOG.error("{}; SIP keeps the {} resources in use", problem, state.byRef().size());
            }
            outage = problem;
        }
    }

    /** A query on the database, off the caller's thread. */
    @Override
    public CompletionStage<?> ping() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return table.revision();
            } catch (SQLException e) {
                throw new CompletionException(unavailable(e));
            }
        }, poller);
    }

    private static StoreException unavailable(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
        return new StoreException(Reason.UNAVAILABLE, "provisioning database unreachable: " + cause);
    }

    @Override
    public ProvisioningListeners listeners() {
        return listeners;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        table.close();
    }
}
