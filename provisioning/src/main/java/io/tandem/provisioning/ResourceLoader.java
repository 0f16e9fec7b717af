package io.tandem.provisioning;

import io.tandem.config.ConfigProblem;
import io.tandem.provisioning.DocumentReader.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads Routr v2 resource files into a {@link ProvisioningSnapshot}: every document is validated against
 * its kind's JSON Schema, bound to its record and checked; then references and uniqueness are checked
 * across all documents. Problems of all files are collected and thrown together as a
 * {@link ProvisioningException}: a set with any problem is never partly used.
 */
public final class ResourceLoader {
    /** A bound resource and where it came from. */
    record Loaded(String file, int index, Resource resource) {
    }

    /** A document's ref and kind, recorded even when the document is invalid (so references to it do not cascade). */
    record Declared(String file, int index, String ref, Kind kind) {
    }

    private ResourceLoader() {
    }

    /** Loads every {@code .yaml}, {@code .yml} and {@code .json} file directly in {@code dir}, in name order. */
    public static ProvisioningSnapshot loadDirectory(Path dir) {
        return load(listFiles(dir));
    }

    /**
     * The documents of the resource files of {@code dir} as they are written, in load order, for a copy into
     * another store; call {@link #loadDirectory} first to check them.
     */
    public static List<JsonNode> documents(Path dir) {
        List<ProvisioningError> errors = new ArrayList<>();
        List<JsonNode> out = new ArrayList<>();
        for (Path f : listFiles(dir)) {
            for (Document d : DocumentReader.read(f, errors)) {
                out.add(d.node());
            }
        }
        if (!errors.isEmpty()) {
            throw new ProvisioningException(errors);
        }
        return out;
    }

    /** Loads {@code files}, in order. */
    public static ProvisioningSnapshot load(List<Path> files) {
        List<ProvisioningError> errors = new ArrayList<>();
        List<Loaded> loaded = new ArrayList<>();
        List<Declared> declared = new ArrayList<>();
        for (Path f : files) {
            for (Document d : DocumentReader.read(f, errors)) {
                if (d.node().isObject()) {
                    loadDocument(d, loaded, declared, errors);
                }
            }
        }
        List<ProvisioningError> warnings = new ArrayList<>();
        CrossChecks.check(declared, loaded, errors, warnings);
        if (!errors.isEmpty()) {
            // in file order, then document order; a stable sort keeps each document's errors as found
            Map<String, Integer> fileOrder = new HashMap<>();
            files.forEach(f -> fileOrder.putIfAbsent(f.toString(), fileOrder.size()));
            errors.sort(Comparator.comparing((ProvisioningError e) -> fileOrder.getOrDefault(e.file(), -1))
                    .thenComparingInt(ProvisioningError::index));
            throw new ProvisioningException(errors);
        }
        return new ProvisioningSnapshot(loaded.stream().map(Loaded::resource).toList(), warnings);
    }

    /**
     * One document from another source than a file (an API request, a database row): checked against its kind's
     * JSON Schema and bound, as a file's document is. References to other resources are not checked here:
     * {@link #fromResources(String, List)} checks them across the whole set.
     *
     * @param source what errors name in place of a file, e.g. {@code request}
     * @throws ProvisioningException naming each problem (index 0, the document's ref and kind when it has them)
     */
    public static Resource bindDocument(String source, JsonNode document) {
        List<ProvisioningError> errors = new ArrayList<>();
        List<Loaded> loaded = new ArrayList<>();
        if (!document.isObject()) {
            errors.add(new ProvisioningError(source, 0, null, null, "",
                    "a resource must be an object with apiVersion, kind, ref, metadata and spec"));
        } else {
            loadDocument(new Document(source, 0, document), loaded, new ArrayList<>(), errors);
        }
        if (!errors.isEmpty() || loaded.isEmpty()) {
            throw new ProvisioningException(errors);
        }
        return loaded.getFirst().resource();
    }

    /** Checks resources built in code as files are checked (references, unique refs and keys); see {@link ProvisioningSnapshot#of}. */
    static ProvisioningSnapshot fromResources(List<? extends Resource> resources) {
        return fromResources("(code)", resources);
    }

    /**
     * Checks bound resources across the set as files are (unique refs and keys, references to existing resources of
     * the right kind); errors name {@code source} as their file and the list position as their index.
     */
    public static ProvisioningSnapshot fromResources(String source, List<? extends Resource> resources) {
        List<ProvisioningError> errors = new ArrayList<>();
        List<Loaded> loaded = new ArrayList<>();
        List<Declared> declared = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            Resource r = resources.get(i);
            loaded.add(new Loaded(source, i, r));
            declared.add(new Declared(source, i, r.ref(), r.kind()));
        }
        List<ProvisioningError> warnings = new ArrayList<>();
        CrossChecks.check(declared, loaded, errors, warnings);
        if (!errors.isEmpty()) {
            throw new ProvisioningException(errors);
        }
        return new ProvisioningSnapshot(List.copyOf(resources), warnings);
    }

    /** The resource files directly in {@code dir}, sorted by name; throws when {@code dir} cannot be listed. */
    static List<Path> listFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ProvisioningException(List.of(ProvisioningError.ofFile(dir.toString(), "not a directory")));
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> DocumentReader.isResourceFile(p) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new ProvisioningException(List.of(ProvisioningError.ofFile(dir.toString(), "cannot list the directory: " + e)));
        }
    }

    private static void loadDocument(Document d, List<Loaded> loaded, List<Declared> declared, List<ProvisioningError> errors) {
        JsonNode node = d.node();
        JsonNode refNode = node.path("ref");
        String ref = refNode.isString() ? refNode.stringValue() : null;
        JsonNode kindNode = node.path("kind");
        if (!kindNode.isString()) {
            errors.add(new ProvisioningError(d.file(), d.index(), ref, null, "kind",
                    kindNode.isMissingNode() ? "is required" : "must be a string"));
            return;
        }
        Kind kind = Kind.fromDocumentName(kindNode.stringValue());
        if (kind == null) {
            errors.add(new ProvisioningError(d.file(), d.index(), ref, null, "kind", "unknown kind '" + kindNode.stringValue()
                    + "': expected Domain, Agent, Peer, Trunk, Number, Credentials or AccessControlList"));
            return;
        }
        ((ObjectNode) node).put("kind", kind.documentName()); // Routr accepts any case
        if (ref != null) {
            declared.add(new Declared(d.file(), d.index(), ref, kind));
        }
        List<ConfigProblem> violations = SchemaValidator.validate(kind, node);
        Resource r = violations.isEmpty() ? ResourceBinder.bind(kind, node, violations) : null;
        for (ConfigProblem v : violations) {
            errors.add(new ProvisioningError(d.file(), d.index(), ref, kind, v.path(), v.reason()));
        }
        if (r != null) {
            loaded.add(new Loaded(d.file(), d.index(), r));
        }
    }
}
