package io.tandem.registration;

import io.tandem.edgeport.uac.UserAgentClient;
import io.tandem.sip.auth.Challenge;
import io.tandem.sip.auth.Digest;
import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.auth.DigestClient;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trunk's registration with its carrier (RFC 3261 §10.2), as the state machine of
 * {@link RegistrationState}. Everything runs on the thread of its {@link RegistrationTimers}; the
 * only things read from elsewhere are {@link #status()} (an immutable snapshot) and the Contact the
 * stamp records on the shard.
 *
 * <p>A 2xx grants an expiry: our Contact's {@code expires} in the 200, else its Expires, else what we
 * asked for (§10.2.4); the binding is refreshed at half of it. A 401/407 is answered once per attempt
 * with the trunk's credentials (§22.2, §22.3; again only for {@code stale=true}); the challenge is kept
 * and answers the refreshes ahead of time (nc counting up). A 423 asks again with its Min-Expires
 * (§10.2.8). Anything else fails the attempt: the next one comes after a back-off (or Retry-After,
 * if longer), at the next registrar of the trunk. Stopping sends Expires: 0 for our Contact (§10.2.2).
 */
public final class TrunkRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistration.class);
    /** The longest Retry-After honoured. */
    private static final long MAX_RETRY_AFTER_S = 3600;

    /** Sends a REGISTER (the EdgePort's {@link UserAgentClient} in production); completes with the final response. */
    @FunctionalInterface
    public interface Sender {
        CompletionStage<SipResponse> send(SipRequest register, UserAgentClient.Stamp stamp);
    }

    private final RegistrationPlan plan;
    private final Sender sender;
    private final RegistrationTimers timers;
    private final Backoff backoff;
    private final DoubleSupplier random;
    private final String callId = hex(12) + "@tandem";
    private final String fromTag = hex(6);
    private long cseq;
    private RegistrationState state = RegistrationState.UNREGISTERED;
    private int registrar;
    private long expires;
    /** The last challenge answered, reused by later requests to the same registrar. */
    private DigestChallenge challenge;
    private boolean proxyChallenge;
    private long nc;
    /** True once this attempt answered a challenge of its own: a second one means the credentials are refused. */
    private boolean answered;
    private int failures;
    private long boundUntil = -1;
    /** The registrar that holds our binding until {@link #boundUntil}. */
    private int boundAt;
    /** Counts requests: the response of one that was superseded (by a stop) is ignored. */
    private int sent;
    private RegistrationTimers.Timer timer;
    private CompletableFuture<Void> stopped;
    private String lastLogged;
    private volatile SipUri contact;
    private volatile RegistrationStatus status;

    public TrunkRegistration(RegistrationPlan plan, Sender sender, RegistrationTimers timers, Backoff backoff, DoubleSupplier random) {
        this.plan = plan;
        this.sender = sender;
        this.timers = timers;
        this.backoff = backoff;
        this.random = random;
        this.expires = plan.expires();
        publish(null, -1);
    }

    public RegistrationPlan plan() {
        return plan;
    }

    public RegistrationStatus status() {
        return status;
    }

    /** UNREGISTERED → REGISTERING. */
    public void start() {
        timers.execute(() -> {
            if (state == RegistrationState.UNREGISTERED && stopped == null) {
                enter(RegistrationState.REGISTERING, null, -1);
                attempt();
            }
        });
    }

    /**
     * Ends the registration: with a binding that may exist, UNREGISTERING (REGISTER with Expires: 0)
     * until its final response; then UNREGISTERED. Completes then; never fails.
     */
    public CompletionStage<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        timers.execute(() -> {
            if (stopped != null) {
                stopped.whenComplete((v, e) -> done.complete(null));
                return;
            }
            stopped = done;
            cancelTimer();
            if (state.maybeBound() || boundUntil > timers.nowMillis()) {
                if (!state.maybeBound()) {
                    registrar = boundAt; // a failed refresh moved on: the binding is still at the old one
                }
                enter(RegistrationState.UNREGISTERING, null, -1);
                attempt();
            } else {
                enter(RegistrationState.UNREGISTERED, null, -1);
                done.complete(null);
            }
        });
        return done;
    }

    private void attempt() {
        answered = false;
        send();
    }

    private void send() {
        int id = ++sent;
        long asked = state == RegistrationState.UNREGISTERING ? 0 : expires;
        RegistrationPlan.Registrar r = plan.registrars().get(registrar);
        SipRequest register = RegisterRequest.of(r, callId, fromTag, ++cseq, asked, authorization(r));
        CompletionStage<SipResponse> reply;
        try {
            reply = sender.send(register, this::withContact);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((resp, err) -> timers.execute(() -> onFinal(id, asked, resp, err)));
    }

    /** §10.2.1: our Contact on the listening point the REGISTER leaves from; the same one de-registers (§10.2.2). */
    private SipRequest withContact(SipRequest register, UserAgentClient.Origin origin) {
        SipUri mine = origin.contact(plan.user());
        contact = mine;
        return register.edit().add("Contact", "<" + mine + ">").build();
    }

    private void onFinal(int id, long asked, SipResponse resp, Throwable err) {
        if (id != sent) {
            return;
        }
        if (err != null) {
            failed("cannot send: " + err.getMessage(), 0);
            return;
        }
        int s = resp.status();
        if (s >= 200 && s < 300) {
            succeeded(resp, asked);
        } else if (s == 401 || s == 407) {
            String problem = answer(resp);
            if (problem == null) {
                send();
            } else {
                failed(s + " " + resp.reason() + ": " + problem, retryAfter(resp));
            }
        } else if (s == 423 && asked > 0 && resp.minExpires() > asked) {
            expires = resp.minExpires(); // §10.2.8: ask again with at least Min-Expires
            send();
        } else {
            failed(s + " " + resp.reason(), retryAfter(resp));
        }
    }

    private void succeeded(SipResponse resp, long asked) {
        long now = timers.nowMillis();
        if (state == RegistrationState.UNREGISTERING) {
            boundUntil = -1;
            LOG.info("trunk {}: de-registered from {}", plan.trunk(), currentRegistrar());
            finishStop(null);
            return;
        }
        long granted = granted(resp, asked);
        if (granted <= 0) {
            failed("the registrar kept no binding for our Contact", 0);
            return;
        }
        boolean renewed = state == RegistrationState.REFRESHING;
        failures = 0;
        boundUntil = now + granted * 1000;
        boundAt = registrar;
        long refresh = Math.max(500, granted * 500); // at half the granted expiry
        if (renewed) {
            LOG.debug("trunk {}: registration at {} refreshed for {} s", plan.trunk(), currentRegistrar(), granted);
        } else {
            LOG.info("trunk {}: registered at {} for {} s", plan.trunk(), currentRegistrar(), granted);
        }
        lastLogged = null;
        enter(RegistrationState.REGISTERED, null, now + refresh);
        timer = timers.schedule(this::refresh, refresh);
    }

    private void refresh() {
        timer = null;
        if (state == RegistrationState.REGISTERED) {
            enter(RegistrationState.REFRESHING, null, -1);
            attempt();
        }
    }

    private void retry() {
        timer = null;
        if (state == RegistrationState.FAILED) {
            enter(RegistrationState.REGISTERING, null, -1);
            attempt();
        }
    }

    private void failed(String problem, long retryAfterSeconds) {
        if (state == RegistrationState.UNREGISTERING) {
            LOG.info("trunk {}: de-registration from {} failed: {}", plan.trunk(), currentRegistrar(), problem);
            finishStop(problem);
            return;
        }
        failures++;
        long delay = Math.max(backoff.delayMillis(failures, random.getAsDouble()), retryAfterSeconds * 1000);
        String at = currentRegistrar();
        if (!problem.equals(lastLogged)) { // once per distinct problem, not at every retry
            LOG.warn("trunk {}: registration at {} failed: {}; retrying in {} s (back-off {} s doubling to {} s)", plan.trunk(), at,
                problem, delay / 1000, backoff.initialMillis() / 1000, backoff.maxMillis() / 1000);
            lastLogged = problem;
        } else {
            LOG.debug("trunk {}: registration at {} failed again: {}; retrying in {} s", plan.trunk(), at, problem, delay / 1000);
        }
        enter(RegistrationState.FAILED, problem, timers.nowMillis() + delay);
        // the next attempt goes to the next registrar, and starts without credentials: a challenge is per registrar
        registrar = (registrar + 1) % plan.registrars().size();
        challenge = null;
        timer = timers.schedule(this::retry, delay);
    }

    private void finishStop(String problem) {
        enter(RegistrationState.UNREGISTERED, problem, -1);
        stopped.complete(null);
    }

    /** Takes the challenge of {@code resp} for the next request; the reason when it cannot be answered. */
    private String answer(SipResponse resp) {
        if (plan.password() == null) {
            return "challenged, but the trunk has no outbound credentialsRef";
        }
        boolean proxy = resp.status() == 407;
        List<Challenge> offered;
        try {
            offered = proxy ? resp.proxyAuthenticate() : resp.wwwAuthenticate();
        } catch (RuntimeException e) {
            return "a challenge that does not parse";
        }
        for (Challenge c : offered) {
            if (c instanceof DigestChallenge d && d.algorithm().isPresent()
                && (d.qop().isEmpty() || d.offersQop(Digest.AUTH) || d.offersQop(Digest.AUTH_INT))) {
                if (answered && !d.stale()) {
                    return "credentials refused";
                }
                answered = true;
                challenge = d;
                proxyChallenge = proxy;
                nc = 0;
                return null;
            }
        }
        return "no Digest challenge with an algorithm and qop we support";
    }

    /** §22.2, §22.3: credentials for the kept challenge, or null. */
    private String authorization(RegistrationPlan.Registrar r) {
        if (challenge == null) {
            return null;
        }
        String uri = r.requestUri().toString();
        var answer = DigestClient.respond(challenge, plan.user(), plan.password(), "REGISTER", uri, new byte[0], hex(8), ++nc);
        return (proxyChallenge ? "Proxy-Authorization: " : "Authorization: ") + answer;
    }

    /** §10.2.4: the expires of our Contact in the 2xx, else its Expires, else what we asked for. */
    private long granted(SipResponse resp, long asked) {
        SipUri mine = contact;
        try {
            for (NameAddress c : resp.contacts()) {
                if (mine != null && c.uri() instanceof SipUri u && same(u, mine) && c.expires() >= 0) {
                    return c.expires();
                }
            }
        } catch (RuntimeException e) {
            // a Contact that does not parse: fall back to Expires
        }
        long e = resp.expires();
        return e >= 0 ? e : asked;
    }

    private static boolean same(SipUri a, SipUri b) {
        return String.valueOf(a.user()).equals(String.valueOf(b.user())) && a.host().equalsIgnoreCase(b.host())
            && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(SipUri u) {
        return u.port() >= 0 ? u.port() : 5060;
    }

    /** Retry-After in seconds (§20.33: its leading number), capped; 0 when absent. */
    private static long retryAfter(SipResponse resp) {
        String v = resp.header("Retry-After");
        if (v == null) {
            return 0;
        }
        int i = 0;
        long n = 0;
        String t = v.trim();
        while (i < t.length() && Character.isDigit(t.charAt(i)) && n < MAX_RETRY_AFTER_S) {
            n = n * 10 + (t.charAt(i++) - '0');
        }
        return Math.min(n, MAX_RETRY_AFTER_S);
    }

    private void enter(RegistrationState next, String problem, long nextAt) {
        state = next;
        publish(problem, nextAt);
    }

    private void publish(String problem, long nextAt) {
        status = new RegistrationStatus(plan.trunk(), state, state == RegistrationState.UNREGISTERED && problem == null ? null
            : currentRegistrar(), problem, nextAt);
    }

    private String currentRegistrar() {
        return plan.registrars().get(registrar).requestUri().toString();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
    }
}
