package io.pchat.server.admin;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code <data dir>/admin.url}: where a running node's admin API answers and, when it speaks
 * HTTPS, the certificate to trust, written by the node at every start beside its
 * {@code admin.token}, so that {@code pchat admin} run from the node's directory finds the scheme,
 * port and certificate as it finds the token. Two properties: {@code url}, and {@code tlsTrust}
 * (the node's {@code tls.certificate}) when there is TLS.
 */
public final class AdminEndpointFile {
    public static final String FILE_NAME = "admin.url";

    /** What the file says. */
    public record Endpoint(URI url, Optional<Path> tlsTrust) {
    }

    private AdminEndpointFile() {
    }

    /** Writes the file for an admin API bound to {@code bound}; a wildcard address is written as 127.0.0.1. */
    public static void write(Path dataDirectory, String scheme, InetSocketAddress bound, Optional<Path> certificate) {
        String host = bound.getAddress() == null || bound.getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : bound.getAddress().getHostAddress();
        Properties p = new Properties();
        p.setProperty("url", url(scheme, host, bound.getPort()));
        certificate.ifPresent(c -> p.setProperty("tlsTrust", c.toAbsolutePath().normalize().toString()));
        StringWriter text = new StringWriter();
        try {
            p.store(text, "written by the node at start: where its admin API answers (pchat admin reads it)");
            Files.writeString(dataDirectory.resolve(FILE_NAME), text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDirectory.resolve(FILE_NAME), e);
        }
    }

    /** {@code scheme://host:port}, an IPv6 address in brackets. */
    public static String url(String scheme, String host, int port) {
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The endpoint {@code file} names, if it exists and says a URL. */
    public static Optional<Endpoint> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String url = p.getProperty("url");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(URI.create(url.strip()), Optional.ofNullable(p.getProperty("tlsTrust")).map(Path::of)));
    }
}
