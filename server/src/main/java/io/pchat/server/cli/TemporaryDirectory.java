package io.pchat.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where a command that runs its own nodes (bench, drill) keeps their data: removed, files and all, when it ends. */
final class TemporaryDirectory {
    private TemporaryDirectory() {
    }

    /** Deletes {@code directory} and everything under it; a failure is reported on standard error as {@code command}'s. */
    static void delete(Path directory, String command) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println(command + ": could not delete " + directory + ": " + e);
        }
    }
}
