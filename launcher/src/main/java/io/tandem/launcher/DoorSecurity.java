package io.tandem.launcher;

import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.OutboundFilter;
import io.tandem.edgeport.door.SourceFilter;
import io.tandem.launcher.health.HealthServer;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;
import io.tandem.security.DoorGuard;
import java.util.List;

/**
 * Security at the door in {@code tandem run} ({@code spec.security} of the EdgePort document): the
 * guard's door (bans, ACL, accept rate, scanners, flood, lengths) goes first at the EdgePort's
 * door, its brute-force detector listens to the call events, its bans are served on {@code /bans};
 * a new ban closes the source's open connections; topology hiding, when on, masks what the EdgePort
 * sends once it knows the addresses it is bound to.
 */
final class DoorSecurity implements ServerFeature {
    private final DoorGuard guard;
    private final Door door;

    /** Registers the guard's counters in {@code metrics}, once. */
    DoorSecurity(DoorGuard guard, MetricsRegistry metrics) {
        this.guard = guard;
        this.door = guard.features(metrics).door();
    }

    @Override
    public List<SourceFilter> sourceFilters() {
        return door.isOpen() ? List.of() : List.of(door::admits);
    }

    @Override
    public List<InboundFilter> inboundFilters() {
        return door.isOpen() ? List.of() : List.of(door::check);
    }

    @Override
    public List<OutboundFilter> outboundFilters() {
        return door.hasOutbound() ? List.of(door::outbound) : List.of();
    }

    @Override
    public void started(EdgePort edgePort) {
        guard.bans().enforceWith(network -> edgePort.closeConnections(network::contains)); // a ban ends open connections too
        if (guard.topology() != null) {
            guard.topology().listening(edgePort.listeningPoints());
        }
    }

    @Override
    public List<CallListener> callListeners() {
        CallListener c = guard.calls();
        return c == CallListener.NONE ? List.of() : List.of(c);
    }

    @Override
    public void serve(HealthServer health) {
        health.route("/bans", new BansEndpoint(guard));
    }

    @Override
    public void stop(long graceMillis) {
        guard.close();
    }
}
