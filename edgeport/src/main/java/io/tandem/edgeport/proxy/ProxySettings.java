package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.TimerSettings;
import java.util.List;

/**
 * What the proxy core needs from the EdgePort configuration.
 *
 * @param methods the methods accepted (Routr's {@code spec.methods}), in order; empty accepts all
 * @param respondToUnknownMethod answer 405 to other methods ({@code unknownMethodAction:
 *     Respond}) instead of discarding them (counted)
 * @param processorTimeoutMillis how long a Processor may take before the request gets a 503
 * @param serverHeader the {@code Server} header of the responses the proxy generates; empty: none
 */
public record ProxySettings(String edgePortRef, List<String> externalAddrs, List<String> localnets, List<String> methods,
                            boolean respondToUnknownMethod, long processorTimeoutMillis, TimerSettings timers,
                            String serverHeader) {
    /** What Allow lists when every method is accepted (RFC 3261 §20.5). */
    static final List<String> ALL_METHODS = List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "MESSAGE",
        "INFO", "UPDATE", "PRACK", "REFER", "NOTIFY", "SUBSCRIBE", "PUBLISH");

    public ProxySettings {
        externalAddrs = List.copyOf(externalAddrs);
        localnets = List.copyOf(localnets);
        methods = List.copyOf(new java.util.LinkedHashSet<>(methods));
        if (processorTimeoutMillis <= 0) {
            throw new IllegalArgumentException("processorTimeoutMillis must be positive, not " + processorTimeoutMillis);
        }
        serverHeader = serverHeader == null ? "" : serverHeader;
    }

    public static ProxySettings defaults(String ref) {
        return new ProxySettings(ref, List.of(), List.of(), List.of(), true, 5000, TimerSettings.DEFAULT, "Tandem");
    }

    /** The methods an Allow header lists: {@code methods}, or all when every method is accepted. */
    List<String> allowed() {
        return methods.isEmpty() ? ALL_METHODS : methods;
    }
}
