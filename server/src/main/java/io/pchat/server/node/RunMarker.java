package io.pchat.server.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file in the node's data directory that exists exactly while a node runs on it. Found at
 * start, it says the previous run was killed or crashed: the node then says so in its log, so an
 * operator reading it after an incident knows recovery happened (the database went back to its
 * last commit, which holds every acknowledged message; unfinished uploads were removed).
 *
 * <p>Taken only once the store is open: the database's own lock keeps a second node off the same
 * directory, so the marker is never another live node's.
 */
final class RunMarker {
    private static final Logger log = LoggerFactory.getLogger(RunMarker.class);

    static final String FILE_NAME = "node.running";

    private final Path file;

    private RunMarker(Path file) {
        this.file = file;
    }

    /** Reports a previous run that did not stop, and marks this one as running. */
    static RunMarker take(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String previous = Files.readString(file).strip();
            log.warn("the previous run of this node did not stop cleanly ({}; last marked {}): it was killed or crashed."
                    + " The database has recovered to its last commit, which holds every acknowledged message",
                    previous.isEmpty() ? "no details" : previous, Files.getLastModifiedTime(file));
        }
        Files.writeString(file, "pid " + ProcessHandle.current().pid() + ", started " + Instant.now() + "\n");
        return new RunMarker(file);
    }

    /** Marks a clean stop. */
    void release() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot remove {}: the next start will report an unclean stop ({})", file, e.toString());
        }
    }
}
