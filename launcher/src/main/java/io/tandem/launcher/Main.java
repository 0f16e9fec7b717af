package io.tandem.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tandem} command. */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Tandem: SIP server and Class 4 softswitch.",
    subcommands = {RunCommand.class, EdgePortCommand.class, DispatcherCommand.class, ConnectCommand.class, LocationCommand.class, ValidateCommand.class, ImportCommand.class, CdrsCommand.class, BansCommand.class, CtlCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || !RunCommand.running()) {
            RunCommand.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/tandem-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"tandem " + p.getProperty("version", "unknown") + " (Java " + Runtime.version() + ")"};
        }
    }
}
