package io.pchat.server.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.pchat.storage.config.InvalidConfigurationException;

/**
 * The node's TLS identity and its policy for client certificates ({@code tls.*}), from PEM files.
 * One certificate serves the SIP-over-TLS listener, the file endpoint and the admin API.
 *
 * <p>Invariants: the certificate and key files exist and are readable; mutual TLS
 * ({@code clientAuth: require}) needs the certificates to trust. Client certificates are how a
 * trusted front end (and, later, a peer node) proves itself; with {@code require} a connection
 * without a certificate signed by one of {@code trustedCertificates} fails its handshake.
 *
 * @param certificate         the node's certificate chain (PEM)
 * @param privateKey          its private key (PEM, PKCS#8)
 * @param trustedCertificates certificates (or CAs) whose holders may present client certificates
 * @param clientAuth          none, optional or require
 */
public record TlsSettings(Path certificate, Path privateKey, Optional<Path> trustedCertificates, ClientAuth clientAuth) {

    public TlsSettings {
        requireReadable("tls.certificate", certificate);
        requireReadable("tls.privateKey", privateKey);
        trustedCertificates.ifPresent(p -> requireReadable("tls.trustedCertificates", p));
        if (clientAuth == ClientAuth.REQUIRE && trustedCertificates.isEmpty()) {
            throw new InvalidConfigurationException("tls.trustedCertificates",
                    "must name the certificates to trust when tls.clientAuth is require");
        }
    }

    /** {@code none}, {@code optional} or {@code require}. */
    public static ClientAuth clientAuth(String word) {
        return ClientAuth.valueOf(word.trim().toUpperCase(Locale.ROOT));
    }

    /** A server-side context for every TLS listener of the node. */
    public SslContext serverContext() {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                    .clientAuth(clientAuth);
            trustedCertificates.ifPresent(p -> builder.trustManager(p.toFile()));
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("tls.certificate", "cannot use the certificate and key: " + e.getMessage());
        }
    }

    /**
     * The node link's two sides under mutual TLS: each node presents its certificate and accepts
     * only peers whose certificates {@code tls.trustedCertificates} vouches for.
     */
    public SslContext linkServerContext() {
        requireTrust();
        try {
            return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile()).clientAuth(ClientAuth.REQUIRE)
                    .trustManager(trustedCertificates.get().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("tls.certificate", "cannot use the certificate and key: " + e.getMessage());
        }
    }

    /** The dialling side of the node link (see {@link #linkServerContext()}). */
    public SslContext linkClientContext() {
        requireTrust();
        try {
            // Peers are pinned by tls.trustedCertificates, not by host names (node certificates need not name link hosts).
            return SslContextBuilder.forClient().keyManager(certificate.toFile(), privateKey.toFile())
                    .trustManager(trustedCertificates.get().toFile()).endpointIdentificationAlgorithm(null).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("tls.certificate", "cannot use the certificate and key: " + e.getMessage());
        }
    }

    private void requireTrust() {
        if (trustedCertificates.isEmpty()) {
            throw new InvalidConfigurationException("tls.trustedCertificates",
                    "is required for pool.link.tls: it names the certificates peers may present");
        }
    }

    private static void requireReadable(String key, Path path) {
        if (path == null || !Files.isReadable(path)) {
            throw new InvalidConfigurationException(key, "no readable file at " + path);
        }
    }
}
