package io.pchat.server.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A self-signed certificate for development and tests: {@code <dir>/<name>.crt} and
 * {@code <dir>/<name>.key} (PEM, the key readable by its owner only). It names {@code localhost},
 * {@code 127.0.0.1} and {@code ::1} besides the hosts given, so that {@code https://127.0.0.1:8080}
 * and {@code https://localhost:8080} both verify; it is its own CA (as {@code openssl req -x509}
 * makes them), so tools that take it as a CA file ({@code curl --cacert}, {@code --tls-trust})
 * accept it. Not for production: nothing but that very file vouches for it.
 */
public final class DevCertificate {
    /** What every development certificate names: a node on this machine, by name and by address. */
    static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private DevCertificate() {
    }

    /**
     * Writes a new certificate for {@code hosts} (host names or IP addresses) and the local names;
     * returns the certificate and key paths.
     */
    public static Path[] write(Path dir, String name, List<String> hosts) throws IOException {
        Set<String> names = new LinkedHashSet<>(LOCAL_NAMES);
        names.addAll(hosts);
        Files.createDirectories(dir);
        try {
            KeyPair keys = PoolCertificates.newKeyPair();
            X500Name subject = new X500Name("CN=" + hosts.stream().findFirst().orElse("localhost").replace(",", "\\,"));
            List<GeneralName> alternatives = new ArrayList<>();
            for (String host : names) {
                alternatives.add(isAddress(host)
                        ? new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(host).getAddress()))
                        : new GeneralName(GeneralName.dNSName, host));
            }
            X509Certificate certificate = PoolCertificates.certificate(subject, subject, keys, keys.getPrivate(), true,
                    KeyUsage.digitalSignature | KeyUsage.keyAgreement | KeyUsage.keyCertSign,
                    alternatives.toArray(GeneralName[]::new));
            Path cert = PoolCertificates.writePem(dir.resolve(name + ".crt"), "CERTIFICATE", certificate.getEncoded(), false);
            Path key = PoolCertificates.writePem(dir.resolve(name + ".key"), "PRIVATE KEY", keys.getPrivate().getEncoded(), true);
            return new Path[] {cert, key};
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a development certificate: " + e.getMessage(), e);
        }
    }

    /** As {@link #write(Path, String, List)} for one host. */
    public static Path[] write(Path dir, String name, String host) throws IOException {
        return write(dir, name, List.of(host));
    }

    /** An IPv4 or IPv6 literal (never resolved: a host name is a DNS name). */
    private static boolean isAddress(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
