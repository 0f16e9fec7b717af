package io.tandem.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration document was refused (an EdgePort, a MessageDispatcher, a Tandem extension
 * section). The message has one line per problem, each naming the file, the field as a path such
 * as {@code spec.transport[1].port}, and the reason. The one refusal type of every module that
 * reads a document.
 */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final List<ConfigProblem> problems;

    public ConfigException(String file, List<ConfigProblem> problems) {
        super(problems.stream().map(p -> file + ": " + p).collect(Collectors.joining("\n")));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public String file() {
        return file;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
