package io.tandem.media;

import java.util.List;
import java.util.Optional;

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
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals("v=0")) {
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
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new MalformedSdp("line '" + abbreviate(line) + "' is not <type>=<value>");
            }
            String value = line.substring(2);
            switch (line.charAt(0)) {
                case 'o' -> origin = value.split(" ").length == 6;
                case 's' -> name = true;
                case 'c' -> {
                    String[] c = value.split(" ");
                    if (c.length != 3 || !c[0].equals("IN")) {
                        throw new MalformedSdp("c=" + abbreviate(value) + " is not 'IN <addrtype> <address>'");
                    }
                    String addr = c[2].split("/")[0];
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
                    String[] m = value.split(" ");
                    if (m.length < 4 || !m[1].split("/")[0].chars().allMatch(Character::isDigit) || m[1].isEmpty()) {
                        throw new MalformedSdp("m=" + abbreviate(value) + " is not '<media> <port> <proto> <fmt>...'");
                    }
                    webRtc |= m[2].contains("SAVPF") || m[2].startsWith("UDP/TLS");
                }
                case 'a' -> webRtc |= value.startsWith("ice-ufrag:");
                default -> {
                }
            }
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
        return new Sdp(Optional.ofNullable(sessionC).orElse(firstC), webRtc);
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
