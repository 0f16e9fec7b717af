package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Tandem extension {@code numbering} on Domain ({@code spec.context}) and Trunk ({@code spec.inbound}). */
class NumberingTest {
    @TempDir
    Path dir;

    @Test
    void domainAndTrunkNumberingLoadAndBind() {
        TestFiles.write(dir, "n.yaml", """
                - apiVersion: v2
                  kind: Domain
                  ref: dom-uk
                  metadata: {name: UK}
                  spec:
                    context:
                      domainUri: uk.test
                      numbering: {countryCode: '44', internationalPrefixes: ['00'], nationalPrefix: '0', nationalNumberLength: 10}
                - apiVersion: v2
                  kind: Trunk
                  ref: trunk-us
                  metadata: {name: US}
                  spec:
                    inbound:
                      uri: us.test
                      numbering: {countryCode: '1'}
                """);
        ProvisioningSnapshot s = ResourceLoader.loadDirectory(dir);
        assertThat(s.domain("dom-uk").numbering()).isEqualTo(new Numbering("44", List.of("00"), "0", 10));
        // defaults: international ["00"], national prefix "", variable length
        assertThat(s.trunk("trunk-us").inboundNumbering()).isEqualTo(new Numbering("1", List.of("00"), "", 0));
    }

    @Test
    void filesWithoutNumberingStillLoadWithNone() {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        ProvisioningSnapshot s = ResourceLoader.loadDirectory(dir);
        assertThat(s.domain("dom-1").numbering()).isNull();
        assertThat(s.trunk("trunk-1").inboundNumbering()).isNull();
        Trunk outboundOnly = new Trunk("v2", "t", new Metadata("T"), new Trunk.Spec(null, null));
        assertThat(outboundOnly.inboundNumbering()).isNull();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("Domain", "{context: {domainUri: a.test, numbering: {nationalPrefix: '0'}}}",
                        "spec.context.numbering.countryCode", "is required"),
                Arguments.of("Domain", "{context: {domainUri: a.test, numbering: {countryCode: '4444'}}}",
                        "spec.context.numbering.countryCode", "pattern"),
                Arguments.of("Domain", "{context: {domainUri: a.test, numbering: {countryCode: 44}}}",
                        "spec.context.numbering.countryCode", "integer found, string expected"),
                Arguments.of("Domain", "{context: {domainUri: a.test, numbering: {countryCode: '44', internationalPrefixes: ['00', '+']}}}",
                        "spec.context.numbering.internationalPrefixes[1]", "pattern"),
                Arguments.of("Domain", "{context: {domainUri: a.test, numbering: {countryCode: '44', nationalPrefix: 'O'}}}",
                        "spec.context.numbering.nationalPrefix", "pattern"),
                Arguments.of("Domain", "{context: {domainUri: a.test, numbering: {countryCode: '44', nationalNumberLength: 16}}}",
                        "spec.context.numbering.nationalNumberLength", "maximum value of 15"),
                Arguments.of("Domain", "{context: {domainUri: a.test, numbering: {countryCode: '44', areaCode: '20'}}}",
                        "spec.context.numbering.areaCode", "unknown field"),
                Arguments.of("Trunk", "{inbound: {uri: x.test, numbering: {countryCode: '1', nationalNumberLength: -1}}}",
                        "spec.inbound.numbering.nationalNumberLength", "minimum value of 0"),
                Arguments.of("Trunk", "{inbound: {uri: x.test, numbering: {countryCode: ''}}}",
                        "spec.inbound.numbering.countryCode", "pattern"),
                Arguments.of("Trunk", "{inbound: {uri: x.test, numbering: {countryCode: '1', extra: true}}}",
                        "spec.inbound.numbering.extra", "unknown field"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalid")
    void invalidNumberingIsRefusedNamingTheField(String kind, String spec, String field, String reason) {
        Path f = TestFiles.write(dir, "bad.yaml", TestFiles.BASE + """
                - apiVersion: v2beta1
                  kind: %s
                  ref: the-bad-one
                  metadata: {name: Bad}
                  spec: %s
                """.formatted(kind, spec));
        List<ProvisioningError> errors = TestFiles.errorsOf(dir);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo(f.toString());
            assertThat(e.ref()).isEqualTo("the-bad-one");
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
            assertThat(e.message()).isEqualTo(f + ": " + kind + " 'the-bad-one': " + field + ": " + e.reason());
        });
    }
}
