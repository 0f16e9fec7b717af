package io.tandem.launcher;

import io.tandem.admin.AdminServer;
import io.tandem.admin.AdminSettings;
import io.tandem.provisioning.LiveProvisioning;
import io.tandem.provisioning.store.StoredProvisioning;
import java.io.IOException;
import java.nio.file.Path;

/** The admin API in {@code tandem run}: on when the resources are in the database and {@code provisioning.yaml} has API keys. */
final class AdminPlane implements ServerFeature {
    private final AdminServer server;
    private final AdminSettings settings;
    private final StoredProvisioning store;
    private final RegistrationsEndpoint registrations;

    private AdminPlane(AdminServer server, AdminSettings settings, StoredProvisioning store, io.tandem.location.LocationService location) {
        this.server = server;
        this.settings = settings;
        this.store = store;
        this.registrations = location == null ? null : new RegistrationsEndpoint(location, settings.keys(), this::domainUri);
    }

    /** The domainUri of the Domain {@code ref} (a key's tenant), or null. */
    String domainUri(String ref) {
        StoredProvisioning.Stored d = store.get(io.tandem.provisioning.Kind.DOMAIN, ref);
        return d == null ? null : d.document().path("spec").path("context").path("domainUri").asString(null);
    }

    /** Null when there is no admin API to serve; {@code location} (or null) is listed on {@code /registrations} with the API's keys. */
    static AdminPlane start(Path configDir, LiveProvisioning provisioning, io.tandem.location.LocationService location) throws IOException {
        if (!(provisioning instanceof StoredProvisioning store)) {
            return null;
        }
        AdminSettings settings = AdminSettings.load(configDir);
        return settings == null ? null : new AdminPlane(AdminServer.start(settings, store), settings, store, location);
    }

    /**
     * The JSON/HTTP API under /api/v2beta1/ and {@code /registrations}: on the --http server, or with
     * {@code spec.api.tls} on the API's own HTTPS server only (keys never cross in the clear).
     */
    @Override
    public void serve(io.tandem.launcher.health.HealthServer health) {
        if (server.servesHttps()) {
            if (registrations != null) {
                server.routeHttps(RegistrationsEndpoint.PATH, registrations);
            }
            return;
        }
        health.route(io.tandem.admin.HttpApi.PREFIX, server.http());
        if (registrations != null) {
            health.route(RegistrationsEndpoint.PATH, registrations);
        }
    }

    @Override
    public void stop(long graceMillis) {
        server.close();
    }
}
