package io.pchat.server.node;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's data directory as private data: it holds the database, whose users' HA1 hashes are
 * password-equivalent, posted files and the admin token. A directory the node creates is 0700 and
 * the files it writes there 0600, whatever the umask; an existing directory that others may read
 * is warned about at start (the node does not take permissions an operator set on purpose).
 *
 * <p>On a file system without POSIX permissions every method does nothing.
 */
public final class DataDirectory {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    /** Creates {@code directory} owner-only, or checks an existing one; returns the warning given, if any. */
    public static Optional<String> prepare(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            Files.createDirectories(directory);
            restrict(directory);
            return Optional.empty();
        }
        if (!isPosix(directory)) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        if (permissions.stream().anyMatch(p -> !OWNER_ONLY_DIRECTORY.contains(p))) {
            String warning = "the data directory " + directory.toAbsolutePath() + " is open to other users ("
                    + PosixFilePermissions.toString(permissions) + "): it holds the database, whose password hashes are"
                    + " password-equivalent, posted files and the admin token; chmod 700 it";
            log.warn(warning);
            return Optional.of(warning);
        }
        return Optional.empty();
    }

    /** Makes {@code path} owner-only: 0700 for a directory, 0600 for a file. */
    public static void restrict(Path path) throws IOException {
        if (Files.exists(path) && isPosix(path)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? OWNER_ONLY_DIRECTORY : OWNER_ONLY_FILE);
        }
    }

    /** {@link #restrict} on {@code directory} and every file directly in it (the embedded database's files). */
    static void restrictContents(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        restrict(directory);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    restrict(file);
                }
            }
        }
    }

    private static boolean isPosix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView("posix");
    }
}
