package io.tandem.media;

/**
 * Just enough of an SDP session description (RFC 8866) to decide whether to anchor it and to
 * refuse one rtpengine could not use: {@code v=0} first, {@code o=} and {@code s=}, every line
 * {@code <type>=<value>} with a one-letter type (§5), at least one well-formed {@code m=} line
 * (§5.14), and a {@code c=} line at session level or in every media description (§5.7).
 *
 * @param connectionAddress the session-level (else the first media-level) c= address
 * @param webRtc whether a media description uses DTLS-SRTP with feedback or ICE (RFC 8834/8835:
 *     {@code UDP/TLS/RTP/SAVPF}, {@code a=ice-ufrag})
 */
public record Sdp(String connectionAddress, boolean webRtc) {
    /** The SDP a request or response carries, refused as {@link MalformedSdp} when it fails the checks above. */
    public static Sdp parse(String text) {
        // One pass over the text, no list of lines: only the o=, c= and m= lines are cut out (the
        // a= lines, most of an SDP, are looked at in place). Lines end in CRLF, LF or CR.
        int n = text.length();
        if (!text.startsWith("v=0") || n > 3 && text.charAt(3) != '\r' && text.charAt(3) != '\n') {
            throw new MalformedSdp("does not start with v=0");
        }
        boolean origin = false;
        boolean name = false;
        String sessionC = null;
        String firstC = null;
        int media = 0;
        boolean mediaHasC = true;
        boolean currentHasC = false;
        boolean webRtc = false;
        for (int at = 0; at < n; ) {
            int eol = at;
            while (eol < n && text.charAt(eol) != '\r' && text.charAt(eol) != '\n') {
                eol++;
            }
            int next = eol < n && text.charAt(eol) == '\r' && eol + 1 < n && text.charAt(eol + 1) == '\n' ? eol + 2 : eol + 1;
            int len = eol - at;
            if (len > 0) {
                char type = text.charAt(at);
                if (len < 2 || text.charAt(at + 1) != '=' || type < 'a' || type > 'z') {
                    throw new MalformedSdp("line '" + abbreviate(text.substring(at, eol)) + "' is not <type>=<value>");
                }
                switch (type) {
                    case 'o' -> origin = text.substring(at + 2, eol).split(" ").length == 6;
                    case 's' -> name = true;
                    case 'c' -> {
                        String value = text.substring(at + 2, eol);
                        String[] c = value.split(" ");
                        if (c.length != 3 || !c[0].equals("IN")) {
                            throw new MalformedSdp("c=" + abbreviate(value) + " is not 'IN <addrtype> <address>'");
                        }
                        int slash = c[2].indexOf('/');
                        String addr = slash < 0 ? c[2] : c[2].substring(0, slash);
                        if (media == 0) {
                            sessionC = addr;
                        } else {
                            currentHasC = true;
                        }
                        firstC = firstC == null ? addr : firstC;
                    }
                    case 'm' -> {
                        if (media > 0) {
                            mediaHasC &= currentHasC;
                        }
                        media++;
                        currentHasC = false;
                        String value = text.substring(at + 2, eol);
                        String[] m = value.split(" ");
                        if (m.length < 4 || m[1].isEmpty() || !m[1].split("/")[0].chars().allMatch(Character::isDigit)) {
                            throw new MalformedSdp("m=" + abbreviate(value) + " is not '<media> <port> <proto> <fmt>...'");
                        }
                        webRtc |= m[2].contains("SAVPF") || m[2].startsWith("UDP/TLS");
                    }
                    case 'a' -> webRtc |= text.startsWith("ice-ufrag:", at + 2);
                    default -> {
                    }
                }
            }
            at = next;
        }
        if (media > 0) {
            mediaHasC &= currentHasC;
        }
        if (!origin || !name) {
            throw new MalformedSdp(!origin ? "no well-formed o= line" : "no s= line");
        }
        if (media == 0) {
            throw new MalformedSdp("no m= line");
        }
        if (sessionC == null && !mediaHasC) {
            throw new MalformedSdp("no c= line for every media description");
        }
        return new Sdp(sessionC != null ? sessionC : firstC, webRtc);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** An SDP body that cannot be anchored: the call is refused with 488 (RFC 3261 §21.4.26). */
    public static final class MalformedSdp extends IllegalArgumentException {
        public MalformedSdp(String why) {
            super(why);
        }
    }
}
