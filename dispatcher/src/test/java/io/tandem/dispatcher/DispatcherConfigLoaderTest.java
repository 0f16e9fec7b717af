package io.tandem.dispatcher;

import io.tandem.config.ConfigProblem;
import io.tandem.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.dispatcher.DispatcherConfig.MiddlewareSpec;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherConfigLoaderTest {
    private static final String HEAD = "kind: MessageDispatcher\napiVersion: v2beta1\nref: md\n";

    @Test
    void loadsRoutrsDispatcherFile() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/routr/dispatcher.yaml").toURI());
        DispatcherConfig c = DispatcherConfigLoader.load(file);
        assertThat(c.file()).isEqualTo(file.toString());
        assertThat(c.ref()).isEqualTo("message-dispatcher");
        assertThat(c.apiVersion()).isEqualTo("v2beta1");
        assertThat(c.bindAddr()).isEqualTo("0.0.0.0:51901");
        assertThat(c.processors()).extracting(DispatcherConfig.ProcessorSpec::ref).containsExactly("im-processor", "connect-processor");
        assertThat(c.processors().get(0).addr()).isEqualTo("im:51904");
        assertThat(c.processors().get(0).matchFunc().expression()).isEqualTo("method == \"MESSAGE\"");
        assertThat(c.processors().get(1).matchFunc().expression()).isEqualTo("true");
        assertThat(c.processors().get(1).methods()).containsExactly("REGISTER", "MESSAGE", "INVITE", "ACK", "BYE", "CANCEL");
        assertThat(c.middlewares()).isEmpty();
    }

    @Test
    void loadsJsonWithMiddlewares(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dispatcher.json");
        Files.writeString(file, """
            {"kind": "MessageDispatcher", "apiVersion": "v2", "ref": "md",
             "spec": {"processors": [{"ref": "p", "methods": ["INVITE"], "matchFunc": "requestUriUser.startsWith('+1')"}],
                      "middlewares": [{"ref": "a", "addr": "a:1"}, {"ref": "b", "postProcessor": true}]}}
            """);
        DispatcherConfig c = DispatcherConfigLoader.load(file);
        assertThat(c.bindAddr()).isNull();
        assertThat(c.processors().get(0).addr()).isNull();
        assertThat(c.middlewares()).containsExactly(new MiddlewareSpec("a", "a:1", false), new MiddlewareSpec("b", null, true));
    }

    @Test
    void schemaErrorsNameFileFieldAndReason() {
        String yaml = HEAD + """
            spec:
              processors:
                - ref: p
                  matchFunc: req => true
                - ref: q
                  methods: []
                  matchFunc: "true"
                  adr: x
              middlewares:
                - ref: m
                  postProcessor: "yes"
            """;
        ConfigException e = refused(yaml, "conf/dispatcher.yaml");
        assertThat(e.file()).isEqualTo("conf/dispatcher.yaml");
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
            "spec.middlewares[0].postProcessor", "spec.processors[0].methods", "spec.processors[1].adr", "spec.processors[1].methods");
        assertThat(e.problems().get(1).reason()).isEqualTo("is required");
        assertThat(e.problems().get(2).reason()).contains("unknown field");
        assertThat(e.getMessage()).contains("conf/dispatcher.yaml: spec.processors[0].methods: is required");
        assertThat(e.getMessage()).contains("conf/dispatcher.yaml: spec.middlewares[0].postProcessor: ");
    }

    @Test
    void documentLevelErrors() {
        assertThat(refused("kind: EdgePort\napiVersion: v1\nref: x\nspec: {processors: []}\n", "d.yaml").problems())
            .extracting(ConfigProblem::path).containsExactly("apiVersion", "kind", "spec.processors");
        assertThat(refused("kind: MessageDispatcher\n", "d.yaml").problems())
            .extracting(ConfigProblem::path).containsExactly("apiVersion", "ref", "spec");
        assertThat(refused("", "d.yaml").getMessage()).isEqualTo("d.yaml: empty document");
        assertThat(refused("kind: a\nkind: b\n", "d.yaml").getMessage()).startsWith("d.yaml: not valid YAML at line 2");
        assertThat(refused("{\"kind\": ", "d.json").getMessage()).startsWith("d.json: not valid JSON");
    }

    @Test
    void badMatchFuncNamesTheProcessor() {
        String yaml = HEAD + """
            spec:
              processors:
                - ref: ok
                  methods: [INVITE]
                  matchFunc: req => true
                - ref: ua-processor
                  methods: [INVITE]
                  matchFunc: req => req.message.extensions.find(e => e.name === 'User-Agent')
                - ref: typo-processor
                  methods: [INVITE]
                  matchFunc: methd == 'INVITE'
            """;
        ConfigException e = refused(yaml, "dispatcher.yaml");
        assertThat(e.problems()).extracting(ConfigProblem::path)
            .containsExactly("spec.processors[1].matchFunc", "spec.processors[2].matchFunc");
        assertThat(e.problems().get(0).reason()).startsWith("processor ua-processor: cannot translate the JavaScript matchFunc");
        assertThat(e.problems().get(1).reason()).startsWith("processor typo-processor: not a valid CEL expression")
            .contains("methd");
        assertThat(e.getMessage()).startsWith("dispatcher.yaml: spec.processors[1].matchFunc: processor ua-processor: ");
    }

    @Test
    void addrsMustBeHostPortNamingTheFileTheEntryAndTheField() {
        String yaml = HEAD + """
            spec:
              bindAddr: 0.0.0.0
              processors:
                - {ref: named, addr: "connect:51904", methods: [INVITE], matchFunc: "true"}
                - {ref: v6, addr: "[::1]:51904", methods: [INVITE], matchFunc: "true"}
                - {ref: no-port, addr: "connect", methods: [INVITE], matchFunc: "true"}
                - {ref: bare-v6, addr: "::1:51904", methods: [INVITE], matchFunc: "true"}
                - {ref: big-port, addr: "10.0.0.5:70000", methods: [INVITE], matchFunc: "true"}
              middlewares:
                - {ref: tenant, addr: "header:X-Tenant: acme", postProcessor: true}
                - {ref: remote, addr: "mw:51903"}
                - {ref: url, addr: "http://mw:51903"}
            """;
        ConfigException e = refused(yaml, "conf/dispatcher.yaml");
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
            "spec.processors[2].addr", "spec.processors[3].addr", "spec.processors[4].addr", "spec.middlewares[2].addr",
            "spec.bindAddr");
        assertThat(e.getMessage())
            .contains("conf/dispatcher.yaml: spec.processors[2].addr: processor no-port: 'connect' is not HOST:PORT")
            .contains("spec.processors[3].addr: processor bare-v6: '::1:51904': an IPv6 address is written in brackets ([::1]:51904)")
            .contains("spec.processors[4].addr: processor big-port: '10.0.0.5:70000': the port '70000' is not a number between 1 and 65535")
            .contains("spec.middlewares[2].addr: middleware url: 'http://mw:51903': HOST:PORT takes no scheme")
            .contains("spec.bindAddr: '0.0.0.0' is not HOST:PORT");
    }

    @Test
    void unreadableFile(@TempDir Path dir) {
        Path missing = dir.resolve("none.yaml");
        assertThatThrownBy(() -> DispatcherConfigLoader.load(missing))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(missing + ": cannot read the file");
    }

    private static ConfigException refused(String text, String name) {
        try {
            DispatcherConfigLoader.parse(text, name);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }
}
