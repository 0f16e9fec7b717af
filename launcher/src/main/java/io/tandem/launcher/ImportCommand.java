package io.tandem.launcher;

import io.tandem.config.ConfigException;
import io.tandem.provisioning.ProvisioningError;
import io.tandem.provisioning.ProvisioningException;
import io.tandem.provisioning.ResourceLoader;
import io.tandem.provisioning.store.StoreException;
import io.tandem.provisioning.store.StoreSettings;
import io.tandem.provisioning.store.StoredProvisioning;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem import DIR}: the Routr resource files of DIR into the database store that {@code provisioning.yaml}
 * selects, all or nothing, each document created or replacing the resource with its ref. A running Tandem on the
 * same database sees them within its poll interval.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Load a directory of resource files (Routr v2 YAML/JSON) into the provisioning database.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The resource files (.yaml, .yml, .json), checked as tandem run checks them.")
    Path source;

    @picocli.CommandLine.Mixin
    ConfigDirOptions dirs = new ConfigDirOptions();

    @Option(names = "--secret", paramLabel = "FILE", description = "The deployment's secret, as for tandem run (it seals the passwords).")
    Path secretFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = dirs.config == null ? dirs.data : dirs.config;
        boolean dataGiven = spec != null && spec.commandLine().getParseResult() != null
            && spec.commandLine().getParseResult().hasMatchedOption("--data");
        try {
            StoreSettings settings = StoreSettings.load(dir, dirs.config == null || dataGiven ? dirs.data : dir);
            if (!settings.database()) {
                System.err.println("tandem import: " + dir.resolve(StoreSettings.FILE) + " does not select the database"
                    + " (spec.provider: database); Tandem reads " + dir.resolve("resources") + " itself");
                return 2;
            }
            ResourceLoader.loadDirectory(source); // every file checked, naming file and field, before anything is written
            ServerSecret secret = ServerSecret.resolve(System.getenv(), secretFile, dir);
            try (StoredProvisioning store = StoredProvisioning.open(settings, secret.credentialsKey())) {
                int n = store.importAll(ResourceLoader.documents(source), "import " + source.toAbsolutePath());
                System.out.println("imported " + n + " resources from " + source + " into " + settings.describe()
                    + " (revision " + store.revision() + ")");
            }
            return 0;
        } catch (ConfigException e) {
            System.err.println("tandem import: " + e.getMessage());
            return 2;
        } catch (ProvisioningException e) {
            for (ProvisioningError err : e.errors()) {
                System.err.println(err.message());
            }
            System.err.println("tandem import: nothing imported (" + e.errors().size() + " problem(s))");
            return 1;
        } catch (StoreException e) {
            System.err.println("tandem import: " + e.getMessage() + "; nothing imported");
            return 1;
        }
    }
}
