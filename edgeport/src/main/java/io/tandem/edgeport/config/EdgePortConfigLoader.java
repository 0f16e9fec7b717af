package io.tandem.edgeport.config;

import com.networknt.schema.Schema;
import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;


/**
 * Reads an EdgePort configuration: a Routr v2 resource, YAML (or JSON when the file name ends in
 * {@code .json}). Three passes, each refusing the file with a {@link ConfigException}:
 * syntax (duplicate keys are errors) and the JSON Schema, by {@link ConfigDocument}: {@code schema/edgeport.schema.json}
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
    private static final Schema SCHEMA = ConfigDocument.schema(EdgePortConfigLoader.class, "/schema/edgeport.schema.json");

    private EdgePortConfigLoader() {
    }

    /** Reads, validates and maps a file. */
    public static EdgePortConfig load(Path file) {
        return parse(ConfigDocument.text(file), file);
    }

    /** Validates and maps {@code text}; {@code file} names it in errors and anchors relative paths. */
    public static EdgePortConfig parse(String text, Path file) {
        return new ConfigReader(file).read(ConfigDocument.read(text, file.toString(), SCHEMA));
    }

    /** The schema violations of a document, each with its field path. */
    static List<ConfigProblem> validate(JsonNode root) {
        return ConfigDocument.validate(SCHEMA, root);
    }
}
