package io.pchat.server.cli.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of an admin client that trusts exactly the certificates of one PEM file (a
 * node's development certificate, or the CA that issued the node's): {@code pchat admin
 * --tls-trust FILE}, as {@code pchat client --tls-trust}. Host names are still verified (the
 * development certificate names localhost, 127.0.0.1 and ::1).
 */
public final class PemTrust {
    private PemTrust() {
    }

    public static SSLContext context(Path pem) throws AdminFailure {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new AdminFailure(AdminExit.USAGE, "--tls-trust: no certificate in " + pem);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("trusted-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new AdminFailure(AdminExit.USAGE, "--tls-trust: cannot read " + pem + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new AdminFailure(AdminExit.USAGE, "--tls-trust: " + pem + " is not a PEM certificate: " + e.getMessage());
        }
    }
}
