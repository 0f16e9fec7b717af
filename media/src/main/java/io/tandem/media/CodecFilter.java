package io.tandem.media;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What rtpengine does to the codecs of an offer on its way to a leg of one {@link LegProfile}
 * (its ng {@code codec} dictionary): {@code transcode} codecs are added when the offer lacks them,
 * rtpengine transcoding when the answerer picks one (an Opus-only browser calling a G.711 phone);
 * {@code mask} codecs are removed from what the leg is offered, still accepted from the offerer
 * (transcoded). A codec both sides have goes through untouched (RFC 3264 §6.1: the answer is a
 * subset of the offer, so the answerer's pick decides).
 */
public record CodecFilter(List<String> transcode, List<String> mask) {
    public static final CodecFilter NONE = new CodecFilter(List.of(), List.of());

    public CodecFilter {
        transcode = List.copyOf(transcode);
        mask = List.copyOf(mask);
    }

    public boolean isNone() {
        return transcode.isEmpty() && mask.isEmpty();
    }

    /** The ng {@code codec} dictionary: {@code {transcode: [...], mask: [...]}}, the empty lists left out. */
    public Map<String, Object> ngCodec() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!transcode.isEmpty()) {
            m.put("transcode", transcode);
        }
        if (!mask.isEmpty()) {
            m.put("mask", mask);
        }
        return m;
    }
}
