package io.tandem.security;

import io.tandem.edgeport.door.SourceFilter;
import io.tandem.processor.Transport;
import io.tandem.security.SecurityConfig.Acl;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * The EdgePort-wide ACL (Kamailio permissions' allow/deny, checked before anything is read):
 * the most specific matching network decides, deny winning a tie; a source no network matches
 * is admitted when {@code allow} is empty, refused otherwise.
 */
final class AccessList implements SourceFilter {
    private final Acl acl;
    private final LongAdder refused = new LongAdder();

    AccessList(Acl acl) {
        this.acl = acl;
    }

    @Override
    public boolean admits(InetSocketAddress remote, Transport transport) {
        int allow = acl.allow().longestMatch(remote.getAddress());
        int deny = acl.deny().longestMatch(remote.getAddress());
        boolean ok = deny < 0 ? allow >= 0 || acl.allow().isEmpty() : allow > deny;
        if (!ok) {
            refused.increment();
        }
        return ok;
    }

    long refused() {
        return refused.sum();
    }
}
