package io.tandem.admin;

/**
 * A refused admin call. {@link Status} maps one to one onto gRPC status codes and HTTP statuses; the message
 * names the field and the reason, never an internal detail (a stack, a SQL statement, a key).
 */
public final class ApiException extends RuntimeException {
    /** The outcome, with its HTTP status. */
    public enum Status {
        INVALID_ARGUMENT(400),
        UNAUTHENTICATED(401),
        PERMISSION_DENIED(403),
        NOT_FOUND(404),
        ALREADY_EXISTS(409),
        FAILED_PRECONDITION(412),
        UNAVAILABLE(503);

        private final int http;

        Status(int http) {
            this.http = http;
        }

        public int http() {
            return http;
        }
    }

    private final Status status;

    public ApiException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    @Override
    public String toString() {
        return status + ": " + getMessage();
    }
}
