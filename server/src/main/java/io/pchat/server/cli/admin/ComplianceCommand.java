package io.pchat.server.cli.admin;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin compliance export --from T [--to T] [--out FILE]}: the compliance record
 * (events and chats, {@code from <= ts < to}) as XML, streamed to the file or to stdout.
 * Times: {@code 2026-11-26} (start of the day, UTC) or {@code 2026-11-26T10:00:00Z}.
 */
@Command(name = "compliance", mixinStandardHelpOptions = true, description = "Compliance: export.",
        subcommands = {ComplianceCommand.Export.class})
public final class ComplianceCommand implements Runnable {

    @ParentCommand
    AdminSession admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: export");
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export the compliance record as XML.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand parent;
        @Option(names = "--from", required = true, paramLabel = "TIME", description = "First instant (inclusive).")
        String from;
        @Option(names = "--to", paramLabel = "TIME", description = "Last instant (exclusive; default now).")
        String to;
        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
        Path out;

        @Override
        public Integer call() {
            String query = "?from=" + AdminClient.segment(from) + (to == null ? "" : "&to=" + AdminClient.segment(to));
            return parent.admin.run(client -> {
                try (InputStream in = client.stream("/compliance/export" + query)) {
                    if (out != null) {
                        Path aside = out.resolveSibling(out.getFileName() + ".part");
                        long bytes = Files.copy(in, aside, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(aside, out, StandardCopyOption.REPLACE_EXISTING);
                        parent.admin.out().println("exported " + bytes + " bytes to " + out);
                    } else {
                        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
                        reader.transferTo(parent.admin.out());
                    }
                }
                return AdminExit.OK;
            });
        }
    }
}
