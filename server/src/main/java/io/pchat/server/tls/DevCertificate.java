package io.pchat.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;

import io.netty.handler.ssl.util.SelfSignedCertificate;

/**
 * A self-signed certificate for development and tests: {@code <dir>/<name>.crt} and
 * {@code <dir>/<name>.key} (PEM), the key readable by its owner only. Not for production: a
 * client must be told to trust this very certificate (there is no CA behind it).
 */
public final class DevCertificate {
    private DevCertificate() {
    }

    /** Writes a new certificate for {@code hostname}; returns the certificate and key paths. */
    public static Path[] write(Path dir, String name, String hostname) throws IOException {
        Files.createDirectories(dir);
        SelfSignedCertificate generated;
        try {
            generated = new SelfSignedCertificate(hostname);
        } catch (CertificateException e) {
            throw new IOException("cannot generate a certificate: " + e.getMessage(), e);
        }
        try {
            Path cert = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            Files.copy(generated.certificate().toPath(), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(generated.privateKey().toPath(), key, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the key stays as the file system makes it
            }
            return new Path[] {cert, key};
        } finally {
            generated.delete();
        }
    }
}
