package io.tandem.launcher;

import io.tandem.accounting.Accounting;
import io.tandem.accounting.AccountingSettings;
import io.tandem.accounting.limit.CallCounters;
import io.tandem.accounting.limit.LocalCounters;
import io.tandem.accounting.limit.RedisCounters;
import io.tandem.edgeport.EdgePort;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;
import io.tandem.processor.Processor;
import io.tandem.provisioning.Provisioning;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounting in {@code tandem run}: {@code accounting.yaml} of the configuration directory (every
 * default without it), the call limits counted in Redis when the Location is Redis (so that every
 * EdgePort on it enforces one limit), else in memory; CDRs in H2 under {@code --data} unless a
 * database URL is set. A {@link ServerFeature}: limits wrap the routing Processor, the tracker listens
 * to the call events, the EdgePort's user agent client sends the BYEs of timed-out dialogs.
 */
final class CallAccounting implements ServerFeature {
    private static final Logger LOG = LoggerFactory.getLogger("tandem");
    /** How long a shared concurrent-call count outlives its last use in Redis (a node that died leaves it until then). */
    private static final long SHARED_COUNT_TTL_SECONDS = 6 * 3600;

    private final Accounting accounting;

    private CallAccounting(Accounting accounting) {
        this.accounting = accounting;
    }

    /** Null when {@code spec.enabled} is false. */
    static CallAccounting start(Path configDir, Path dataDir, LocationConfig location, Provisioning provisioning,
                                MetricsRegistry metrics) throws IOException {
        AccountingSettings settings = AccountingSettings.load(configDir);
        if (!settings.enabled()) {
            LOG.info("accounting disabled (accounting.yaml: spec.enabled false)");
            return null;
        }
        CallCounters counters = location.provider().equals("redis")
            ? new RedisCounters(location.redisUri(), SHARED_COUNT_TTL_SECONDS) : new LocalCounters();
        Accounting a = Accounting.start(settings, provisioning, counters, dataDir, metrics);
        LOG.info("accounting: CDRs to {}{}; call limits counted in {}", settings.jdbcUrl() != null ? settings.jdbcUrl()
                : "H2 in " + dataDir.toAbsolutePath(), settings.natsUrl() != null ? " and NATS " + settings.natsUrl() : "",
            location.provider().equals("redis") ? "Redis (shared)" : "memory");
        return new CallAccounting(a);
    }

    /** The media relay records the call of {@code callId} to {@code file}: its CDR names it. */
    void recorded(String callId, String file) {
        accounting.tracker().recorded(callId, file);
    }

    /** Call limits in front of the routing Processor. */
    @Override
    public Processor wrap(Processor next) {
        return accounting.admit(next);
    }

    @Override
    public List<CallListener> callListeners() {
        return List.of(accounting.listener());
    }

    /** Dialog timeouts send their BYEs through the EdgePort's user agent client. */
    @Override
    public void started(EdgePort edgePort) {
        accounting.attach(edgePort.userAgent());
    }

    /** After the EdgePort: the calls it ended are written, within what is left of the grace. */
    @Override
    public void stop(long graceMillis) {
        accounting.stop(Math.max(1_000, graceMillis));
    }
}
