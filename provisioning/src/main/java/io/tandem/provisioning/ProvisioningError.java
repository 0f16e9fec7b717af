package io.tandem.provisioning;

/**
 * One problem found while loading resources: an error (the set is refused) or a warning
 * ({@link ProvisioningSnapshot#warnings()}: the set loads).
 *
 * @param file the file, as given to the loader
 * @param index the document's position in the file (0-based), or -1 for a problem with the whole file
 * @param ref the document's {@code ref}, or null when it has none (the index names it then)
 * @param kind the document's kind, or null when unknown
 * @param field the JSON path of the offending field, e.g. {@code spec.outbound.uris[0].uri.port};
 *              empty for the document (or file) as a whole
 * @param reason what is wrong
 */
public record ProvisioningError(String file, int index, String ref, Kind kind, String field, String reason) {

    static ProvisioningError ofFile(String file, String reason) {
        return new ProvisioningError(file, -1, null, null, "", reason);
    }

    /** The document as people name it: {@code Agent 'agent-01'}, or {@code document #2} without a ref. */
    public String document() {
        if (index < 0) {
            return "";
        }
        String k = kind == null ? "document" : kind.documentName();
        return ref != null ? k + " '" + ref + "'" : k + " #" + index;
    }

    /** E.g. {@code agents.yaml: Agent 'agent-01': spec.domainRef: no Domain with ref 'domain-9'}. */
    public String message() {
        StringBuilder sb = new StringBuilder(file);
        if (index >= 0) {
            sb.append(": ").append(document());
        }
        if (!field.isEmpty()) {
            sb.append(": ").append(field);
        }
        return sb.append(": ").append(reason).toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
