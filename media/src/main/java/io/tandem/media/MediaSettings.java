package io.tandem.media;

import com.networknt.schema.Schema;
import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code media.yaml} document (also {@code .yml}, {@code .json}) of a configuration directory:
 * Tandem's own, beside Routr's documents, since Routr v2 has no media settings.
 * <pre>
 * kind: Media
 * apiVersion: v2beta1
 * spec:
 *   rtpengines: [{addr: "127.0.0.1:2223"}]   # ng control addresses; several: round robin + failover
 *   policy: always        # always | webrtc | nat | never (default always)
 *   timeoutMillis: 800    # per ng request, retransmissions included (default 800)
 *   retransmitMillis: 200 # resend interval (default 200)
 *   pingMillis: 2000      # health check interval, 0 = none (default 2000)
 *   maxInFlight: 128      # requests waiting for the instance's reply at once (default 128)
 *   maxQueued: 1024       # new calls' offers queued per instance beyond that; one more gets 503 at once (default 1024)
 *   codecs:               # per leg profile of the offer's receiver: rtpengine's codec transcode/mask
 *     plain:  {transcode: [PCMU, PCMA], mask: []}
 *     webrtc: {transcode: [opus]}
 *   record: false         # rtpengine records every anchored call (default false)
 *   resources:            # per Domain/Trunk/Peer/Agent ref: its policy and recording (most specific wins)
 *     - {ref: agent-1001, record: true}
 *     - {ref: trunk-carrier, policy: never}
 * </pre>
 */
public record MediaSettings(List<InetSocketAddress> rtpengines, AnchorPolicy policy, long timeoutMillis,
                            long retransmitMillis, long pingMillis, Map<LegProfile, CodecFilter> codecs, boolean record,
                            List<ResourceMedia> resources, int maxInFlight, int maxQueued) {
    private static final Schema SCHEMA = ConfigDocument.schema(MediaSettings.class, "/schema/media.schema.json");

    public MediaSettings {
        rtpengines = List.copyOf(rtpengines);
        codecs = Map.copyOf(codecs);
        resources = List.copyOf(resources);
    }

    /** Settings with the default {@code maxInFlight} and {@code maxQueued}. */
    public MediaSettings(List<InetSocketAddress> rtpengines, AnchorPolicy policy, long timeoutMillis, long retransmitMillis,
                         long pingMillis, Map<LegProfile, CodecFilter> codecs, boolean record, List<ResourceMedia> resources) {
        this(rtpengines, policy, timeoutMillis, retransmitMillis, pingMillis, codecs, record, resources,
            io.tandem.media.ng.RtpEngines.DEFAULT_MAX_IN_FLIGHT, io.tandem.media.ng.RtpEngines.DEFAULT_MAX_QUEUED);
    }

    /** Settings without recording or per-resource entries. */
    public MediaSettings(List<InetSocketAddress> rtpengines, AnchorPolicy policy, long timeoutMillis, long retransmitMillis,
                         long pingMillis, Map<LegProfile, CodecFilter> codecs) {
        this(rtpengines, policy, timeoutMillis, retransmitMillis, pingMillis, codecs, false, List.of());
    }

    /** The policy of a call involving {@code refs} (most specific first): the first of their entries that names one, else the document's. */
    public AnchorPolicy policyFor(List<String> refs) {
        ResourceMedia r = first(refs, true);
        return r == null ? policy : r.policy();
    }

    /** Whether a call involving {@code refs} is recorded: the first of their entries that says, else the document's {@code record}. */
    public boolean recordsFor(List<String> refs) {
        ResourceMedia r = first(refs, false);
        return r == null ? record : r.record();
    }

    private ResourceMedia first(List<String> refs, boolean forPolicy) {
        for (String ref : refs) {
            for (ResourceMedia r : resources) {
                if (r.ref().equals(ref) && (forPolicy ? r.policy() != null : r.record() != null)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** What offers toward a leg of {@code profile} get done to their codecs. */
    public CodecFilter codecsToward(LegProfile profile) {
        return codecs.getOrDefault(profile, CodecFilter.NONE);
    }

    /** The media document of {@code dir}, or null when there is none (no anchoring). */
    public static Path file(Path dir) {
        for (String name : new String[] {"media.yaml", "media.yml", "media.json"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    /** Reads and checks {@code file}; every problem names the file and the field. */
    public static MediaSettings load(Path file) {
        return parse(ConfigDocument.text(file), file.toString());
    }

    public static MediaSettings parse(String text, String name) {
        JsonNode spec = ConfigDocument.read(text, name, SCHEMA).path("spec");
        List<InetSocketAddress> addrs = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode list = spec.path("rtpengines");
        for (int i = 0; i < list.size(); i++) {
            String addr = list.get(i).path("addr").asString();
            int colon = addr.lastIndexOf(':');
            String host = addr.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(addr.substring(colon + 1));
            if (port < 1 || port > 65535) {
                problems.add(new ConfigProblem("spec.rtpengines[" + i + "].addr", "port " + port + " is not 1-65535"));
                continue;
            }
            InetSocketAddress a = new InetSocketAddress(host, port);
            if (a.isUnresolved()) {
                problems.add(new ConfigProblem("spec.rtpengines[" + i + "].addr", "host '" + host + "' does not resolve"));
            } else if (addrs.contains(a)) {
                problems.add(new ConfigProblem("spec.rtpengines[" + i + "].addr", addr + " is listed twice"));
            } else {
                addrs.add(a);
            }
        }
        long timeout = spec.path("timeoutMillis").asLong(800);
        long retransmit = spec.path("retransmitMillis").asLong(200);
        if (retransmit > timeout) {
            problems.add(new ConfigProblem("spec.retransmitMillis", retransmit + " is longer than timeoutMillis (" + timeout + ")"));
        }
        List<ResourceMedia> resources = new ArrayList<>();
        JsonNode entries = spec.path("resources");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            String ref = e.path("ref").asString();
            if (resources.stream().anyMatch(r -> r.ref().equals(ref))) {
                problems.add(new ConfigProblem("spec.resources[" + i + "].ref", "'" + ref + "' is listed twice"));
            }
            resources.add(new ResourceMedia(ref, e.has("policy") ? AnchorPolicy.of(e.path("policy").asString()) : null,
                e.has("record") ? e.path("record").asBoolean() : null));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(name, problems);
        }
        Map<LegProfile, CodecFilter> codecs = new EnumMap<>(LegProfile.class);
        for (LegProfile p : LegProfile.values()) {
            JsonNode leg = spec.path("codecs").path(p.name().toLowerCase(Locale.ROOT));
            CodecFilter f = new CodecFilter(names(leg.path("transcode")), names(leg.path("mask")));
            if (!f.isNone()) {
                codecs.put(p, f);
            }
        }
        return new MediaSettings(addrs, AnchorPolicy.of(spec.path("policy").asString("always")), timeout, retransmit,
            spec.path("pingMillis").asLong(2000), codecs, spec.path("record").asBoolean(false), resources,
            spec.path("maxInFlight").asInt(io.tandem.media.ng.RtpEngines.DEFAULT_MAX_IN_FLIGHT),
            spec.path("maxQueued").asInt(io.tandem.media.ng.RtpEngines.DEFAULT_MAX_QUEUED));
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asString()));
        return out;
    }
}
