package io.tandem.launcher.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A {@code tandem ctl} leaf command: runs against the server, prints a failure as {@code tandem ctl: ...} with its exit status. */
abstract class CtlVerb implements Callable<Integer> {
    @Mixin
    CtlOptions options;

    abstract void run(CtlClient client) throws CtlFailure;

    @Override
    public final Integer call() {
        try {
            run(options.client());
            return 0;
        } catch (CtlFailure f) {
            System.err.println("tandem ctl: " + f.getMessage());
            return f.exit();
        }
    }
}
