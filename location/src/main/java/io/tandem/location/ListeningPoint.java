package io.tandem.location;

import java.util.Locale;
import java.util.Objects;

/** An EdgePort listening point a binding is reachable through (Routr's NetInterface). */
public record ListeningPoint(String transport, String host, int port) {
    public ListeningPoint {
        transport = Objects.requireNonNull(transport, "transport").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(host, "host");
    }
}
