package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** References across documents, duplicate refs and keys, and reporting of all errors together. */
class CrossCheckTest {
    @TempDir
    Path dir;

    private List<ProvisioningError> errorsWith(String extra) {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        TestFiles.write(dir, "extra.yaml", extra);
        return TestFiles.errorsOf(dir);
    }

    static Stream<Arguments> badReferences() {
        return Stream.of(
                Arguments.of("Agent", "{username: abcd, domainRef: dom-9}", "spec.domainRef", "no Domain with ref 'dom-9'"),
                Arguments.of("Agent", "{username: abcd, credentialsRef: cred-9}", "spec.credentialsRef", "no Credentials with ref 'cred-9'"),
                Arguments.of("Agent", "{username: abcd, domainRef: cred-1}", "spec.domainRef", "'cred-1' is a Credentials, not a Domain"),
                Arguments.of("Domain", "{accessControlListRef: acl-9, context: {domainUri: b.test}}", "spec.accessControlListRef",
                        "no AccessControlList with ref 'acl-9'"),
                Arguments.of("Domain", "{context: {domainUri: b.test, accessControlListRef: dom-1}}", "spec.context.accessControlListRef",
                        "'dom-1' is a Domain, not a AccessControlList"),
                Arguments.of("Domain", "{context: {domainUri: b.test, egressPolicies: [{rule: '.*', numberRef: num-9}]}}",
                        "spec.context.egressPolicies[0].numberRef", "no Number with ref 'num-9'"),
                Arguments.of("Peer", "{username: peer1, aor: 'sip:p@x', credentialsRef: cred-9}", "spec.credentialsRef", "no Credentials"),
                Arguments.of("Peer", "{username: peer1, aor: 'sip:p@x', accessControlListRef: acl-9}", "spec.accessControlListRef",
                        "no AccessControlList"),
                Arguments.of("Trunk", "{inbound: {uri: b.test, credentialsRef: cred-9}}", "spec.inbound.credentialsRef", "no Credentials"),
                Arguments.of("Trunk", "{inbound: {uri: b.test, accessControlListRef: acl-9}}", "spec.inbound.accessControlListRef",
                        "no AccessControlList"),
                Arguments.of("Trunk", "{outbound: {credentialsRef: cred-9, uris: []}}", "spec.outbound.credentialsRef", "no Credentials"),
                Arguments.of("Number", "{trunkRef: trunk-9, location: {telUrl: 'tel:+15550001111'}}", "spec.trunkRef", "no Trunk with ref 'trunk-9'"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("badReferences")
    void badReference(String kind, String spec, String field, String reason) {
        List<ProvisioningError> errors = errorsWith("- {apiVersion: v2, kind: " + kind + ", ref: x-1, metadata: {name: n}, spec: " + spec + "}\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.file()).endsWith("extra.yaml");
            assertThat(e.ref()).isEqualTo("x-1");
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void duplicateRefAcrossFilesAndKinds() {
        List<ProvisioningError> errors = errorsWith(
                "- {apiVersion: v2, kind: Credentials, ref: dom-1, metadata: {name: n}, spec: {credentials: {username: abcd, password: p}}}\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.file()).endsWith("extra.yaml");
            assertThat(e.ref()).isEqualTo("dom-1");
            assertThat(e.field()).isEqualTo("ref");
            assertThat(e.reason()).contains("duplicate ref").contains("Domain 'dom-1'").contains("base.yaml");
        });
    }

    @Test
    void copiedFileGivesOneErrorPerDocument() {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        TestFiles.write(dir, "copy.yaml", TestFiles.BASE);
        assertThat(TestFiles.errorsOf(dir)).hasSize(4).allSatisfy(e -> {
            assertThat(e.file()).endsWith("copy.yaml");
            assertThat(e.field()).isEqualTo("ref");
        });
    }

    @Test
    void duplicateUsernameWithinADomainOnly() {
        TestFiles.write(dir, "agents.yaml", """
                - {apiVersion: v2, kind: Domain, ref: dom-2, metadata: {name: n}, spec: {context: {domainUri: other.test}}}
                - {apiVersion: v2, kind: Agent, ref: ag-1, metadata: {name: n}, spec: {username: '1001', domainRef: dom-1}}
                - {apiVersion: v2, kind: Agent, ref: ag-2, metadata: {name: n}, spec: {username: '1001', domainRef: dom-2}}
                """);
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        assertThat(ResourceLoader.loadDirectory(dir).findAgent("1001", "other.test").ref()).isEqualTo("ag-2");
        List<ProvisioningError> errors = errorsWith(
                "- {apiVersion: v2, kind: Agent, ref: ag-3, metadata: {name: n}, spec: {username: '1001', domainRef: dom-1}}\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.ref()).isEqualTo("ag-3");
            assertThat(e.field()).isEqualTo("spec.username");
            assertThat(e.reason()).contains("'1001' is already used in Domain 'dom-1' by Agent 'ag-1'");
        });
    }

    static Stream<Arguments> duplicateKeys() {
        return Stream.of(
                Arguments.of("{apiVersion: v2, kind: Domain, ref: d-2, metadata: {name: n}, spec: {context: {domainUri: SIP.test}}}",
                        "spec.context.domainUri", "domainUri 'SIP.test' is already used by Domain 'dom-1'"),
                Arguments.of("{apiVersion: v2, kind: Trunk, ref: t-2, metadata: {name: n}, spec: {inbound: {uri: in.test}}}",
                        "spec.inbound.uri", "inbound uri 'in.test' is already used by Trunk 'trunk-1'"),
                Arguments.of("{apiVersion: v2, kind: Peer, ref: p-2, metadata: {name: n}, spec: {username: peer1, aor: 'sip:b@x'}}",
                        "spec.username", "username 'peer1' is already used by Peer 'p-1'"),
                Arguments.of("{apiVersion: v2, kind: Number, ref: n-2, metadata: {name: n}, spec: {location: {telUrl: 'tel:+15550001111'}}}",
                        "spec.location.telUrl", "telUrl 'tel:+15550001111' is already used by Number 'n-1'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("duplicateKeys")
    void duplicateLookupKeys(String doc, String field, String reason) {
        List<ProvisioningError> errors = errorsWith("""
                - {apiVersion: v2, kind: Peer, ref: p-1, metadata: {name: n}, spec: {username: peer1, aor: 'sip:a@x'}}
                - {apiVersion: v2, kind: Number, ref: n-1, metadata: {name: n}, spec: {location: {telUrl: 'tel:+15550001111'}}}
                - %s
                """.formatted(doc));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.index()).isEqualTo(2);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void referenceToAnInvalidDocumentDoesNotCascade() {
        List<ProvisioningError> errors = errorsWith("""
                - {apiVersion: v2, kind: Credentials, ref: c-bad, metadata: {name: n}, spec: {credentials: {username: ab}}}
                - {apiVersion: v2, kind: Agent, ref: a-1, metadata: {name: n}, spec: {username: abcd, credentialsRef: c-bad}}
                """);
        assertThat(errors).extracting(ProvisioningError::ref).containsOnly("c-bad");
    }

    @Test
    void reportsErrorsOfAllFilesTogetherInFileOrder() {
        TestFiles.write(dir, "a.yaml", "- {apiVersion: v2, kind: Agent, ref: a-1, metadata: {name: n}, spec: {username: ab}}\n");
        TestFiles.write(dir, "b.yaml", "key: [unclosed\n");
        TestFiles.write(dir, "c.json", "[{\"apiVersion\": \"v2\", \"kind\": \"Number\", \"ref\": \"n-1\", \"metadata\": {\"name\": \"n\"},"
                + " \"spec\": {\"trunkRef\": \"nope\", \"location\": {\"telUrl\": \"tel:+1555\"}}}]");
        assertThatThrownBy(() -> ResourceLoader.loadDirectory(dir))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.errors()).extracting(x -> Path.of(x.file()).getFileName().toString())
                            .containsExactly("a.yaml", "b.yaml", "c.json");
                    assertThat(e.getMessage()).startsWith("3 provisioning errors")
                            .contains("a.yaml: Agent 'a-1': spec.username: must be at least 4 characters long")
                            .contains("c.json: Number 'n-1': spec.trunkRef: no Trunk with ref 'nope'");
                });
    }

    @Test
    void malformedYamlNamesTheLine() {
        Path f = TestFiles.write(dir, "broken.yaml", """
                - apiVersion: v2
                  kind: Agent
                  ref: a-1
                   metadata: {name: n}
                """);
        assertThat(TestFiles.errorsOf(dir)).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo(f.toString());
            assertThat(e.index()).isEqualTo(-1);
            assertThat(e.reason()).startsWith("not valid YAML at line 4").doesNotContain("\n");
            assertThat(e.message()).startsWith(f + ": not valid YAML at line 4");
        });
    }

    @Test
    void duplicateYamlKeyIsAnError() {
        TestFiles.write(dir, "dup.yaml", "apiVersion: v2\nkind: Agent\nref: a\nref: b\n");
        assertThat(TestFiles.errorsOf(dir)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("line 4").contains("Duplicate"));
    }

    @Test
    void malformedJsonNamesTheLine() {
        TestFiles.write(dir, "broken.json", "[\n  {\"apiVersion\": \"v2\",\n   \"kind\": }\n]");
        assertThat(TestFiles.errorsOf(dir)).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("not valid JSON at line 3"));
    }

    @Test
    void missingDirectory() {
        assertThatThrownBy(() -> ResourceLoader.loadDirectory(dir.resolve("nope")))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("nope: not a directory");
    }
}
