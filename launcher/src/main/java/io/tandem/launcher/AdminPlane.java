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

    private AdminPlane(AdminServer server) {
        this.server = server;
    }

    /** Null when there is no admin API to serve. */
    static AdminPlane start(Path configDir, LiveProvisioning provisioning) throws IOException {
        if (!(provisioning instanceof StoredProvisioning store)) {
            return null;
        }
        AdminSettings settings = AdminSettings.load(configDir);
        return settings == null ? null : new AdminPlane(AdminServer.start(settings, store));
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
