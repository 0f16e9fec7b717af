package io.tandem.provisioning;

import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Splits a resource file into documents. A file holds one document, a list of documents, or (YAML)
 * several {@code ---}-separated documents of either form; documents are numbered from 0 in file order.
 */
final class DocumentReader {
    /** A document of a file; {@code index} is its position among the file's documents. */
    record Document(String file, int index, JsonNode node) {
    }


    private DocumentReader() {
    }

    /** Whether {@code file}'s name marks it as a resource file ({@code .yaml}, {@code .yml}, {@code .json}). */
    static boolean isResourceFile(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    /** The documents of {@code file}; problems with the file as a whole go to {@code errors}. */
    static List<Document> read(Path file, List<ProvisioningError> errors) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            errors.add(ProvisioningError.ofFile(name, "cannot read the file: " + e));
            return List.of();
        }
        return parse(name, text, errors);
    }

    /** The documents of {@code text}, read as JSON when {@code name} ends in {@code .json}, else as YAML. */
    static List<Document> parse(String name, String text, List<ProvisioningError> errors) {
        List<JsonNode> roots;
        try {
            roots = ConfigDocument.parseStream(text, name);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                errors.add(ProvisioningError.ofFile(name, p.reason()));
            }
            return List.of();
        }
        List<Document> docs = new ArrayList<>();
        List<ProvisioningError> found = new ArrayList<>();
        for (JsonNode root : roots) {
            add(name, root, docs, found);
        }
        errors.addAll(found);
        return docs;
    }

    private static void add(String name, JsonNode root, List<Document> docs, List<ProvisioningError> errors) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return; // an empty document, as Routr allows
        }
        if (root.isArray()) {
            for (JsonNode n : root) {
                addOne(name, n, docs, errors);
            }
        } else {
            addOne(name, root, docs, errors);
        }
    }

    private static void addOne(String name, JsonNode n, List<Document> docs, List<ProvisioningError> errors) {
        int index = docs.size();
        docs.add(new Document(name, index, n));
        if (!n.isObject()) {
            errors.add(new ProvisioningError(name, index, null, null, "",
                    "a resource must be an object with apiVersion, kind, ref, metadata and spec, not " + describe(n)));
        }
    }

    private static String describe(JsonNode n) {
        return n.isArray() ? "a list" : n.isString() ? "a string" : n.isNumber() ? "a number" : n.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
