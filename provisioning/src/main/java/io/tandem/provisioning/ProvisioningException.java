package io.tandem.provisioning;

import java.util.List;

/** A set of resources that cannot be used; {@link #errors()} lists every problem of every file. */
public final class ProvisioningException extends RuntimeException {
    private final List<ProvisioningError> errors;

    public ProvisioningException(List<ProvisioningError> errors) {
        super(format(errors));
        this.errors = List.copyOf(errors);
    }

    public List<ProvisioningError> errors() {
        return errors;
    }

    private static String format(List<ProvisioningError> errors) {
        StringBuilder sb = new StringBuilder()
                .append(errors.size()).append(errors.size() == 1 ? " provisioning error" : " provisioning errors");
        for (ProvisioningError e : errors) {
            sb.append("\n  ").append(e.message());
        }
        return sb.toString();
    }
}
