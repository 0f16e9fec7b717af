package io.tandem.security;

import io.tandem.processor.CallListener;
import io.tandem.security.SecurityConfig.BruteForce;
import io.tandem.sip.SipParseException;
import io.tandem.sip.auth.Credentials;
import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Brute force (fail2ban-like): a failed digest attempt is a 401 or 407 that we answered
 * ({@code local}) to a request that carried Authorization or Proxy-Authorization (RFC 3261
 * §22.2, §22.3), except a challenge with {@code stale=true} (right password, old nonce; RFC 7616
 * §3.3). {@code maxFailures} per source in the window ban the source; {@code maxFailuresPerUser}
 * for one user name (from any number of sources) ban every further source failing as that user.
 * Runs on the shards, off the I/O path.
 */
final class BruteForceDetector implements CallListener {
    private final BruteForce limits;
    private final BanPolicy policy;
    private final LongSupplier clock;
    private final WindowCounter<InetAddress> bySource;
    private final WindowCounter<String> byUser;
    private final LongAdder failures = new LongAdder();

    BruteForceDetector(BruteForce limits, BanPolicy policy, LongSupplier clock) {
        this.limits = limits;
        this.policy = policy;
        this.clock = clock;
        long window = TimeUnit.SECONDS.toMillis(limits.windowSeconds());
        bySource = new WindowCounter<>(window, 100_000);
        byUser = new WindowCounter<>(window, 100_000);
    }

    @Override
    public void responseSent(SipRequest request, InetSocketAddress source, SipResponse response, boolean local) {
        int status = response.status();
        if (!local || status != 401 && status != 407 || source == null) {
            return;
        }
        boolean proxy = status == 407;
        if (!request.hasHeader(proxy ? "Proxy-Authorization" : "Authorization") || stale(response, proxy)) {
            return;
        }
        failures.increment();
        InetAddress ip = source.getAddress();
        long now = clock.getAsLong();
        int n = bySource.add(ip, now);
        if (limits.maxFailures() > 0 && n >= limits.maxFailures()) {
            policy.ban(ip, "brute-force", n + " failed digest attempts in " + limits.windowSeconds() + " s");
            return;
        }
        String user = user(request, proxy);
        if (limits.maxFailuresPerUser() > 0 && user != null && byUser.add(user, now) > limits.maxFailuresPerUser()) {
            policy.ban(ip, "brute-force", "failed digest attempts for user " + user + " over " + limits.maxFailuresPerUser()
                + " in " + limits.windowSeconds() + " s");
        }
    }

    private static boolean stale(SipResponse response, boolean proxy) {
        for (String c : response.headers(proxy ? "Proxy-Authenticate" : "WWW-Authenticate")) {
            if (c.toLowerCase(Locale.ROOT).replace(" ", "").replace("\"", "").contains("stale=true")) {
                return true;
            }
        }
        return false;
    }

    private static String user(SipRequest request, boolean proxy) {
        try {
            List<Credentials> creds = proxy ? request.proxyAuthorization() : request.authorization();
            for (Credentials c : creds) {
                if (c instanceof DigestCredentials d && d.username() != null) {
                    return d.username();
                }
            }
        } catch (SipParseException e) {
            // malformed credentials: counted by source only
        }
        return null;
    }

    void sweep(long now) {
        bySource.sweep(now);
        byUser.sweep(now);
    }

    long failures() {
        return failures.sum();
    }
}
