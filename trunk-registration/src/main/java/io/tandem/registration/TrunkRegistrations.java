package io.tandem.registration;

import io.tandem.edgeport.uac.UserAgentClient;
import io.tandem.provisioning.Provisioning;
import io.tandem.provisioning.ProvisioningListener;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.provisioning.Trunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrations of every Trunk with {@code spec.outbound.sendRegister: true}. A reload that
 * changes a trunk's registration (URIs, credentials) de-registers the old one and registers the
 * new; a trunk removed or no longer registering is de-registered; others are left alone. A trunk
 * whose registration cannot be planned (no enabled URI, unknown credentials) is shown as FAILED
 * with the reason and not retried until a reload.
 */
public final class TrunkRegistrations implements ProvisioningListener {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);

    private final TrunkRegistration.Sender sender;
    private final RegistrationTimers timers;
    private final Backoff backoff;
    private final DoubleSupplier random;
    private final long expires;
    private final ScheduledExecutorService owned;
    /** Touched on the registration thread only. */
    private final Map<String, TrunkRegistration> running = new HashMap<>();
    private final Map<String, RegistrationStatus> refused = new HashMap<>();
    private boolean stopping;
    /** What {@link #statuses()} reads from other threads. */
    private volatile List<Supplier<RegistrationStatus>> shown = List.of();

    public TrunkRegistrations(TrunkRegistration.Sender sender, RegistrationTimers timers, Backoff backoff, DoubleSupplier random,
                              long expires) {
        this(sender, timers, backoff, random, expires, null);
    }

    private TrunkRegistrations(TrunkRegistration.Sender sender, RegistrationTimers timers, Backoff backoff, DoubleSupplier random,
                               long expires, ScheduledExecutorService owned) {
        this.sender = sender;
        this.timers = timers;
        this.backoff = backoff;
        this.random = random;
        this.expires = expires;
        this.owned = owned;
    }

    /** Registrations sent by {@code uac}, on a thread of their own, with the default back-off and expiry. */
    public static TrunkRegistrations over(UserAgentClient uac) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tandem-registration").daemon().factory());
        return new TrunkRegistrations(uac::send, RegistrationTimers.on(ex), Backoff.DEFAULT,
            () -> ThreadLocalRandom.current().nextDouble(), RegistrationPlan.DEFAULT_EXPIRES, ex);
    }

    /** Starts registering the trunks of {@code p} that ask for it. */
    public void start(Provisioning p) {
        timers.execute(() -> apply(p.snapshot()));
    }

    @Override
    public void reloaded(ProvisioningSnapshot snapshot) {
        timers.execute(() -> apply(snapshot));
    }

    private void apply(Provisioning p) {
        if (stopping) {
            return;
        }
        Set<String> wanted = new HashSet<>();
        Map<String, RegistrationStatus> nowRefused = new HashMap<>();
        for (Trunk t : p.trunks()) {
            if (!RegistrationPlan.wanted(t)) {
                continue;
            }
            wanted.add(t.ref());
            RegistrationPlan plan;
            try {
                plan = RegistrationPlan.of(t, p, expires);
            } catch (IllegalArgumentException e) {
                RegistrationStatus s = new RegistrationStatus(t.ref(), RegistrationState.FAILED, null, e.getMessage(), -1);
                if (!s.equals(refused.get(t.ref()))) {
                    LOG.warn("trunk {}: cannot register: {}", t.ref(), e.getMessage());
                }
                nowRefused.put(t.ref(), s);
                wanted.remove(t.ref());
                continue;
            }
            TrunkRegistration old = running.get(t.ref());
            if (old != null && old.plan().equals(plan)) {
                continue;
            }
            TrunkRegistration r = new TrunkRegistration(plan, sender, timers, backoff, random);
            running.put(t.ref(), r);
            if (old == null) {
                r.start();
            } else { // the old binding goes first: its Expires: 0 must not remove the new one
                old.stop().thenRun(r::start);
            }
        }
        running.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey())) {
                e.getValue().stop();
                return true;
            }
            return false;
        });
        refused.clear();
        refused.putAll(nowRefused);
        List<Supplier<RegistrationStatus>> all = new ArrayList<>();
        running.values().forEach(r -> all.add(r::status));
        refused.values().forEach(s -> all.add(() -> s));
        shown = List.copyOf(all);
    }

    /** Every trunk's registration, by trunk ref. */
    public List<RegistrationStatus> statuses() {
        List<RegistrationStatus> out = new ArrayList<>();
        for (Supplier<RegistrationStatus> s : shown) {
            out.add(s.get());
        }
        out.sort(Comparator.comparing(RegistrationStatus::trunk));
        return out;
    }

    /** One line per trunk, for {@code /readyz}. */
    public List<String> describe() {
        long now = timers.nowMillis();
        return statuses().stream().map(s -> s.describe(now)).toList();
    }

    /**
     * De-registers every trunk (Expires: 0) and waits for their answers for up to {@code graceMillis};
     * what has not finished by then is abandoned. Blocks the caller, never a shard.
     */
    public void stop(long graceMillis) {
        CompletableFuture<CompletionStage<Void>> all = new CompletableFuture<>();
        timers.execute(() -> {
            stopping = true;
            CompletableFuture<?>[] each = running.values().stream().map(r -> r.stop().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
            all.complete(CompletableFuture.allOf(each));
        });
        try {
            all.thenCompose(x -> x).get(Math.max(1, graceMillis), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.info("trunk de-registration not finished after {} ms; stopping anyway", graceMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.debug("trunk de-registration: {}", e.getCause().toString());
        }
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
