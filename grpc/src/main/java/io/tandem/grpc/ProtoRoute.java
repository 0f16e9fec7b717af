package io.tandem.grpc;

import io.routr.processor.NetInterface;
import io.tandem.location.Route;
import io.tandem.processor.ListeningPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Location binding ({@link Route}) as Routr's {@code location.v2beta1.Route} and back, losslessly:
 * Routr's fields as Routr fills them (host, port and transport: where the REGISTER came from;
 * advertised_host and advertised_port: the Contact's address), and Tandem's from 100 (the Contact's
 * transport and URI, the binding's key, Path, instance-id and reg-id). A Route from a Routr client,
 * without Tandem's fields, gets them as a Tandem registrar would derive them (Contact URI from the
 * advertised address, key from the URI).
 */
final class ProtoRoute {
    private ProtoRoute() {
    }

    static io.routr.location.Route of(Route r) {
        io.routr.location.Route.Builder b = io.routr.location.Route.newBuilder()
            .setUser(r.user())
            .setHost(r.receivedHost())
            .setPort(Integer.toString(r.receivedPort()))
            .setAdvertisedHost(r.host())
            .setAdvertisedPort(Integer.toString(r.port()))
            .setTransport(io.routr.common.Transport.valueOf(r.receivedTransport()))
            .setRegisteredOn(r.registeredOn())
            .setExpires(r.expires())
            .setSessionCount(r.sessionCount())
            .setEdgePortRef(r.edgePortRef() == null ? "" : r.edgePortRef())
            .putAllLabels(r.labels())
            .setContactTransport(r.transport())
            .setContactUri(r.contactUri())
            .setContactKey(r.contactKey())
            .addAllPath(r.path())
            .setInstanceId(r.instanceId() == null ? "" : r.instanceId())
            .setRegId(r.regId());
        for (ListeningPoint lp : r.listeningPoints()) {
            b.addListeningPoints(ProtoMessageRequest.netInterface(lp));
        }
        return b.build();
    }

    /** The binding; throws IllegalArgumentException naming the field that is not valid. */
    static Route toRoute(io.routr.location.Route m) {
        if (m.getTransport() == io.routr.common.Transport.UNRECOGNIZED) {
            throw new IllegalArgumentException("route.transport: unknown value " + m.getTransportValue());
        }
        String receivedTransport = m.getTransport().name();
        String advertisedHost = m.getAdvertisedHost().isEmpty() ? m.getHost() : m.getAdvertisedHost();
        int receivedPort = port(m.getPort(), "route.port");
        int port = m.getAdvertisedPort().isEmpty() ? receivedPort : port(m.getAdvertisedPort(), "route.advertised_port");
        String transport = m.getContactTransport().isEmpty() ? receivedTransport : m.getContactTransport().toUpperCase(Locale.ROOT);
        List<ListeningPoint> points = new ArrayList<>(m.getListeningPointsCount());
        for (NetInterface n : m.getListeningPointsList()) {
            points.add(ProtoMessageRequest.listeningPoint(n, "route.listening_points"));
        }
        if (m.getHost().isEmpty()) {
            throw new IllegalArgumentException("route.host: empty");
        }
        try {
            Route.Builder b = Route.builder(advertisedHost, port, transport)
                .user(m.getUser())
                .received(m.getHost(), receivedPort, receivedTransport)
                .edgePortRef(m.getEdgePortRef().isEmpty() ? null : m.getEdgePortRef())
                .listeningPoints(points)
                .path(m.getPathList())
                .instance(m.getInstanceId().isEmpty() ? null : m.getInstanceId(), m.getRegId())
                .registeredOn(m.getRegisteredOn())
                .expires(m.getExpires())
                .sessionCount(m.getSessionCount())
                .labels(m.getLabelsMap());
            if (!m.getContactUri().isEmpty()) {
                b.contactUri(m.getContactUri());
            }
            if (!m.getContactKey().isEmpty()) {
                b.contactKey(m.getContactKey());
            }
            return b.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("route: " + e.getMessage(), e);
        }
    }

    private static int port(String text, String field) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(field + ": '" + text + "' is not a port");
    }
}
