package io.tandem.provisioning;

/**
 * A provisioned Routr v2 resource: {@code {apiVersion, kind, ref, metadata, spec}}. Every implementation
 * is an immutable record whose {@code spec} mirrors the document's {@code spec}.
 */
public sealed interface Resource permits Domain, Agent, Peer, Trunk, PhoneNumber, Credentials, AccessControlList {
    /** {@code v2beta1} or {@code v2}. */
    String apiVersion();

    /** The unique reference of the resource (unique across all kinds). */
    String ref();

    Metadata metadata();

    Kind kind();

    /** {@code metadata.name}, the friendly name. */
    default String name() {
        return metadata().name();
    }
}
