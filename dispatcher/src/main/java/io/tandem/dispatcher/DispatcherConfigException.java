package io.tandem.dispatcher;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Dispatcher configuration was refused. The message has one line per problem, each naming the
 * file, the field as a path such as {@code spec.processors[1].matchFunc}, and the reason.
 */
public final class DispatcherConfigException extends RuntimeException {
    /** One problem; {@code path} is empty when it concerns the whole document. */
    public record Problem(String path, String reason) {
        @Override
        public String toString() {
            return path.isEmpty() ? reason : path + ": " + reason;
        }
    }

    private final String file;
    private final List<Problem> problems;

    public DispatcherConfigException(String file, List<Problem> problems) {
        super(problems.stream().map(p -> file + ": " + p).collect(Collectors.joining("\n")));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public String file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }
}
