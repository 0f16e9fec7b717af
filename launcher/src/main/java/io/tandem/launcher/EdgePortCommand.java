package io.tandem.launcher;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem edgeport}: the EdgePort alone (transports, the door, transactions, the proxy core,
 * and the features at its seams: security, accounting, observability), sending every request to a
 * {@code tandem dispatcher} over gRPC (Routr's EdgePort → Dispatcher → Processors). It is
 * {@code tandem run} with the Dispatcher, the processors and the Location in other processes: the
 * same options but Connect's, which belong to {@code tandem connect}.
 */
@Command(name = "edgeport", mixinStandardHelpOptions = true,
    description = "Start the EdgePort alone, sending every request to a Dispatcher over gRPC ('tandem dispatcher').")
final class EdgePortCommand extends RunCommand {
    /** Connect's options: in a split deployment they are given to tandem connect. */
    private static final List<String> CONNECT_OPTIONS = List.of("--digest", "--min-expires", "--max-expires", "--default-expires",
        "--max-contacts", "--location");

    @Option(names = "--dispatcher", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:51901",
        description = "The Dispatcher's gRPC address ('tandem dispatcher'; default: ${DEFAULT-VALUE}).")
    String dispatcher;

    @Override
    String remoteDispatcher() {
        return LinkOptions.address(this, "--dispatcher", dispatcher, false).toString();
    }

    @Override
    public Integer call() throws Exception {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : CONNECT_OPTIONS) {
            if (parsed.hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(spec.commandLine(), option
                    + " is an option of the Connect processor: give it to tandem connect");
            }
        }
        return super.call();
    }
}
