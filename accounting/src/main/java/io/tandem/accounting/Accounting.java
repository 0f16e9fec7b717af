package io.tandem.accounting;

import io.tandem.accounting.call.ByeTeardown;
import io.tandem.accounting.call.CallTracker;
import io.tandem.accounting.cdr.CdrOutlet;
import io.tandem.accounting.cdr.CdrPipeline;
import io.tandem.accounting.cdr.CdrStream;
import io.tandem.accounting.cdr.CdrTable;
import io.tandem.accounting.limit.CallAdmission;
import io.tandem.accounting.call.DialogRecord;
import io.tandem.accounting.call.OptionsProber;
import io.tandem.accounting.call.SharedDialogs;
import io.tandem.accounting.limit.CallCounters;
import io.tandem.accounting.limit.Slot;
import io.tandem.accounting.shared.RedisDialogs;
import io.tandem.accounting.rating.RateDeckFile;
import io.tandem.accounting.rating.RatingEngine;
import io.tandem.edgeport.uac.UserAgentClient;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;
import io.tandem.processor.Processor;
import io.tandem.provisioning.Provisioning;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Accounting as the launcher attaches it: the {@link CallTracker} on the EdgePort's call events,
 * the {@link CallAdmission} in front of the routing Processor, the CDR pipeline to the database
 * and NATS, the timeout sweep, and their metrics.
 */
public final class Accounting implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("tandem.calls");
    private final CallTracker tracker;
    private final CdrPipeline cdrs;
    private final CallCounters counters;
    private final Provisioning provisioning;
    private final AccountingSettings settings;
    private final ByeTeardown teardown;
    private final OptionsProber prober;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("call-timeouts").daemon().factory());
    private final RedisDialogs shared;
    private volatile UserAgentClient userAgent;
    private CallAdmission admission;

    private Accounting(AccountingSettings settings, Provisioning provisioning, CallCounters counters, RedisDialogs shared,
                       Path dataDir, MetricsRegistry metrics) throws IOException {
        this.settings = settings;
        this.shared = shared;
        this.provisioning = provisioning;
        this.counters = counters;
        RatingEngine rating = settings.rateDeck() == null ? RatingEngine.NONE : RateDeckFile.load(settings.rateDeck());
        List<CdrOutlet> outlets = new ArrayList<>();
        outlets.add(new CdrTable(settings.jdbcUrl() != null ? settings.jdbcUrl() : CdrTable.h2Url(dataDir), settings.dbUser(),
            settings.dbPassword()));
        if (settings.natsUrl() != null) {
            outlets.add(new CdrStream(settings.natsUrl(), settings.natsStream(), settings.natsSubject(), settings.duplicateWindow()));
        }
        this.cdrs = new CdrPipeline(outlets, rating, settings.bufferCapacity()).start();
        this.teardown = new ByeTeardown(() -> userAgent);
        this.prober = new OptionsProber(() -> userAgent);
        this.tracker = new CallTracker(InstantSource.system(), settings.timeouts(), cdrs, teardown,
            shared == null ? SharedDialogs.NONE : shared, prober);
        long sweep = settings.timeouts().sweepMillis();
        sweeper.scheduleWithFixedDelay(tracker::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        if (shared != null) {
            sweeper.scheduleWithFixedDelay(this::lookAround, 0, RedisDialogs.HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        }
        register(metrics);
    }

    /** @param counters where the limits are counted (memory, or Redis when location is) */
    public static Accounting start(AccountingSettings settings, Provisioning provisioning, CallCounters counters, Path dataDir,
                                   MetricsRegistry metrics) throws IOException {
        return new Accounting(settings, provisioning, counters, null, dataDir, metrics);
    }

    /** As above, the answered calls also in {@code shared} (Redis), where this node takes over those of nodes that die. */
    public static Accounting start(AccountingSettings settings, Provisioning provisioning, CallCounters counters, RedisDialogs shared,
                                   Path dataDir, MetricsRegistry metrics) throws IOException {
        return new Accounting(settings, provisioning, counters, shared, dataDir, metrics);
    }

    /** How long a shared dialog record outlives its last write: past the maximum duration (a day when there is none). */
    public static long sharedRecordTtlMillis(AccountingSettings settings) {
        long max = settings.timeouts().maxDurationMillis();
        return max > 0 ? max + 3_600_000L : 24 * 3_600_000L;
    }

    /** Says this node is alive, and takes over the dialogs of the nodes that are not (on the sweep's thread). */
    private void lookAround() {
        shared.heartbeat();
        shared.takeOver().thenAccept(this::adopt).exceptionally(e -> {
            LOG.debug("shared dialogs: no take-over this time: {}", e.toString());
            return null;
        });
    }

    private void adopt(List<DialogRecord> dialogs) {
        for (DialogRecord d : dialogs) {
            List<Slot> held = d.heldSlots().stream().map(k -> new Slot(k, 0, true)).toList();
            if (tracker.adopt(d, () -> counters.release(held))) {
                LOG.info("took over the dialog {} of a node that stopped (answered {}, {} limit shares)", d.callId(),
                    java.time.Instant.ofEpochMilli(d.answerMillis()), held.size());
            }
        }
    }

    private void register(MetricsRegistry m) {
        cdrs.register(m);
        m.gauge("tandem_calls_live", "calls in progress on this node (INVITE received, not ended)", tracker::live);
        m.counter("tandem_calls_started_total", "initial INVITEs tracked", tracker::started);
        m.counter("tandem_calls_challenged_total", "INVITEs answered 401/407 (not call attempts)", tracker::challenged);
        m.counter("tandem_calls_timed_out_total", "calls ended by a timeout", tracker::timedOut);
        m.counter("tandem_calls_teardown_byes_total", "BYEs Tandem sent to end timed-out calls", teardown::sent);
        m.counter("tandem_calls_keepalives_total", "in-dialog OPTIONS sent to the ends of confirmed calls", prober::sent);
        m.counter("tandem_calls_dead_ends_total", "ends that answered a keep-alive 481 or not at all (the call was ended)",
            prober::dead);
        m.counter("tandem_calls_adopted_total", "dialogs taken over from nodes that stopped (shared dialogs)", tracker::adopted);
        m.counter("tandem_calls_refused_total", "calls refused by a limit", () -> admission == null ? 0 : admission.refused());
        m.counter("tandem_calls_limits_unreachable_total", "calls refused because the shared call counters were unreachable",
            () -> admission == null ? 0 : admission.unavailable());
    }

    /** What the EdgePort's call events go to. */
    public CallListener listener() {
        return tracker;
    }

    /** {@code next} with the limits in front of it; the one to give the EdgePort. */
    public Processor admit(Processor next) {
        admission = new CallAdmission(next, provisioning, tracker, counters, settings.refusal(), InstantSource.system());
        return admission;
    }

    /** The EdgePort's user agent client, once it has started: for the BYEs of timed-out calls. */
    public void attach(UserAgentClient uac) {
        userAgent = uac;
    }

    public CallTracker tracker() {
        return tracker;
    }

    public CdrPipeline cdrs() {
        return cdrs;
    }

    /** Ends the sweep, then writes the CDRs still queued for up to {@code graceMillis}. */
    public void stop(long graceMillis) {
        sweeper.shutdownNow();
        if (shared != null) {
            try { // the others take over this node's dialogs at their next look
                shared.leave().toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.debug("shared dialogs: heartbeat not removed: {}", e.toString());
            }
            shared.close();
        }
        cdrs.stop(graceMillis);
        counters.close();
    }

    @Override
    public void close() {
        stop(0);
    }
}
