package io.tandem.edgeport.config;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.tandem.edgeport.config.ConfigException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an EdgePort configuration: a Routr v2 resource, YAML (or JSON when the file name ends in
 * {@code .json}). Three passes, each refusing the file with a {@link ConfigException}:
 * syntax (duplicate keys are errors), the JSON Schema {@code schema/edgeport.schema.json}
 * (draft 2020-12), then semantic checks ({@link ConfigReader}).
 *
 * <p>The format, with defaults ({@code *} = Tandem extension):
 * <pre>
 * kind: EdgePort                      # required
 * apiVersion: v2beta1                 # required: v2draft1, v2beta1 or v2
 * ref: edge-port-01                   # required
 * metadata: {region: default}
 * spec:
 *   bindAddr: 0.0.0.0                 # IP literal
 *   externalAddrs: []                 # advertised outside the localnets (first one)
 *   localnets: []                     # CIDR networks, e.g. 10.0.0.0/8
 *   methods: [REGISTER, INVITE, ...]  # default EdgePortConfig.DEFAULT_METHODS
 *   unknownMethodAction: Discard      # or Respond (405)
 *   processor: {addr: host:port}      # accepted, unused by the EdgePort itself
 *   transport:                        # required, at least one
 *     - {protocol: udp, port: 5060, bindAddr: ...}   # udp/tcp/tls/ws/wss, port 1-65535
 *   securityContext:                  # required by tls/wss: keyStore or certificate+privateKey
 *     keyStore: x.p12                 # keyStoreType pkcs12 (default) or jks
 *     keyStorePassword: ""
 *     trustStore: ...                 # outbound TLS; default: the JDK's trust store
 *     certificate: cert.pem           # * PEM chain; with privateKey (PKCS#8 PEM)
 *     privateKey: key.pem             # * privateKeyPassword for an encrypted key
 *     client:
 *       protocols: [TLSv1.2, TLSv1.3] # others are ignored: only TLSv1.2+ is ever enabled
 *       authType: Disabled            # Enabled, Want, Disabled, DisabledAll
 *   timers: {t1: 500, t2: 4000, t4: 5000, linger: 0}    # * milliseconds (RFC 3261 §17; linger: 0 = 64·T1)
 *   proxy: {serverHeader: Tandem, processorTimeout: 5000}   # * Server header ("" = none), ms
 *   limits: {maxConnections: 10000, maxConnectionsPerAddress: 64,
 *            maxMessageSize: 65535, idleTimeoutSeconds: 600,
 *            tlsHandshakeTimeout: 5000}                        # * (ms)
 *   security: {...}                   # * the door's filters: see the security module (io.tandem.security.SecurityConfig)
 * </pre>
 * Fields of {@code spec} that Tandem does not know are ignored with a warning; inside
 * {@code transport} entries, {@code securityContext}, {@code timers} and {@code limits} they are errors.
 */
public final class EdgePortConfigLoader {
    private static final Schema SCHEMA = loadSchema();
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private EdgePortConfigLoader() {
    }

    /** Reads, validates and maps a file. */
    public static EdgePortConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", "cannot read the file: " + e)));
        }
        return parse(text, file);
    }

    /** Validates and maps {@code text}; {@code file} names it in errors and anchors relative paths. */
    public static EdgePortConfig parse(String text, Path file) {
        String name = file.toString();
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(name, List.of(new Problem("", "not valid " + (json ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(name, List.of(new Problem("", "empty document")));
        }
        List<Problem> problems = validate(root);
        if (!problems.isEmpty()) {
            throw new ConfigException(name, problems);
        }
        return new ConfigReader(file).read(root);
    }

    /** The schema violations of a document, each with its field path. */
    static List<Problem> validate(JsonNode root) {
        List<Problem> out = new ArrayList<>();
        for (Error e : SCHEMA.validate(root)) {
            String path = path(e.getInstanceLocation());
            String reason = e.getMessage();
            String kw = e.getKeyword();
            if (e.getProperty() != null && ("required".equals(kw) || "additionalProperties".equals(kw))) {
                path = path.isEmpty() ? e.getProperty() : path + "." + e.getProperty();
                reason = "required".equals(kw) ? "is required" : "unknown field (not allowed here; a typo?)";
            }
            out.add(new Problem(path, reason));
        }
        out.sort(Comparator.comparing(Problem::path));
        return out;
    }

    /** A NodePath as {@code spec.transport[1].port}. */
    static String path(NodePath p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.getNameCount(); i++) {
            Object el = p.getElement(i);
            if (el instanceof Integer n) {
                sb.append('[').append(n).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(el);
            }
        }
        return sb.toString();
    }

    private static Schema loadSchema() {
        try (InputStream in = EdgePortConfigLoader.class.getResourceAsStream("/schema/edgeport.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/edgeport.schema.json missing from the classpath");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
