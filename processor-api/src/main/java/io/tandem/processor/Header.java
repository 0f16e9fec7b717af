package io.tandem.processor;

/** A header line to add to a message: name and value as they will be written. */
public record Header(String name, String value) {
    public Header {
        if (name == null || name.isEmpty() || value == null) {
            throw new IllegalArgumentException("header needs a name and a value");
        }
    }
}
