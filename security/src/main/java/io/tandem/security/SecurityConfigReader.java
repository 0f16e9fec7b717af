package io.tandem.security;

import com.networknt.schema.Schema;
import io.tandem.config.Cidr;
import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.security.SecurityConfig.Acl;
import io.tandem.security.SecurityConfig.Bans;
import io.tandem.security.SecurityConfig.BruteForce;
import io.tandem.security.SecurityConfig.Connections;
import io.tandem.security.SecurityConfig.Flood;
import io.tandem.security.SecurityConfig.Lengths;
import io.tandem.security.SecurityConfig.Scanners;
import io.tandem.security.SecurityConfig.StaticBan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Validates {@code spec.security} against {@code schema/security.schema.json} (draft 2020-12),
 * then maps it with its defaults; problems are reported as {@code file: spec.security.<field>: reason}.
 */
public final class SecurityConfigReader {
    private static final Schema SCHEMA = ConfigDocument.schema(SecurityConfigReader.class, "/schema/security.schema.json");
    private static final String ROOT = "spec.security";

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private SecurityConfigReader(String file) {
        this.file = file;
    }

    /** The security settings of an EdgePort document; throws {@link ConfigException} naming each bad field. */
    public static SecurityConfig read(EdgePortConfig edge) {
        String file = edge.source() == null ? "edgeport" : edge.source().toString();
        return new SecurityConfigReader(file).map(edge.security(), edge.localnets());
    }

    private SecurityConfig map(JsonNode s, List<Cidr> localnets) {
        if (!s.isMissingNode()) {
            for (ConfigProblem p : ConfigDocument.validate(SCHEMA, s)) {
                problems.add(p.under(ROOT));
            }
            fail();
        }
        List<Network> trusted = new ArrayList<>();
        if (s.has("trusted")) {
            trusted.addAll(networks(s.get("trusted"), "trusted").list());
        } else {
            localnets.forEach(c -> trusted.add(new Network(c)));
            trusted.addAll(SecurityConfig.LOOPBACK.list());
        }
        Networks admin = s.has("adminFrom") ? networks(s.get("adminFrom"), "adminFrom") : SecurityConfig.LOOPBACK;
        JsonNode a = s.path("acl");
        Acl acl = new Acl(networks(a.path("allow"), "acl.allow"), networks(a.path("deny"), "acl.deny"));
        JsonNode b = s.path("bans");
        List<StaticBan> list = new ArrayList<>();
        for (int i = 0; i < b.path("list").size(); i++) {
            JsonNode e = b.path("list").get(i);
            Network n = network(e.path("network").asString(), "bans.list[" + i + "].network");
            if (n != null) {
                list.add(new StaticBan(n, e.path("reason").asString("configured"), e.path("seconds").asLong(Ban.PERMANENT)));
            }
        }
        Bans bans = new Bans(b.path("banSeconds").asLong(Bans.DEFAULT.banSeconds()),
            !"local".equals(b.path("share").asString("auto")), list);
        JsonNode f = s.path("flood");
        Flood fd = Flood.DEFAULT;
        Flood flood = new Flood(f.path("windowSeconds").asLong(fd.windowSeconds()), f.path("maxRequests").asInt(fd.maxRequests()),
            f.path("maxInvites").asInt(fd.maxInvites()), f.path("maxRegisters").asInt(fd.maxRegisters()),
            f.path("trustedMaxRequests").asInt(fd.trustedMaxRequests()));
        Scanners scanners = Scanners.DEFAULT;
        if (s.path("scanners").has("userAgents")) {
            List<String> uas = new ArrayList<>();
            s.path("scanners").get("userAgents").values().forEach(v -> uas.add(v.asString().toLowerCase(Locale.ROOT)));
            scanners = new Scanners(uas);
        }
        JsonNode bf = s.path("bruteForce");
        BruteForce bd = BruteForce.DEFAULT;
        BruteForce brute = new BruteForce(bf.path("windowSeconds").asLong(bd.windowSeconds()),
            bf.path("maxFailures").asInt(bd.maxFailures()), bf.path("maxFailuresPerUser").asInt(bd.maxFailuresPerUser()));
        JsonNode l = s.path("lengths");
        Lengths ld = Lengths.DEFAULT;
        Lengths lengths = new Lengths(!"Drop".equals(l.path("action").asString("Reject")),
            l.path("maxRequestUri").asInt(ld.maxRequestUri()), l.path("maxUriUser").asInt(ld.maxUriUser()),
            l.path("maxHeaders").asInt(ld.maxHeaders()), l.path("maxHeaderLength").asInt(ld.maxHeaderLength()),
            l.path("maxBody").asInt(ld.maxBody()));
        JsonNode c = s.path("connections");
        Connections cd = Connections.DEFAULT;
        Connections connections = new Connections(c.path("acceptPerSourcePerSecond").asInt(cd.acceptPerSourcePerSecond()),
            c.path("acceptPerSecond").asInt(cd.acceptPerSecond()));
        JsonNode t = s.path("topologyHiding");
        SecurityConfig.Topology topology = new SecurityConfig.Topology(t.path("enabled").asBoolean(false),
            networks(t.path("exempt"), "topologyHiding.exempt"));
        fail();
        return new SecurityConfig(s.path("enabled").asBoolean(true), new Networks(trusted), admin, acl, bans, flood, scanners,
            brute, lengths, connections, topology);
    }

    private Networks networks(JsonNode array, String field) {
        List<Network> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Network n = network(array.get(i).asString(), field + "[" + i + "]");
            if (n != null) {
                out.add(n);
            }
        }
        return new Networks(out);
    }

    private Network network(String text, String field) {
        try {
            return Network.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(ROOT + "." + field, e.getMessage()));
            return null;
        }
    }

    private void fail() {
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(ConfigProblem::path));
            throw new ConfigException(file, problems);
        }
    }
}
