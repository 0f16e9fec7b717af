package io.tandem.admin;

import io.tandem.provisioning.Kind;
import io.tandem.provisioning.store.StoreSettings;
import io.tandem.provisioning.store.StoredProvisioning;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** A store on H2 with two tenants' Domains, the admin gRPC server on a free loopback port, its keys and a client. */
abstract class AdminFixture {
    static final YAMLMapper YAML = new YAMLMapper();
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    static final String ADMIN = RoutrClient.basic("ops", "admin-secret-0123456789");
    static final String OPERATOR_A = RoutrClient.basic("acme", "operator-a-secret-0123");
    static final String OPERATOR_B = RoutrClient.basic("globex", "operator-b-secret-0123");
    static final String VIEWER = RoutrClient.basic("noc", "viewer-secret-0123456");

    @TempDir
    Path data;
    StoredProvisioning store;
    AdminServer server;
    RoutrClient client;
    final AtomicInteger serial = new AtomicInteger(100);

    @BeforeEach
    void startAdmin() throws Exception {
        store = StoredProvisioning.open(StoreSettings.h2(data), KEY);
        store.create(Kind.DOMAIN, yaml("{kind: Domain, ref: domain-a, metadata: {name: A}, spec: {context: {domainUri: a.local}}}"), "setup");
        store.create(Kind.DOMAIN, yaml("{kind: Domain, ref: domain-b, metadata: {name: B}, spec: {context: {domainUri: b.local}}}"), "setup");
        ApiKeys keys = new ApiKeys(List.of(
            new ApiKeys.Key("ops", ApiKeys.sha256("admin-secret-0123456789"), Role.ADMIN, null),
            new ApiKeys.Key("acme", ApiKeys.sha256("operator-a-secret-0123"), Role.OPERATOR, "domain-a"),
            new ApiKeys.Key("globex", ApiKeys.sha256("operator-b-secret-0123"), Role.OPERATOR, "domain-b"),
            new ApiKeys.Key("noc", ApiKeys.sha256("viewer-secret-0123456"), Role.VIEWER, null)));
        server = AdminServer.start(new AdminSettings(new InetSocketAddress("127.0.0.1", 0), keys), store);
        client = new RoutrClient(server.port());
    }

    @AfterEach
    void stopAdmin() {
        client.close();
        server.close();
        store.close();
    }

    static ObjectNode yaml(String s) {
        return (ObjectNode) YAML.readTree(s);
    }

    /** A Create request of {@code kind} in tenant A, its unique fields made unique by a serial number. */
    ObjectNode createRequest(Kind kind, String credentialsRef, String aclRef, String trunkRef) {
        int n = serial.incrementAndGet();
        return switch (kind) {
            case DOMAIN -> yaml("{name: D%d, domainUri: d%d.example.net}".formatted(n, n));
            case AGENT -> yaml("{name: A%d, username: user%d, domainRef: domain-a, credentialsRef: %s, privacy: NONE, enabled: true}"
                .formatted(n, n, credentialsRef));
            case CREDENTIALS -> yaml("{name: C%d, username: cred%d, password: pw-%d}".formatted(n, n, n));
            case ACCESS_CONTROL_LIST -> yaml("{name: L%d, allow: [10.%d.0.0/16], deny: [0.0.0.0/0]}".formatted(n, n % 250));
            case NUMBER -> yaml("{name: N%d, telUrl: 'tel:+1706604%04d', aorLink: 'sip:user101@a.local', trunkRef: %s}"
                .formatted(n, n, trunkRef));
            case PEER -> yaml("{name: P%d, username: peer%d, aor: 'backend:p%d', balancingAlgorithm: ROUND_ROBIN}".formatted(n, n, n));
            case TRUNK -> yaml("{name: T%d, inboundUri: t%d.a.local, accessControlListRef: %s, uris: [{host: 198.51.100.%d, port: 5060, transport: UDP}]}"
                .formatted(n, n, aclRef, n % 250));
        };
    }
}
