package io.tandem.edgeport.config;

import io.tandem.processor.Transport;

/**
 * One entry of {@code spec.transport}: a listener.
 *
 * @param bindAddr the entry's own bindAddr, else {@code spec.bindAddr}
 * @param port 1-65535 in a file; 0 (an ephemeral port) is accepted when built in code, for tests
 */
public record TransportSpec(Transport protocol, String bindAddr, int port) {
    public TransportSpec {
        if (protocol == null || bindAddr == null || port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad transport " + protocol + " " + bindAddr + ":" + port);
        }
    }
}
