package io.tandem.admin;

/**
 * Who makes an admin call: an API key, authenticated.
 *
 * @param id the key's id, which the audit log records
 * @param tenant the Domain ref the key is limited to, or null for every tenant
 */
public record Caller(String id, Role role, String tenant) {
    /** What {@code tandem import} and other local tools act as. */
    public static Caller local(String id) {
        return new Caller(id, Role.ADMIN, null);
    }
}
