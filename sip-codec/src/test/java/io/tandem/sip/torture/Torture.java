package io.tandem.sip.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import io.tandem.sip.validate.Rejection;
import io.tandem.sip.validate.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads the torture-test messages of RFC 4475 and RFC 5118 from the test resources and holds the
 * checks the tests share. Every file is looked up in its directory's MANIFEST.tsv, so a test
 * names a file the manifest knows and states the class the manifest gives it.
 */
final class Torture {
    private static final Map<String, Map<String, String>> CLASSES = new HashMap<>();

    private final String dir;

    private Torture(String dir) {
        this.dir = dir;
    }

    static Torture rfc4475() {
        return new Torture("rfc4475");
    }

    static Torture rfc5118() {
        return new Torture("rfc5118");
    }

    /** The raw bytes of {@code name}.dat, after checking that the manifest lists it with this class. */
    byte[] bytes(String name, String expectedClass) {
        assertThat(manifest().get(name + ".dat")).as("class of %s in %s/MANIFEST.tsv", name, dir).isEqualTo(expectedClass);
        return resource(name + ".dat");
    }

    /** Parses {@code name}.dat as one datagram; it must parse. */
    SipMessage parse(String name, String expectedClass) {
        return SipParser.parse(bytes(name, expectedClass));
    }

    SipRequest request(String name, String expectedClass) {
        SipMessage m = parse(name, expectedClass);
        assertThat(m).as(name).isInstanceOf(SipRequest.class);
        return (SipRequest) m;
    }

    SipResponse response(String name, String expectedClass) {
        SipMessage m = parse(name, expectedClass);
        assertThat(m).as(name).isInstanceOf(SipResponse.class);
        return (SipResponse) m;
    }

    /** Parses {@code b} as a datagram, which must fail; returns the exception. */
    static SipParseException parseFailure(byte[] b) {
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parse(b));
        assertThat(e).as("parse must fail with SipParseException").isNotNull();
        return e;
    }

    /** toBytes() of the parsed message equals the input from its start line on (lossless round trip). */
    static void assertRoundTrip(SipMessage m, byte[] original) {
        int start = 0;
        while (start < original.length && (original[start] == '\r' || original[start] == '\n')) {
            start++;
        }
        byte[] expected = Arrays.copyOfRange(original, start, original.length);
        assertThat(new String(m.toBytes(), StandardCharsets.ISO_8859_1)).as("round trip")
            .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
        assertThat(m.toBytes()).isEqualTo(expected);
    }

    /** Parses and checks the lossless round trip; returns the request. */
    SipRequest roundTripRequest(String name, String expectedClass) {
        byte[] b = bytes(name, expectedClass);
        SipMessage m = SipParser.parse(b);
        assertThat(m).as(name).isInstanceOf(SipRequest.class);
        assertRoundTrip(m, b);
        return (SipRequest) m;
    }

    SipResponse roundTripResponse(String name, String expectedClass) {
        byte[] b = bytes(name, expectedClass);
        SipMessage m = SipParser.parse(b);
        assertThat(m).as(name).isInstanceOf(SipResponse.class);
        assertRoundTrip(m, b);
        return (SipResponse) m;
    }

    static Rejection uas(SipRequest r) {
        return RequestValidator.uas().validate(r);
    }

    static Rejection proxy(SipRequest r) {
        return RequestValidator.proxy().validate(r);
    }

    /** Asserts a rejection with this status whose reason and detail name {@code element}. */
    static Rejection assertRejected(Rejection rj, int status, String reason, String detailContains) {
        assertThat(rj).as("rejection").isNotNull();
        assertThat(rj.status()).as("status of %s", rj).isEqualTo(status);
        assertThat(rj.reason()).as("reason of %s", rj).isEqualTo(reason);
        assertThat(rj.detail()).as("detail of %s", rj).contains(detailContains);
        return rj;
    }

    static SipUri sip(Uri u) {
        assertThat(u).isInstanceOf(SipUri.class);
        return (SipUri) u;
    }

    static SipUri sip(String text) {
        return SipUri.parse(text);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private Map<String, String> manifest() {
        synchronized (CLASSES) {
            return CLASSES.computeIfAbsent(dir, d -> {
                Map<String, String> m = new HashMap<>();
                String text = new String(resource("MANIFEST.tsv"), StandardCharsets.UTF_8);
                for (String line : text.split("\r?\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    m.put(f[0], f[2]);
                }
                return m;
            });
        }
    }

    private byte[] resource(String file) {
        String path = "/" + dir + "/" + file;
        try (InputStream in = Torture.class.getResourceAsStream(path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
