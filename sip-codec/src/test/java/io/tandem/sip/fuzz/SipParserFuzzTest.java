package io.tandem.sip.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the SIP codec with Jazzer: the fuzzer's bytes go to
 * {@code SipParser.parse}, {@code parseDatagram} (at an offset), {@code StreamFramer} (all at once
 * and in pieces) and {@code parseFrame}, and every message that comes out is read through every
 * typed accessor, both validators, serialization, re-parse and the proxy edits (see
 * {@link CodecHarness}). Any exception other than {@code SipParseException} is a finding.
 *
 * <p>Under a plain {@code mvn test} this runs as a regression test over the seed corpus in
 * {@code src/test/resources/io/tandem/sip/fuzz/SipParserFuzzTestInputs/parseAnything/} (the RFC 4475
 * and RFC 5118 messages, and the findings kept there as {@code finding-*}). To fuzz, run it alone
 * with {@code JAZZER_FUZZ=1}; it stops after {@code maxDuration}:
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_KEEP_GOING=100 mvn -pl sip-codec test -Dtest=SipParserFuzzTest -Dmaven.compiler.release=21
 * </pre>
 * <ul>
 *   <li>{@code -Dmaven.compiler.release=21}: Jazzer 0.24.0 cannot instrument Java 25 class files
 *       ("Unsupported class file major version 69"), and without instrumentation it fuzzes blind.
 *       Do it in a scratch copy of the tree, so that the shared {@code target/} keeps release 25.
 *   <li>{@code JAZZER_KEEP_GOING=n}: go on after a finding, up to n distinct ones (by stack trace).
 *   <li>No JUnit {@code @Timeout} here: while fuzzing it would time the whole campaign, not an input.
 * </ul>
 * Jazzer writes crashing inputs to the corpus directory above as {@code crash-<sha1>}; .gitignore
 * excludes that name, so rename a finding to {@code finding-<what>-<sha1>} to keep it as a
 * regression test. Its generated corpus goes to {@code sip-codec/.cifuzz-corpus/} (ignored).
 */
class SipParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parseAnything(byte[] data) {
        CodecHarness.run(data);
    }
}
