package io.tandem.provisioning.store;

import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Resource documents for the tests, written as YAML. */
final class Docs {
    private static final YAMLMapper YAML = new YAMLMapper();

    private Docs() {
    }

    static ObjectNode parse(String yaml) {
        return (ObjectNode) YAML.readTree(yaml);
    }

    static ObjectNode domain(String ref, String uri) {
        return parse("""
            kind: Domain
            ref: %s
            metadata: {name: Domain %s}
            spec: {context: {domainUri: %s}}
            """.formatted(ref, ref, uri));
    }

    static ObjectNode credentials(String ref, String username, String password) {
        return parse("""
            kind: Credentials
            ref: %s
            metadata: {name: Credentials %s}
            spec: {credentials: {username: "%s", password: "%s"}}
            """.formatted(ref, ref, username, password));
    }

    static ObjectNode agent(String ref, String username, String domainRef, String credentialsRef) {
        return parse("""
            kind: Agent
            ref: %s
            metadata: {name: Agent %s}
            spec: {username: "%s", domainRef: %s, credentialsRef: %s, privacy: None, enabled: true}
            """.formatted(ref, ref, username, domainRef, credentialsRef));
    }
}
