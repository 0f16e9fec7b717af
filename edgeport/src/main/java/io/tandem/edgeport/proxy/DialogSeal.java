package io.tandem.edgeport.proxy;

import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import io.tandem.sip.auth.HmacSha256;
import javax.crypto.Mac;

/**
 * A keyed mark in the Record-Route entries this proxy writes ({@code ;tdm=}): an HMAC of the
 * Call-ID and the caller's From tag. An in-dialog request that comes back with our Route entry
 * carrying a valid mark for its own Call-ID and one of its tags really follows a dialog we
 * set up; a forged "in-dialog" request (a To tag and our address in a Route) does not, so
 * Processors can refuse to relay it unauthenticated (toll fraud through an open relay).
 */
public final class DialogSeal {
    static final String PARAM = "tdm";

    private final HmacSha256 hmac;

    public DialogSeal(byte[] key) {
        this.hmac = new HmacSha256(key);
    }

    /** A seal with a random key: valid for dialogs set up by this process. */
    public static DialogSeal random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new DialogSeal(k);
    }

    /** The mark for a dialog-creating request, or null when it has no From tag. */
    String seal(SipRequest req) {
        String tag = req.from().tag();
        return tag == null ? null : mac(req.callId(), tag);
    }

    /** True if {@code mark} was made by us for this request's Call-ID and its From or To tag. */
    boolean verify(String mark, SipRequest req) {
        if (mark == null) {
            return false;
        }
        try {
            String callId = req.callId();
            byte[] given = mark.getBytes(StandardCharsets.US_ASCII);
            for (String tag : new String[] {req.from().tag(), req.to().tag()}) {
                if (tag != null && MessageDigest.isEqual(given, mac(callId, tag).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (SipParseException e) {
            return false;
        }
    }

    private String mac(String callId, String tag) {
        Mac m = hmac.mac();
        m.update(callId.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        m.update(tag.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(m.doFinal(), 0, 8); // doFinal resets the Mac for the next use
    }
}
