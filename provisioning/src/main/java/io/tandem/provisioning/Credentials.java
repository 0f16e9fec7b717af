package io.tandem.provisioning;

import java.util.Objects;

/** A {@code kind: Credentials} resource: a username and password used by Agents, Peers and Trunks. */
public record Credentials(String apiVersion, String ref, Metadata metadata, Spec spec) implements Resource {
    public Credentials {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(spec, "spec");
    }

    /** @param credentials {@code spec.credentials} */
    public record Spec(UsernamePassword credentials) {
        public Spec {
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /** {@code spec.credentials}; {@link #toString()} hides the password. */
    public record UsernamePassword(String username, String password) {
        public UsernamePassword {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "UsernamePassword[username=" + username + ", password=****]";
        }
    }

    @Override
    public Kind kind() {
        return Kind.CREDENTIALS;
    }

    public String username() {
        return spec.credentials().username();
    }

    public String password() {
        return spec.credentials().password();
    }
}
