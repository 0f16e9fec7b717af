package io.tandem.processor;

import java.util.Objects;

/**
 * A username and password with which the EdgePort answers a Digest challenge (401 or 407) of the
 * next hop for a branch (RFC 3261 §22.2, §22.3), e.g. a Trunk's outbound credentials.
 * {@link #toString()} hides the password.
 */
public record DigestSecret(String username, String password) {
    public DigestSecret {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DigestSecret[username=" + username + ", password=****]";
    }
}
