package io.tandem.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.sip.SipParseException;

/** Test helper: asserts that a URI is rejected with a given element and problem text. */
final class Rejects {
    private Rejects() {
    }

    static SipParseException reject(String uri, String where, String problem) {
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> Uri.parse(uri));
        assertThat(e).as("rejection of %s", uri).isNotNull();
        assertThat(e.where()).as("where, for %s", uri).isEqualTo(where);
        assertThat(e.problem()).as("problem, for %s", uri).startsWith(problem);
        return e;
    }
}
