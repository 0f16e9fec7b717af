package io.tandem.media;

import java.nio.charset.StandardCharsets;

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
    /** As {@link #parse(byte[])}, of text. */
    public static Sdp parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SDP a request or response carries (its body's bytes), refused as {@link MalformedSdp} when it fails the checks above. */
    public static Sdp parse(byte[] text) {
        // One pass over the bytes, no list of lines and no String of the whole: only the o=, c= and
        // m= lines are cut out (the a= lines, most of an SDP, are looked at in place). Lines end in
        // CRLF, LF or CR; the types and the fields looked at are ASCII (RFC 8866 §9).
        int n = text.length;
        if (!startsWith(text, 0, V0) || n > 3 && text[3] != '\r' && text[3] != '\n') {
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
            while (eol < n && text[eol] != '\r' && text[eol] != '\n') {
                eol++;
            }
            int next = eol < n && text[eol] == '\r' && eol + 1 < n && text[eol + 1] == '\n' ? eol + 2 : eol + 1;
            int len = eol - at;
            if (len > 0) {
                byte type = text[at];
                if (len < 2 || text[at + 1] != '=' || type < 'a' || type > 'z') {
                    throw new MalformedSdp("line '" + abbreviate(line(text, at, eol)) + "' is not <type>=<value>");
                }
                switch (type) {
                    case 'o' -> origin = line(text, at + 2, eol).split(" ").length == 6;
                    case 's' -> name = true;
                    case 'c' -> {
                        String value = line(text, at + 2, eol);
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
                        String value = line(text, at + 2, eol);
                        String[] m = value.split(" ");
                        if (m.length < 4 || m[1].isEmpty() || !m[1].split("/")[0].chars().allMatch(Character::isDigit)) {
                            throw new MalformedSdp("m=" + abbreviate(value) + " is not '<media> <port> <proto> <fmt>...'");
                        }
                        webRtc |= m[2].contains("SAVPF") || m[2].startsWith("UDP/TLS");
                    }
                    case 'a' -> webRtc |= startsWith(text, at + 2, ICE_UFRAG);
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

    private static final byte[] V0 = {'v', '=', '0'};
    private static final byte[] ICE_UFRAG = "ice-ufrag:".getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] text, int at, byte[] prefix) {
        return text.length - at >= prefix.length && java.util.Arrays.equals(text, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static String line(byte[] text, int from, int to) {
        return new String(text, from, to - from, StandardCharsets.UTF_8);
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
