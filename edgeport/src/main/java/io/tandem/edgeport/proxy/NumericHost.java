package io.tandem.edgeport.proxy;

import io.tandem.edgeport.dns.NumericResolver;

/** Host text as an address literal, or null when it is a name (responses never trigger DNS). */
final class NumericHost {
    private NumericHost() {
    }

    static String of(String host) {
        String h = NumericResolver.bareHost(host);
        if (h.indexOf(':') >= 0) {
            return h;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return null;
            }
        }
        return h.isEmpty() ? null : h;
    }
}
