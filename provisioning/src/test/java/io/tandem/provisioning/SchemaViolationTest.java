package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One schema (or per-document) violation per case, for every kind: the error names file, document, field and reason. */
class SchemaViolationTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                // kind, spec (YAML flow), field, reason
                Arguments.of("Agent", "{username: '12', domainRef: dom-1}", "spec.username", "at least 4 characters"),
                Arguments.of("Agent", "{username: 1001}", "spec.username", "integer found, string expected"),
                Arguments.of("Agent", "{username: '1001', privacy: Secret}", "spec.privacy", "enumeration"),
                Arguments.of("Agent", "{username: '1001', maxContacts: many}", "spec.maxContacts", "string found, integer expected"),
                Arguments.of("Agent", "{domainRef: dom-1}", "spec.username", "is required"),
                Arguments.of("Domain", "{context: {}}", "spec.context.domainUri", "is required"),
                Arguments.of("Domain", "{accessControlListRef: acl-1}", "spec.context", "is required"),
                Arguments.of("Domain", "{context: {domainUri: a.test, egressPolicies: [{rule: '.*'}]}}",
                        "spec.context.egressPolicies[0].numberRef", "is required"),
                Arguments.of("Domain", "{context: {domainUri: a.test, egressPolicies: [{rule: '(', numberRef: n}]}}",
                        "spec.context.egressPolicies[0].rule", "not a valid regular expression"),
                Arguments.of("Peer", "{username: peer1}", "spec.aor", "is required"),
                Arguments.of("Peer", "{username: peer1, aor: 'http://x'}", "spec.aor", "is not an AOR"),
                Arguments.of("Peer", "{username: peer1, aor: 'sip:p@x', loadBalancing: {algorithm: random}}",
                        "spec.loadBalancing.algorithm", "enumeration"),
                Arguments.of("Peer", "{username: peer1, aor: 'sip:p@x', enabled: 'yes'}", "spec.enabled", "string found, boolean expected"),
                Arguments.of("Trunk", "{inbound: {accessControlListRef: acl-1}}", "spec.inbound.uri", "is required"),
                Arguments.of("Trunk", "{outbound: {uris: [{uri: {host: h, port: 70000, transport: udp}}]}}",
                        "spec.outbound.uris[0].uri.port", "maximum value of 65535"),
                Arguments.of("Trunk", "{outbound: {uris: [{uri: {host: h, port: 5060, transport: quic}}]}}",
                        "spec.outbound.uris[0].uri.transport", "enumeration"),
                Arguments.of("Trunk", "{outbound: {uris: [{uri: {host: h, port: 5060, transport: udp}, weight: 0}]}}",
                        "spec.outbound.uris[0].weight", "minimum value of 1"),
                Arguments.of("Trunk", "{outbound: {sendRegister: true}}", "spec.outbound.uris", "is required"),
                Arguments.of("Number", "{trunkRef: trunk-1, location: {aorLink: 'sip:a@b'}}", "spec.location.telUrl", "is required"),
                Arguments.of("Number", "{location: {telUrl: '+15550001111'}}", "spec.location.telUrl", "is not a tel URL"),
                Arguments.of("Number", "{location: {telUrl: 'tel:+1 555 000'}}", "spec.location.telUrl", "is not a tel URL"),
                Arguments.of("Number", "{location: {telUrl: 'tel:+1234567890123456'}}", "spec.location.telUrl", "1 to 15 digits"),
                Arguments.of("Number", "{location: {telUrl: 'tel:+15550001111', aorLink: 'mailto:a@b'}}",
                        "spec.location.aorLink", "is not an AOR"),
                Arguments.of("Credentials", "{credentials: {username: user1}}", "spec.credentials.password", "is required"),
                Arguments.of("Credentials", "{}", "spec.credentials", "is required"),
                Arguments.of("AccessControlList", "{accessControlList: {allow: []}}", "spec.accessControlList.allow", "at least 1"),
                Arguments.of("AccessControlList", "{accessControlList: {deny: [10.0.0.1, 10.0.0.1]}}",
                        "spec.accessControlList.deny", "unique"),
                Arguments.of("AccessControlList", "{accessControlList: {allow: [10.0.0.1, 10.0.0.256]}}",
                        "spec.accessControlList.allow[1]", "not an IPv4 address"),
                Arguments.of("AccessControlList", "{accessControlList: {deny: [10.0.0.0/33]}}",
                        "spec.accessControlList.deny[0]", "prefix length 33 is over 32"),
                Arguments.of("AccessControlList", "{accessControlList: {allow: [10.0.0.0/255.0.255.0]}}",
                        "spec.accessControlList.allow[0]", "not a contiguous network mask"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void namesFileRefFieldAndReason(String kind, String spec, String field, String reason) {
        Path f = TestFiles.write(dir, "bad.yaml", TestFiles.BASE + """
                - apiVersion: v2beta1
                  kind: %s
                  ref: the-bad-one
                  metadata: {name: Bad}
                  spec: %s
                """.formatted(kind, spec));
        List<ProvisioningError> errors = TestFiles.errorsOf(dir);
        assertThat(errors).hasSize(1);
        ProvisioningError e = errors.get(0);
        assertThat(e.file()).isEqualTo(f.toString());
        assertThat(e.ref()).isEqualTo("the-bad-one");
        assertThat(e.index()).isEqualTo(4);
        assertThat(e.kind()).isEqualTo(Kind.fromDocumentName(kind));
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).contains(reason);
        assertThat(e.message()).isEqualTo(f + ": " + kind + " 'the-bad-one': " + field + ": " + e.reason());
    }

    static Stream<Arguments> envelopeCases() {
        return Stream.of(
                Arguments.of("{apiVersion: v1, kind: Agent, ref: x, metadata: {name: n}, spec: {username: abcd}}", "apiVersion", "enumeration"),
                Arguments.of("{apiVersion: v2, kind: Agent, ref: x, spec: {username: abcd}}", "metadata", "is required"),
                Arguments.of("{apiVersion: v2, kind: Agent, ref: x, metadata: {name: n}}", "spec", "is required"),
                Arguments.of("{apiVersion: v2, kind: Agent, ref: x, metadata: {name: '" + "n".repeat(61) + "'}, spec: {username: abcd}}",
                        "metadata.name", "at most 60"),
                Arguments.of("{apiVersion: v2, kind: Agent, ref: 'a b', metadata: {name: n}, spec: {username: abcd}}", "ref", "spaces"),
                Arguments.of("{apiVersion: v2, kind: Gateway, ref: x, metadata: {name: n}, spec: {}}", "kind", "unknown kind 'Gateway'"),
                Arguments.of("{apiVersion: v2, ref: x, metadata: {name: n}, spec: {}}", "kind", "is required"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("envelopeCases")
    void envelopeViolations(String doc, String field, String reason) {
        TestFiles.write(dir, "one.yaml", doc);
        List<ProvisioningError> errors = TestFiles.errorsOf(dir);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
            assertThat(e.index()).isZero();
            assertThat(e.message()).contains("one.yaml").contains(field);
        });
    }

    @ParameterizedTest(name = "missing ref in {0}")
    @MethodSource("kinds")
    void missingRefIsNamedByIndex(String kind) {
        TestFiles.write(dir, "noref.yaml", "- {apiVersion: v2, kind: Credentials, ref: c, metadata: {name: n}, spec: {credentials: {username: abcd, password: p}}}\n"
                + "- {apiVersion: v2, kind: " + kind + ", metadata: {name: n}, spec: {}}\n");
        List<ProvisioningError> errors = TestFiles.errorsOf(dir);
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("ref");
            assertThat(e.reason()).isEqualTo("is required");
            assertThat(e.ref()).isNull();
            assertThat(e.message()).contains("noref.yaml: " + kind + " #1: ref: is required");
        });
    }

    static Stream<String> kinds() {
        return Stream.of("Domain", "Agent", "Peer", "Trunk", "Number", "Credentials", "AccessControlList");
    }
}
