package io.tandem.launcher;

import io.tandem.config.ConfigException;
import io.tandem.dispatcher.DispatcherConfigLoader;
import io.tandem.config.ConfigException;
import io.tandem.provisioning.ProvisioningError;
import io.tandem.provisioning.ResourceLoader;
import io.tandem.provisioning.ProvisioningException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem validate}: checks a configuration directory without starting anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a configuration directory (edgeport.yaml and resources/) and report every problem.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "DIR", required = true, description = "The configuration directory.")
    Path config;

    @Override
    public Integer call() {
        ConfigDir cfg = new ConfigDir(config);
        int problems = 0;
        try {
            io.tandem.security.SecurityConfigReader.read(cfg.edgePort()); // spec.security has a schema of its own
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            problems += e.problems().size();
        }
        try {
            LocationConfig.load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            problems += e.problems().size();
        }
        try {
            io.tandem.provisioning.store.StoreSettings.load(config, config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            problems += e.problems().size();
        }
        io.tandem.media.MediaSettings media = null;
        try {
            media = MediaSetup.load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            problems += e.problems().size();
        }
        try {
            io.tandem.accounting.AccountingSettings.load(config); // accounting.yaml, when there is one
        } catch (java.io.IOException e) {
            System.err.println(e.getMessage());
            problems++;
        }
        if (cfg.dispatcherFile() != null) {
            try {
                Dispatchers.builtInMiddlewares(DispatcherConfigLoader.load(cfg.dispatcherFile()));
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                problems += e.problems().size();
            }
        }
        if (Files.isDirectory(cfg.resources())) {
            try {
                // warnings do not make the configuration invalid: the set loads, but deserves a look
                var resources = ResourceLoader.loadDirectory(cfg.resources());
                for (ProvisioningError w : resources.warnings()) {
                    System.err.println("warning: " + w.message());
                }
                MediaSetup.checkRefs(config, media, resources); // media.yaml's per-resource entries name provisioned refs
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                problems += e.problems().size();
            } catch (ProvisioningException e) {
                for (ProvisioningError err : e.errors()) {
                    System.err.println(err);
                }
                problems += e.errors().size();
            }
        }
        if (problems == 0) {
            System.out.println(config + ": valid");
            return 0;
        }
        System.err.println(config + ": " + problems + " problem(s)");
        return 1;
    }
}
