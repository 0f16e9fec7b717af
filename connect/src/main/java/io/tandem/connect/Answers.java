package io.tandem.connect;

import io.tandem.connect.auth.DigestAuthenticator;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.sip.message.SipRequest;
import java.util.ArrayList;
import java.util.List;

/** The responses Connect sends, with the headers RFC 3261 requires for each. */
final class Answers {
    private Answers() {
    }

    static Decision.Respond respond(int status, String reason, Header... headers) {
        return Decision.respond(status, reason, headers);
    }

    /** 401 with WWW-Authenticate for REGISTER, 407 with Proxy-Authenticate otherwise (§22.1, §22.3). */
    static Decision.Respond challenge(SipRequest req, DigestAuthenticator auth, String realm, boolean stale) {
        boolean www = DigestAuthenticator.usesWwwAuthenticate(req);
        List<Header> headers = new ArrayList<>(2);
        for (String c : auth.challenges(realm, stale)) {
            headers.add(new Header(www ? "WWW-Authenticate" : "Proxy-Authenticate", c));
        }
        return new Decision.Respond(www ? 401 : 407, www ? "Unauthorized" : "Proxy Authentication Required", headers, null, null);
    }

    static Decision.Respond forbidden(String why) {
        return respond(403, "Forbidden (" + why + ")");
    }
}
