package io.tandem.launcher;

import io.tandem.accounting.Accounting;
import io.tandem.accounting.AccountingSettings;
import io.tandem.accounting.limit.CallCounters;
import io.tandem.accounting.limit.LocalCounters;
import io.tandem.accounting.limit.RedisCounters;
import io.tandem.edgeport.Features;
import io.tandem.edgeport.uac.UserAgentClient;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.Processor;
import io.tandem.provisioning.Provisioning;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounting in {@code tandem run}: {@code accounting.yaml} of the configuration directory (every
 * default without it), the call limits counted in Redis when the Location is Redis (so that every
 * EdgePort on it enforces one limit), else in memory; CDRs in H2 under {@code --data} unless a
 * database URL is set. Wiring: the routing Processor goes through {@link #admit}, the EdgePort gets
 * {@link #features}, its user agent client {@link #attach}, and {@link #stop} follows the EdgePort's.
 */
final class CallAccounting {
    private static final Logger LOG = LoggerFactory.getLogger("tandem");
    /** How long a shared concurrent-call count outlives its last use in Redis (a node that died leaves it until then). */
    private static final long SHARED_COUNT_TTL_SECONDS = 6 * 3600;

    private final Accounting accounting;
    private final MetricsRegistry metrics;

    private CallAccounting(Accounting accounting, MetricsRegistry metrics) {
        this.accounting = accounting;
        this.metrics = metrics;
    }

    /** Null when {@code spec.enabled} is false. */
    static CallAccounting start(Path configDir, Path dataDir, LocationConfig location, Provisioning provisioning) throws IOException {
        AccountingSettings settings = AccountingSettings.load(configDir);
        if (!settings.enabled()) {
            LOG.info("accounting disabled (accounting.yaml: spec.enabled false)");
            return null;
        }
        CallCounters counters = location.provider().equals("redis")
            ? new RedisCounters(location.redisUri(), SHARED_COUNT_TTL_SECONDS) : new LocalCounters();
        MetricsRegistry metrics = new MetricsRegistry();
        Accounting a = Accounting.start(settings, provisioning, counters, dataDir, metrics);
        LOG.info("accounting: CDRs to {}{}; call limits counted in {}", settings.jdbcUrl() != null ? settings.jdbcUrl()
                : "H2 in " + dataDir.toAbsolutePath(), settings.natsUrl() != null ? " and NATS " + settings.natsUrl() : "",
            location.provider().equals("redis") ? "Redis (shared)" : "memory");
        return new CallAccounting(a, metrics);
    }

    Processor admit(Processor next) {
        return accounting.admit(next);
    }

    Features features() {
        return new Features(null, accounting.listener(), metrics);
    }

    void attach(UserAgentClient uac) {
        accounting.attach(uac);
    }

    void stop(long graceMillis) {
        accounting.stop(graceMillis);
    }
}
