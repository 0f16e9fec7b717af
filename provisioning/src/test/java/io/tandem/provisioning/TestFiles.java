package io.tandem.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes resource files for tests. */
final class TestFiles {
    static final List<String> EXAMPLES = List.of("acl.yaml", "agents.yaml", "credentials.yaml", "domains.yaml",
            "lab-agent.yml", "numbers.yaml", "peers.yaml", "trunks.json", "README.txt");

    private TestFiles() {
    }

    static Path write(Path dir, String name, String content) {
        try {
            Path f = dir.resolve(name);
            Path tmp = dir.resolve("." + name + ".tmp");
            Files.writeString(tmp, content);
            return Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the example set (src/test/resources/examples) into {@code dir}. */
    static Path copyExamples(Path dir) {
        for (String name : EXAMPLES) {
            try (InputStream in = TestFiles.class.getResourceAsStream("/examples/" + name)) {
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    static String example(String name) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/examples/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The errors loading {@code dir} gives (fails when it loads). */
    static List<ProvisioningError> errorsOf(Path dir) {
        try {
            ResourceLoader.loadDirectory(dir);
        } catch (ProvisioningException e) {
            return e.errors();
        }
        throw new AssertionError("expected " + dir + " to be rejected");
    }

    /** A minimal valid document of each kind, as YAML list items, referencing each other. */
    static final String BASE = """
            - apiVersion: v2beta1
              kind: AccessControlList
              ref: acl-1
              metadata: {name: ACL}
              spec:
                accessControlList: {allow: [10.0.0.0/8]}
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-1
              metadata: {name: Creds}
              spec:
                credentials: {username: user1, password: pw}
            - apiVersion: v2beta1
              kind: Domain
              ref: dom-1
              metadata: {name: Domain}
              spec:
                context: {domainUri: sip.test}
            - apiVersion: v2beta1
              kind: Trunk
              ref: trunk-1
              metadata: {name: Trunk}
              spec:
                inbound: {uri: in.test}
            """;
}
