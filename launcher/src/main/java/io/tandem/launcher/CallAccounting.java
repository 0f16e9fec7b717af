package io.tandem.launcher;

import io.tandem.accounting.Accounting;
import io.tandem.accounting.AccountingSettings;
import io.tandem.accounting.limit.LocalCounters;
import io.tandem.accounting.limit.RedisCounters;
import io.tandem.accounting.shared.RedisDialogs;
import io.tandem.accounting.shared.RedisLink;
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
    private final RedisLink redis;

    private CallAccounting(Accounting accounting, RedisLink redis) {
        this.accounting = accounting;
        this.redis = redis;
    }

    /** Null when {@code spec.enabled} is false. */
    static CallAccounting start(Path configDir, Path dataDir, LocationConfig location, Provisioning provisioning,
                                MetricsRegistry metrics) throws IOException {
        AccountingSettings settings = AccountingSettings.load(configDir);
        if (!settings.enabled()) {
            LOG.info("accounting disabled (accounting.yaml: spec.enabled false)");
            return null;
        }
        if (!location.provider().equals("redis")) {
            Accounting a = Accounting.start(settings, provisioning, new LocalCounters(), dataDir, metrics);
            LOG.info("accounting: CDRs to {}; call limits and dialogs in memory", describe(settings, dataDir));
            return new CallAccounting(a, null);
        }
        // shared: the counters and the answered calls in the Location's Redis, on one connection
        RedisLink redis = new RedisLink(location.redisUri());
        String node = "node-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        RedisDialogs dialogs = new RedisDialogs(redis, node, Accounting.sharedRecordTtlMillis(settings));
        Accounting a = Accounting.start(settings, provisioning, new RedisCounters(redis, SHARED_COUNT_TTL_SECONDS), dialogs, dataDir,
            metrics);
        LOG.info("accounting: CDRs to {}; call limits and dialogs shared in Redis (this node: {})", describe(settings, dataDir), node);
        return new CallAccounting(a, redis);
    }

    private static String describe(AccountingSettings settings, Path dataDir) {
        return (settings.jdbcUrl() != null ? settings.jdbcUrl() : "H2 in " + dataDir.toAbsolutePath())
            + (settings.natsUrl() != null ? " and NATS " + settings.natsUrl() : "");
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

    /** {@code DELETE /calls/CALL-ID} hangs up a call; other methods go to /calls (the call flows). */
    @Override
    public void serve(io.tandem.launcher.health.HealthServer health) {
        health.route(CallsEndpoint.PATH, new CallsEndpoint(accounting.tracker(), () -> health.routed("/calls")));
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
        if (redis != null) {
            redis.close();
        }
    }
}
