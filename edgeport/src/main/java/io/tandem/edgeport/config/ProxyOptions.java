package io.tandem.edgeport.config;

/**
 * {@code spec.proxy}, a Tandem extension: how the proxy core presents itself and waits.
 *
 * @param serverHeader the {@code Server} header of the responses Tandem generates (RFC 3261
 *     §20.35); empty: none (hides the software from scanners)
 * @param processorTimeoutMillis how long a Processor may take to decide before the request is
 *     answered 503 (default 5000)
 */
public record ProxyOptions(String serverHeader, long processorTimeoutMillis) {
    public static final ProxyOptions DEFAULT = new ProxyOptions("Tandem", 5000);

    public ProxyOptions {
        serverHeader = serverHeader == null ? "" : serverHeader;
        if (processorTimeoutMillis < 1) {
            throw new IllegalArgumentException("spec.proxy.processorTimeout must be at least 1 ms");
        }
        for (int i = 0; i < serverHeader.length(); i++) {
            char c = serverHeader.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("spec.proxy.serverHeader holds a control character");
            }
        }
    }
}
