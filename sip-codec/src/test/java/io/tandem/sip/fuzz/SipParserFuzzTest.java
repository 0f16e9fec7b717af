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
 * and RFC 5118 messages, plus any finding kept there). To fuzz, run it alone with
 * {@code JAZZER_FUZZ=1}:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl sip-codec test -Dtest=SipParserFuzzTest
 * </pre>
 * Jazzer then writes new crashing inputs to that directory (rename them so they do not start with
 * {@code crash-}, which .gitignore excludes) and its generated corpus to
 * {@code sip-codec/.cifuzz-corpus/}.
 */
class SipParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parseAnything(byte[] data) {
        CodecHarness.run(data);
    }
}
