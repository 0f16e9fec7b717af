package io.tandem.provisioning;

import java.util.Locale;

/** The seven Routr v2 resource kinds. The document's {@code kind} is matched case-insensitively, as Routr does. */
public enum Kind {
    DOMAIN("Domain"),
    AGENT("Agent"),
    PEER("Peer"),
    TRUNK("Trunk"),
    NUMBER("Number"),
    CREDENTIALS("Credentials"),
    ACCESS_CONTROL_LIST("AccessControlList");

    private final String documentName;

    Kind(String documentName) {
        this.documentName = documentName;
    }

    /** The name written in documents, e.g. {@code AccessControlList}. */
    public String documentName() {
        return documentName;
    }

    /** The classpath resource holding this kind's JSON Schema. */
    String schemaResource() {
        return "/schema/" + documentName.toLowerCase(Locale.ROOT) + ".schema.json";
    }

    /** The kind named {@code name} (any case), or null. */
    public static Kind fromDocumentName(String name) {
        for (Kind k : values()) {
            if (k.documentName.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return documentName;
    }
}
