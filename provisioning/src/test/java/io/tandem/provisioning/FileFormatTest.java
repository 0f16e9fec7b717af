package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes a resource file may take. */
class FileFormatTest {
    @TempDir
    Path dir;

    private static final String CRED = "{apiVersion: v2, kind: Credentials, ref: %s, metadata: {name: n}, spec: {credentials: {username: abcd, password: p}}}";
    private static final String CRED_JSON = """
            {"apiVersion": "v2", "kind": "Credentials", "ref": "%s", "metadata": {"name": "n"},
             "spec": {"credentials": {"username": "abcd", "password": "p"}}}""";

    private List<String> refs() {
        return ResourceLoader.loadDirectory(dir).credentialsList().stream().map(Resource::ref).toList();
    }

    @Test
    void singleYamlDocument() {
        TestFiles.write(dir, "one.yaml", CRED.formatted("c1"));
        assertThat(refs()).containsExactly("c1");
    }

    @Test
    void yamlListAndMultiDocumentStream() {
        TestFiles.write(dir, "list.yml", "- " + CRED.formatted("c1") + "\n- " + CRED.formatted("c2") + "\n");
        TestFiles.write(dir, "stream.yaml", "---\n- " + CRED.formatted("c3") + "\n---\n" + CRED.formatted("c4") + "\n---\n");
        assertThat(refs()).containsExactly("c1", "c2", "c3", "c4");
    }

    @Test
    void jsonObjectAndList() {
        TestFiles.write(dir, "a.json", CRED_JSON.formatted("c1"));
        TestFiles.write(dir, "b.JSON", "[" + CRED_JSON.formatted("c2") + ", " + CRED_JSON.formatted("c3") + "]");
        assertThat(refs()).containsExactly("c1", "c2", "c3");
    }

    @Test
    void emptyFilesAndOtherFilesAreIgnored() {
        TestFiles.write(dir, "empty.yaml", "");
        TestFiles.write(dir, "empty.json", "");
        TestFiles.write(dir, "comments.yaml", "# nothing yet\n");
        TestFiles.write(dir, "notes.txt", "not: [valid");
        TestFiles.write(dir, ".hidden.yaml", "not: [valid");
        TestFiles.write(dir, "one.yaml", CRED.formatted("c1"));
        assertThat(refs()).containsExactly("c1");
    }

    @Test
    void kindInAnyCase() {
        TestFiles.write(dir, "k.yaml", """
                - {apiVersion: v2, kind: accesscontrollist, ref: a1, metadata: {name: n}, spec: {accessControlList: {allow: [10.0.0.1]}}}
                - {apiVersion: v2, kind: CREDENTIALS, ref: c1, metadata: {name: n}, spec: {credentials: {username: abcd, password: p}}}
                """);
        ProvisioningSnapshot p = ResourceLoader.loadDirectory(dir);
        assertThat(p.acl("a1").kind()).isEqualTo(Kind.ACCESS_CONTROL_LIST);
        assertThat(p.credentials("c1")).isNotNull();
    }

    @Test
    void unknownFieldsAreIgnoredAsRoutrDoes() {
        TestFiles.write(dir, "x.yaml", "{apiVersion: v2, kind: Credentials, ref: c1, metadata: {name: n, labels: {a: b}},"
                + " spec: {credentials: {username: abcd, password: p}, extended: {x: 1}}}");
        assertThat(refs()).containsExactly("c1");
    }

    @Test
    void nonObjectDocument() {
        TestFiles.write(dir, "x.yaml", "- " + CRED.formatted("c1") + "\n- just a string\n");
        assertThat(TestFiles.errorsOf(dir)).singleElement().satisfies(e -> {
            assertThat(e.index()).isEqualTo(1);
            assertThat(e.message()).contains("x.yaml: document #1: a resource must be an object");
        });
    }

    @Test
    void explicitFileList() {
        Path a = TestFiles.write(dir, "a.yaml", CRED.formatted("c1"));
        TestFiles.write(dir, "b.yaml", CRED.formatted("c2"));
        assertThat(ResourceLoader.load(List.of(a)).credentialsList()).extracting(Resource::ref).containsExactly("c1");
    }

    @Test
    void unreadableFileIsReported() {
        assertThat(catchErrors(List.of(dir.resolve("missing.yaml")))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("missing.yaml: cannot read the file"));
    }

    private static List<ProvisioningError> catchErrors(List<Path> files) {
        try {
            ResourceLoader.load(files);
        } catch (ProvisioningException e) {
            return e.errors();
        }
        throw new AssertionError("expected errors");
    }
}
