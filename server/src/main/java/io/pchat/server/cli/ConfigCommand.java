package io.pchat.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.pchat.server.config.ConfigSchema;
import io.pchat.server.config.ExampleConfig;
import io.pchat.server.config.SettingsReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pchat config example}: a configuration file with every setting, its default and its
 * meaning; {@code pchat config reference}: the same as Markdown tables (the README's).
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "The node's settings.",
        subcommands = {ConfigCommand.Example.class, ConfigCommand.Reference.class})
public final class ConfigCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the example configuration file. */
    @Command(name = "example", mixinStandardHelpOptions = true,
            description = "Print a configuration file with every setting at its default (pchat config example > pchat.yaml).")
    static final class Example implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(ExampleConfig.yaml());
            out.flush();
            return 0;
        }
    }

    /** Prints the settings as Markdown tables. */
    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = "Print the settings as a Markdown table: key, default, meaning and bounds.")
    static final class Reference implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "SECTION",
                description = "Only these sections (node, sip, tls, files, admin, http, chat, pool, storage); default all.")
        List<String> sections = new ArrayList<>();

        @Override
        public Integer call() {
            Set<String> known = new LinkedHashSet<>();
            ConfigSchema.all().forEach(s -> known.add(SettingsReference.section(s)));
            for (String section : sections) {
                if (!known.contains(section)) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "not a section: " + section + " (sections: " + String.join(", ", known) + ")");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(SettingsReference.markdown(sections.isEmpty() ? List.copyOf(known) : sections));
            out.flush();
            return 0;
        }
    }
}
