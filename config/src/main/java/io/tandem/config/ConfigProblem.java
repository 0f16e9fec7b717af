package io.tandem.config;

/**
 * One thing wrong with a configuration document: the field, as a JSON path such as
 * {@code spec.transport[1].port} (empty for the document as a whole), and the reason.
 */
public record ConfigProblem(String path, String reason) {
    public ConfigProblem {
        path = path == null ? "" : path;
    }

    /** {@code path} below {@code prefix}: {@code spec.security} + {@code flood.window}. */
    public ConfigProblem under(String prefix) {
        return new ConfigProblem(prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "." + path, reason);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? reason : path + ": " + reason;
    }
}
