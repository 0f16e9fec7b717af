package io.tandem.provisioning.store;

import io.tandem.provisioning.FileProvisioning;
import io.tandem.provisioning.LiveProvisioning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the resources a configuration directory selects: {@code provisioning.yaml}'s database, else the files of {@code resources/}. */
public final class ProvisioningSource {
    private ProvisioningSource() {
    }

    /**
     * @param configDir where {@code provisioning.yaml} and {@code resources/} are
     * @param dataDir where the H2 file goes when the database has no URL
     * @param passwordKey 32 bytes sealing the Credentials' passwords in the database
     * @throws io.tandem.config.ConfigException for a bad {@code provisioning.yaml}
     * @throws io.tandem.provisioning.ProvisioningException for invalid files
     * @throws StoreException when the database cannot be opened
     */
    public static LiveProvisioning open(Path configDir, Path dataDir, byte[] passwordKey) {
        StoreSettings settings = StoreSettings.load(configDir, dataDir);
        if (settings.database()) {
            return StoredProvisioning.open(settings, passwordKey);
        }
        Path resources = configDir.resolve("resources");
        try {
            if (!Files.isDirectory(resources)) {
                Files.createDirectories(resources);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + resources, e);
        }
        return new FileProvisioning(resources);
    }
}
