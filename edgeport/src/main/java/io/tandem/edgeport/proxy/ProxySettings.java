package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.TimerSettings;
import java.util.List;
import java.util.Set;

/**
 * What the proxy core needs from the EdgePort configuration.
 *
 * @param methods the methods accepted (Routr's {@code spec.methods}); empty accepts all
 * @param respondToUnknownMethod answer 405 to other methods ({@code unknownMethodAction:
 *     Respond}) instead of discarding them (counted)
 * @param processorTimeoutMillis how long a Processor may take before the request gets a 503
 */
public record ProxySettings(String edgePortRef, List<String> externalAddrs, List<String> localnets, Set<String> methods,
                            boolean respondToUnknownMethod, long processorTimeoutMillis, TimerSettings timers) {
    public ProxySettings {
        externalAddrs = List.copyOf(externalAddrs);
        localnets = List.copyOf(localnets);
        methods = Set.copyOf(methods);
    }

    public static ProxySettings defaults(String ref) {
        return new ProxySettings(ref, List.of(), List.of(), Set.of(), true, 5000, TimerSettings.DEFAULT);
    }
}
