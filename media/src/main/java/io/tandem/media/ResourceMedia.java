package io.tandem.media;

/**
 * The media settings of one provisioned resource (a Domain, Trunk, Peer or Agent, by its ref;
 * Routr's resources have no media field, so they live in {@code media.yaml}, keyed by ref).
 *
 * @param policy the anchoring policy of a call it takes part in, or null: the document's
 * @param record whether rtpengine records the call's media ({@code record call}), or null: no say
 */
public record ResourceMedia(String ref, AnchorPolicy policy, Boolean record) {
}
