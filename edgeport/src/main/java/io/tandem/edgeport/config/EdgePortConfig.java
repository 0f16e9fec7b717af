package io.tandem.edgeport.config;

import io.tandem.config.Cidr;
import io.tandem.processor.ListeningPoint;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * An EdgePort's configuration: a Routr v2 {@code kind: EdgePort} resource (YAML or JSON) plus
 * Tandem's extensions. Read one with {@link #load(Path)}; see {@link EdgePortConfigLoader} for the
 * format and its defaults.
 *
 * @param source the file it was read from, or null when built in code
 * @param region {@code metadata.region}, default "default"
 * @param bindAddr {@code spec.bindAddr}, an IP literal, default 0.0.0.0
 * @param externalAddrs {@code spec.externalAddrs}: addresses or names advertised to peers outside the localnets
 * @param localnets {@code spec.localnets}: networks that get the local address instead
 * @param methods {@code spec.methods}, upper case; default {@link #DEFAULT_METHODS}
 * @param processorAddr {@code spec.processor.addr}, or null (accepted for Routr compatibility)
 * @param transports {@code spec.transport}, at least one
 * @param proxy {@code spec.proxy} (Tandem extension): Server header, processor timeout
 * @param security {@code spec.security} (Tandem extension) as written, a missing node when absent:
 *     the security module validates and maps it (its own schema), the EdgePort core never reads it
 */
public record EdgePortConfig(
        Path source, String ref, String apiVersion, String region,
        String bindAddr, List<String> externalAddrs, List<Cidr> localnets,
        List<String> methods, UnknownMethodAction unknownMethodAction, String processorAddr,
        SecurityContext securityContext, List<TransportSpec> transports, Timers timers, Limits limits, ProxyOptions proxy,
        JsonNode security) {

    /** The methods accepted when {@code spec.methods} is absent. */
    public static final List<String> DEFAULT_METHODS = List.of("REGISTER", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS",
        "MESSAGE", "PRACK", "UPDATE", "INFO", "REFER", "SUBSCRIBE", "NOTIFY", "PUBLISH");

    /** {@code spec.unknownMethodAction}: what to do with a request whose method is not in {@code methods}. */
    public enum UnknownMethodAction {
        /** Drop it silently (the default, as in Routr). */
        DISCARD,
        /** Answer 405 Method Not Allowed with an Allow header (RFC 3261 §21.4.6). */
        RESPOND
    }

    /** Route-selected source addresses, for a wildcard bind (bounded; routes rarely change). */
    private static final Map<InetAddress, String> ROUTE_SOURCE = new ConcurrentHashMap<>();

    public EdgePortConfig {
        externalAddrs = List.copyOf(externalAddrs);
        localnets = List.copyOf(localnets);
        methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
        transports = List.copyOf(transports);
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("at least one transport is required");
        }
        proxy = proxy == null ? ProxyOptions.DEFAULT : proxy;
        security = security == null ? MissingNode.getInstance() : security.deepCopy();
    }

    /** Without {@code spec.security}. */
    public EdgePortConfig(Path source, String ref, String apiVersion, String region, String bindAddr, List<String> externalAddrs,
                          List<Cidr> localnets, List<String> methods, UnknownMethodAction unknownMethodAction, String processorAddr,
                          SecurityContext securityContext, List<TransportSpec> transports, Timers timers, Limits limits,
                          ProxyOptions proxy) {
        this(source, ref, apiVersion, region, bindAddr, externalAddrs, localnets, methods, unknownMethodAction, processorAddr,
            securityContext, transports, timers, limits, proxy, null);
    }

    /** Without {@code spec.proxy}: its defaults. */
    public EdgePortConfig(Path source, String ref, String apiVersion, String region, String bindAddr, List<String> externalAddrs,
                          List<Cidr> localnets, List<String> methods, UnknownMethodAction unknownMethodAction, String processorAddr,
                          SecurityContext securityContext, List<TransportSpec> transports, Timers timers, Limits limits) {
        this(source, ref, apiVersion, region, bindAddr, externalAddrs, localnets, methods, unknownMethodAction, processorAddr,
            securityContext, transports, timers, limits, ProxyOptions.DEFAULT);
    }

    /** Reads and validates a YAML or JSON file; see {@link EdgePortConfigLoader#load(Path)}. */
    public static EdgePortConfig load(Path file) {
        return EdgePortConfigLoader.load(file);
    }

    /** A configuration with these listeners and every default (tests, embedding). */
    public static EdgePortConfig of(List<TransportSpec> transports) {
        return new EdgePortConfig(null, "edgeport", "v2", "default", "0.0.0.0", List.of(), List.of(), DEFAULT_METHODS,
            UnknownMethodAction.DISCARD, null, SecurityContext.NONE, transports, Timers.DEFAULT, Limits.DEFAULT);
    }

    public EdgePortConfig withLimits(Limits l) {
        return new EdgePortConfig(source, ref, apiVersion, region, bindAddr, externalAddrs, localnets, methods,
            unknownMethodAction, processorAddr, securityContext, transports, timers, l, proxy, security);
    }

    public EdgePortConfig withSecurityContext(SecurityContext s) {
        return new EdgePortConfig(source, ref, apiVersion, region, bindAddr, externalAddrs, localnets, methods,
            unknownMethodAction, processorAddr, s, transports, timers, limits, proxy, security);
    }

    public EdgePortConfig withNetworks(String bind, List<String> external, List<Cidr> local) {
        return new EdgePortConfig(source, ref, apiVersion, region, bind, external, local, methods,
            unknownMethodAction, processorAddr, securityContext, transports, timers, limits, proxy, security);
    }

    public EdgePortConfig withProxy(ProxyOptions p) {
        return new EdgePortConfig(source, ref, apiVersion, region, bindAddr, externalAddrs, localnets, methods,
            unknownMethodAction, processorAddr, securityContext, transports, timers, limits, p, security);
    }

    public EdgePortConfig withSecurity(JsonNode s) {
        return new EdgePortConfig(source, ref, apiVersion, region, bindAddr, externalAddrs, localnets, methods,
            unknownMethodAction, processorAddr, securityContext, transports, timers, limits, proxy, s);
    }

    /** True if requests with this method are accepted. */
    public boolean allowsMethod(String method) {
        return methods.contains(method.toUpperCase(Locale.ROOT));
    }

    /**
     * The listening points as configured: the advertised host is the first external address if
     * any, else the bind address (for a wildcard bind, the address the host routes from). Ports
     * of 0 are replaced by the bound port once the transport has started.
     */
    public List<ListeningPoint> listeningPoints() {
        List<ListeningPoint> out = new ArrayList<>(transports.size());
        for (TransportSpec t : transports) {
            String adv = externalAddrs.isEmpty() ? localHost(t.bindAddr(), null) : externalAddrs.get(0);
            out.add(new ListeningPoint(t.protocol(), t.bindAddr(), t.port(), adv, t.port()));
        }
        return out;
    }

    /**
     * The host to advertise (Via, Record-Route, Contact) toward {@code destination}: inside a
     * localnet, the local address (the bind address, or for a wildcard bind the address the host
     * routes from toward that destination); anywhere else the first external address, or the
     * local address when there is none.
     */
    public String advertisedHostFor(InetAddress destination) {
        if (!externalAddrs.isEmpty()) {
            boolean local = false;
            for (Cidr n : localnets) {
                if (n.contains(destination)) {
                    local = true;
                    break;
                }
            }
            if (!local) {
                return externalAddrs.get(0);
            }
        }
        return localHost(bindAddr, destination);
    }

    /** {@code bind} unless it is a wildcard; then the source address the kernel picks toward {@code dest}. */
    static String localHost(String bind, InetAddress dest) {
        String bare = bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind;
        InetAddress b = InetAddress.ofLiteral(bare);
        if (!b.isAnyLocalAddress()) {
            return bare;
        }
        InetAddress target = dest != null ? dest
            : InetAddress.ofLiteral(b.getAddress().length == 4 ? "192.0.2.1" : "2001:db8::1"); // documentation addresses
        String cached = ROUTE_SOURCE.get(target);
        if (cached != null) {
            return cached;
        }
        String found = routeSource(target);
        if (ROUTE_SOURCE.size() > 4096) {
            ROUTE_SOURCE.clear();
        }
        ROUTE_SOURCE.put(target, found);
        return found;
    }

    /** Connecting a UDP socket sends nothing but makes the kernel choose the source address. */
    private static String routeSource(InetAddress target) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(target, 5060);
            InetAddress a = s.getLocalAddress();
            if (a != null && !a.isAnyLocalAddress()) {
                return a.getHostAddress();
            }
        } catch (SocketException | UncheckedIOException e) {
            // no route: fall through
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }
}
