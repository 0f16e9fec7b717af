package io.tandem.location;

/** An add that would create more bindings than the AOR's maxContacts allows (Routr refuses it too). */
public final class MaxContactsExceededException extends RuntimeException {
    public MaxContactsExceededException(String aor, int maxContacts) {
        super(aor + " exceeds maximum of " + maxContacts + " allowed contacts");
    }
}
