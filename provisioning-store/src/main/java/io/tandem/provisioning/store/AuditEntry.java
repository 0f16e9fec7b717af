package io.tandem.provisioning.store;

import java.time.Instant;

/**
 * One change, as the audit log keeps it.
 *
 * @param actor who made it: an API key's name, {@code import}, ...
 * @param action {@code create}, {@code update} or {@code delete}
 * @param document the resource after the change, without a password; null for a delete
 */
public record AuditEntry(Instant at, String actor, String action, String kind, String ref, String document) {
}
