package io.tandem.registration;

/**
 * Where one trunk's registration stands (RFC 3261 §10.2). The transitions:
 *
 * <pre>
 * UNREGISTERED ─start→ REGISTERING ─2xx→ REGISTERED ─half the expiry→ REFRESHING ─2xx→ REGISTERED
 *                      REGISTERING, REFRESHING ─failure→ FAILED ─back-off→ REGISTERING
 *                      any ─stop→ UNREGISTERING (Expires: 0) ─final response→ UNREGISTERED
 * </pre>
 *
 * A 401/407 (answered with digest) and a 423 (retried with Min-Expires) keep the state: they are
 * steps of the same attempt.
 */
public enum RegistrationState {
    UNREGISTERED, REGISTERING, REGISTERED, REFRESHING, FAILED, UNREGISTERING;

    /** True while the registrar may hold our binding. */
    boolean maybeBound() {
        return this == REGISTERING || this == REGISTERED || this == REFRESHING;
    }
}
