package io.tandem.edgeport.dns;

import io.tandem.processor.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** NAPTR services and SRV names that carry SIP transports (RFC 3263 §4.1 and §4.2, RFC 7118). */
final class SipServices {
    /** A transport and the SRV name to query for it. */
    record Choice(Transport transport, Name srvName) {
    }

    private SipServices() {
    }

    /**
     * The transport of a NAPTR service field (IANA "SIP NAPTR Resource Record Services": RFC 3263
     * §4.1 for D2U/D2T, RFC 7118 for D2W), or null for one we do not speak (e.g. SCTP).
     */
    static Transport ofService(String service) {
        return switch (service.toUpperCase(Locale.ROOT)) {
            case "SIP+D2U" -> Transport.UDP;
            case "SIP+D2T" -> Transport.TCP;
            case "SIPS+D2T" -> Transport.TLS;
            case "SIP+D2W" -> Transport.WS;
            case "SIPS+D2W" -> Transport.WSS;
            default -> null;
        };
    }

    /**
     * The NAPTR records to follow, in order (RFC 3403 §4.1: order, then preference): flag "S"
     * (the replacement names an SRV record), a service we support, and for a SIPS URI only
     * "SIPS+" services (RFC 3263 §4.1).
     */
    static List<Choice> fromNaptr(List<NAPTRRecord> records, boolean sips, Set<Transport> allowed) {
        List<NAPTRRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(NAPTRRecord::getOrder).thenComparingInt(NAPTRRecord::getPreference));
        List<Choice> out = new ArrayList<>();
        for (NAPTRRecord r : sorted) {
            Transport t = ofService(r.getService());
            if (t != null && allowed.contains(t) && r.getFlags().equalsIgnoreCase("s")
                && !r.getReplacement().equals(Name.root)
                && (!sips || r.getService().toUpperCase(Locale.ROOT).startsWith("SIPS+"))) {
                out.add(new Choice(t, r.getReplacement()));
            }
        }
        return out;
    }

    /**
     * Without NAPTR records, the SRV names to try, most preferred first (RFC 3263 §4.1): "_sips._tcp"
     * then "_sip._tcp" then "_sip._udp" for a SIP URI, only "_sips._tcp" for a SIPS URI.
     */
    static List<Choice> srvProbes(Name host, boolean sips, Set<Transport> allowed) {
        List<Choice> out = new ArrayList<>(3);
        for (Transport t : sips ? List.of(Transport.TLS) : List.of(Transport.TLS, Transport.TCP, Transport.UDP)) {
            if (allowed.contains(t)) {
                out.add(new Choice(t, srvName(host, t)));
            }
        }
        return out;
    }

    /**
     * The SRV name for a transport given by the URI (RFC 3263 §4.2), or null when none is defined:
     * RFC 7118 defines NAPTR services for WebSocket but no SRV protocol label.
     */
    static Name srvName(Name host, Transport t) {
        String label = switch (t) {
            case UDP -> "_sip._udp";
            case TCP -> "_sip._tcp";
            case TLS -> "_sips._tcp";
            case WS, WSS -> null;
        };
        if (label == null) {
            return null;
        }
        try {
            return Name.concatenate(Name.fromString(label), host);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            return null; // a name too long for a prefix has no SRV record either
        }
    }
}
