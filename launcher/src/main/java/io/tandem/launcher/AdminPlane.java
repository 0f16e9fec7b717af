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

    private AdminPlane(AdminServer server, AdminSettings settings, StoredProvisioning store) {
        this.server = server;
        this.settings = settings;
        this.store = store;
    }

    /** The API's keys, which the live-state endpoints ({@code /registrations}) ask for too. */
    io.tandem.admin.ApiKeys keys() {
        return settings.keys();
    }

    /** The domainUri of the Domain {@code ref} (a key's tenant), or null. */
    String domainUri(String ref) {
        StoredProvisioning.Stored d = store.get(io.tandem.provisioning.Kind.DOMAIN, ref);
        return d == null ? null : d.document().path("spec").path("context").path("domainUri").asString(null);
    }

    /** Null when there is no admin API to serve. */
    static AdminPlane start(Path configDir, LiveProvisioning provisioning) throws IOException {
        if (!(provisioning instanceof StoredProvisioning store)) {
            return null;
        }
        AdminSettings settings = AdminSettings.load(configDir);
        return settings == null ? null : new AdminPlane(AdminServer.start(settings, store), settings, store);
    }

    /** The JSON/HTTP API on the --http server, under /api/v2beta1/. */
    @Override
    public void serve(io.tandem.launcher.health.HealthServer health) {
        health.route(io.tandem.admin.HttpApi.PREFIX, server.http());
    }

    @Override
    public void stop(long graceMillis) {
        server.close();
    }
}
