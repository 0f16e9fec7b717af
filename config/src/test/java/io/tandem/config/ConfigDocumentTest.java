package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Schema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocumentTest {
    static final Schema SCHEMA = ConfigDocument.schema(ConfigDocumentTest.class, "/schema/test.schema.json");

    @Test
    void readsYamlAndJsonByName() {
        assertThat(ConfigDocument.read("kind: T\nspec: {port: 5060}\n", "a.yaml", SCHEMA).path("spec").path("port").asInt())
            .isEqualTo(5060);
        assertThat(ConfigDocument.read("{\"kind\": \"T\"}", "a.json", SCHEMA).path("kind").asString()).isEqualTo("T");
    }

    @Test
    void namesTheFileTheFieldAndTheReason() {
        assertThatThrownBy(() -> ConfigDocument.read("kind: T\nspec: {port: 70000, prot: 1}\n", "edge.yaml", SCHEMA))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("edge.yaml: spec.port: must have a maximum value of 65535")
            .hasMessageContaining("edge.yaml: spec.prot: unknown field (not allowed here; a typo?)");
        assertThatThrownBy(() -> ConfigDocument.read("spec: {}\n", "edge.yaml", SCHEMA))
            .hasMessageContaining("edge.yaml: kind: is required");
    }

    @Test
    void refusesDuplicateKeysSyntaxErrorsEmptyAndSeveralDocuments() {
        assertThatThrownBy(() -> ConfigDocument.parse("kind: T\nkind: U\n", "d.yaml"))
            .hasMessageContaining("d.yaml: not valid YAML at line 2").hasMessageContaining("kind");
        assertThatThrownBy(() -> ConfigDocument.parse("{\"kind\": ", "d.json")).hasMessageContaining("d.json: not valid JSON");
        assertThatThrownBy(() -> ConfigDocument.parse("", "e.yaml")).hasMessageContaining("e.yaml: empty document");
        assertThatThrownBy(() -> ConfigDocument.parse("kind: T\n---\nkind: U\n", "m.yaml"))
            .hasMessageContaining("holds 2 documents");
        assertThat(ConfigDocument.parseStream("kind: T\n---\nkind: U\n", "m.yaml")).hasSize(2);
    }

    @Test
    void anUnreadableFileIsRefusedLikeABadOne() {
        Path missing = Path.of("/nonexistent/edgeport.yaml");
        assertThatThrownBy(() -> ConfigDocument.text(missing)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("/nonexistent/edgeport.yaml: cannot read the file");
    }

    @Test
    void problemsNestUnderASection() {
        assertThat(new ConfigProblem("flood.window", "too small").under("spec.security").toString())
            .isEqualTo("spec.security.flood.window: too small");
        assertThat(new ConfigProblem("", "bad").under("spec.security").path()).isEqualTo("spec.security");
    }

    @Test
    void cidrNotations() {
        assertThat(Cidr.parse("10.0.0.0/255.0.0.0").network()).isEqualTo("10.0.0.0/8");
        assertThat(Cidr.parse("[::1]/128").contains(Cidr.literal("::1"))).isTrue();
        assertThat(Cidr.parse("127.0.0.1/8").contains(Cidr.literal("127.9.9.9"))).isTrue();
        assertThatThrownBy(() -> Cidr.literal("10.1")).hasMessageContaining("not an IP address");
    }
}
