package io.pchat.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's static files, bundled in the jar under {@code io/pchat/server/console/static}
 * and read into memory once (they are a few tens of KiB). Invariant: only the names listed here
 * are served, so no request path ever reaches the class path or the file system.
 */
public final class ConsoleFiles {
    /** A file as served: its bytes and content type. */
    public record File(byte[] bytes, String contentType) {
    }

    private static final String ROOT = "/io/pchat/server/console/static/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, File> files = new LinkedHashMap<>();

    public ConsoleFiles() {
        TYPES.forEach((name, type) -> files.put(name, new File(read(name), type)));
    }

    /** The file a path under {@code /console/} names ({@code ""} is the page); empty for any other name. */
    public Optional<File> get(String name) {
        return Optional.ofNullable(files.get(name.isEmpty() ? "index.html" : name));
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the console file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
