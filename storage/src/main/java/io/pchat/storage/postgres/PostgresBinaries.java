package io.pchat.storage.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where this machine's PostgreSQL server binaries are: a directory holding {@code initdb} and
 * {@code postgres}. Given explicitly, or else found on the {@code PATH}, or else the newest of
 * Debian's {@code /usr/lib/postgresql/<version>/bin}.
 */
public final class PostgresBinaries {
    private static final List<String> NEEDED = List.of("initdb", "postgres");

    private PostgresBinaries() {
    }

    /** The binaries' directory: {@code given} (checked), else found; fails saying what was looked at. */
    public static Path find(Optional<Path> given) {
        if (given.isPresent()) {
            Path dir = given.get().toAbsolutePath();
            if (!holdsServer(dir)) {
                throw new IllegalArgumentException(dir + " does not hold PostgreSQL's " + NEEDED + " binaries");
            }
            return dir;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(":")) {
            if (!entry.isEmpty() && holdsServer(Path.of(entry))) {
                return Path.of(entry).toAbsolutePath();
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(PostgresBinaries::holdsServer)
                        .max(Comparator.comparing(PostgresBinaries::version));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                // not readable: as if absent
            }
        }
        throw new IllegalArgumentException("PostgreSQL's server binaries " + NEEDED + " are neither on the PATH nor under "
                + debian + ": name their directory (e.g. /usr/lib/postgresql/15/bin)");
    }

    private static boolean holdsServer(Path dir) {
        return NEEDED.stream().allMatch(b -> Files.isExecutable(dir.resolve(b)));
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
