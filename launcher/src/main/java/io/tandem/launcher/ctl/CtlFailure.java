package io.tandem.launcher.ctl;

/** Why a {@code tandem ctl} command failed, as printed, and its exit status (3: not found, 1: anything else). */
final class CtlFailure extends Exception {
    static final int FAILED = 1;
    static final int NOT_FOUND = 3;

    private final int exit;

    CtlFailure(String message, int exit) {
        super(message, null, false, false);
        this.exit = exit;
    }

    int exit() {
        return exit;
    }
}
