package io.pchat.server.cli.admin;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin shutdown}: asks the node to stop in order (admin API, sessions, file
 * endpoint, storage work, message log, databases). Returns once the node accepted (202).
 */
@Command(name = "shutdown", mixinStandardHelpOptions = true, description = "Stop the node in order.")
public final class ShutdownCommand implements Callable<Integer> {

    @ParentCommand
    AdminSession admin;

    @Override
    public Integer call() {
        return admin.run(client -> admin.print(client.post("/shutdown", null),
                r -> "node stopping" + System.lineSeparator()));
    }
}
