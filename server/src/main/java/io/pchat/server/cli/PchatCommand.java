package io.pchat.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import io.pchat.client.cli.ClientCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pchat} executable: one command with a sub-command per job (node, admin, client,
 * bench, cert, config, drill). Sub-commands register themselves here as they arrive; the root
 * command itself only prints help and version.
 */
@Command(
        name = "pchat",
        mixinStandardHelpOptions = true,
        versionProvider = PchatCommand.Version.class,
        description = "pchat: a persistent chat server speaking XCCOS over SIP.",
        subcommands = {NodeCommand.class, AdminCommand.class, ClientCommand.class, BenchCommand.class, CertCommand.class,
                ConfigCommand.class, DrillCommand.class,
                CommandLine.HelpCommand.class})
public final class PchatCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with every sub-command; tests call this instead of {@link #main}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PchatCommand());
        shareVersion(cli, new Version());
        return cli;
    }

    /** Every sub-command's {@code -V} prints pchat's version (picocli gives a sub-command none of its own). */
    private static void shareVersion(CommandLine cli, CommandLine.IVersionProvider version) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null && sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().versionProvider(version);
            }
            shareVersion(sub, version);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Reads the version Maven wrote into the jar, so {@code --version} cannot drift from the pom. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = PchatCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "pchat " + properties.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
