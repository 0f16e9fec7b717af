package io.tandem.security;

import io.tandem.edgeport.log.RateLimitedLog;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * What a detector does with a source it caught: bans it for the configured time, unless it is
 * trusted (a false positive on a trunk is an outage). A new ban is logged, a few lines a second at most.
 */
final class BanPolicy {
    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("tandem.security"), 5, 1000);

    private final BanList bans;
    private final Networks trusted;
    private final long banMillis;

    BanPolicy(BanList bans, Networks trusted, long banSeconds) {
        this.bans = bans;
        this.trusted = trusted;
        this.banMillis = TimeUnit.SECONDS.toMillis(banSeconds);
    }

    boolean isTrusted(InetAddress source) {
        return trusted.contains(source);
    }

    /** Bans {@code source} unless trusted; true when it is banned now. */
    boolean ban(InetAddress source, String rule, String reason) {
        if (trusted.contains(source)) {
            return false;
        }
        if (bans.isBanned(source)) {
            return true;
        }
        bans.ban(Network.of(source), rule, reason, banMillis);
        LOG.warn("banned {} for {} s ({}: {})", source.getHostAddress(), banMillis / 1000, rule, reason);
        return true;
    }
}
