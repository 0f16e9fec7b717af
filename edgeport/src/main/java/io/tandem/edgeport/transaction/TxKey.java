package io.tandem.edgeport.transaction;

import io.tandem.sip.SipMethod;

/**
 * Transaction id of RFC 3261 §17.1.3 / §17.2.3: branch (exact) + method, plus sent-by for server
 * transactions (host compared ignoring case; {@code host == null} for client keys). No string is
 * built: the hash comes from the branch's cached hash. Instances stored in a map are never
 * changed; {@link TransactionLayer} reuses one mutable probe for look-ups (single-threaded).
 */
final class TxKey {
    private String branch;
    private String host;
    private int port;
    private SipMethod method;

    TxKey() {
    }

    TxKey(String branch, String host, int port, SipMethod method) {
        set(branch, host, port, method);
    }

    TxKey set(String branch, String host, int port, SipMethod method) {
        this.branch = branch;
        this.host = host;
        this.port = port;
        this.method = method;
        return this;
    }

    TxKey copy() {
        return new TxKey(branch, host, port, method);
    }

    String branch() {
        return branch;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxKey k && port == k.port && branch.equals(k.branch) && method.equals(k.method)
            && (host == null ? k.host == null : host.equalsIgnoreCase(k.host));
    }

    @Override
    public int hashCode() {
        return branch.hashCode() * 31 + method.hashCode();
    }

    @Override
    public String toString() {
        return host == null ? branch + "/" + method : branch + "/" + host + ":" + port + "/" + method;
    }
}
