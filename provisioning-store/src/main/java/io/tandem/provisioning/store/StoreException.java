package io.tandem.provisioning.store;

import io.tandem.provisioning.ProvisioningError;
import java.util.List;

/** A change or a read the store refused; {@link #reason()} maps onto gRPC status codes and HTTP statuses one to one. */
public final class StoreException extends RuntimeException {
    /** Why, as the API reports it. */
    public enum Reason {
        /** The document is invalid (schema, a reference to a missing resource, a duplicate key): 400. */
        INVALID_ARGUMENT,
        /** No resource with that ref (or not of that kind): 404. */
        NOT_FOUND,
        /** Create of a ref that exists: 409. */
        ALREADY_EXISTS,
        /** Delete of a resource other resources still reference: 412 (gRPC FAILED_PRECONDITION). */
        FAILED_PRECONDITION,
        /** The database cannot be reached: 503. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final List<ProvisioningError> errors;

    public StoreException(Reason reason, String message, List<ProvisioningError> errors) {
        super(message);
        this.reason = reason;
        this.errors = List.copyOf(errors);
    }

    public StoreException(Reason reason, String message) {
        this(reason, message, List.of());
    }

    /** The message alone: it is what {@code /readyz} and API errors show. */
    @Override
    public String toString() {
        return getMessage();
    }

    public Reason reason() {
        return reason;
    }

    /** Each problem with its field, when the document was refused. */
    public List<ProvisioningError> errors() {
        return errors;
    }
}
