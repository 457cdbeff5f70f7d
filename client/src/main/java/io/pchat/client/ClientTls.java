package io.pchat.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * How a client speaks TLS to a node: the certificate(s) it trusts (PEM), optionally its own
 * certificate and key for mutual TLS (a trusted front end), and whether the node's certificate
 * must name the host connected to.
 *
 * <p>Host name verification is on for a CA-issued certificate; a pinned development certificate
 * (made by {@code pchat cert dev}) is trusted as itself, with {@code verifyHostname} false:
 * trusting exactly that certificate is what identifies the node, whatever address it is reached at.
 *
 * @param trusted        certificates or CAs to trust (PEM)
 * @param certificate    own certificate chain for mutual TLS (PEM), if any
 * @param privateKey     its key (PEM, PKCS#8), with {@code certificate}
 * @param verifyHostname whether the node's certificate must match the host name
 */
public record ClientTls(Path trusted, Optional<Path> certificate, Optional<Path> privateKey, boolean verifyHostname) {

    public ClientTls {
        requireReadable("trusted", trusted);
        certificate.ifPresent(p -> requireReadable("certificate", p));
        privateKey.ifPresent(p -> requireReadable("privateKey", p));
        if (certificate.isPresent() != privateKey.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its private key, and the other way round");
        }
    }

    /** Trust exactly this certificate (a development certificate), without host name checks. */
    public static ClientTls pinned(Path certificate) {
        return new ClientTls(certificate, Optional.empty(), Optional.empty(), false);
    }

    /** With a client certificate and key, for mutual TLS. */
    public ClientTls withClientCertificate(Path cert, Path key) {
        return new ClientTls(trusted, Optional.of(cert), Optional.of(key), verifyHostname);
    }

    SslContext context() {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().trustManager(trusted.toFile())
                    // Netty 4.2 verifies host names by default; say what we want either way
                    .endpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
            if (certificate.isPresent()) {
                builder.keyManager(certificate.get().toFile(), privateKey.get().toFile());
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot use the TLS files: " + e.getMessage(), e);
        }
    }

    private static void requireReadable(String what, Path path) {
        if (path == null || !Files.isReadable(path)) {
            throw new IllegalArgumentException(what + ": no readable file at " + path);
        }
    }
}
