package io.pchat.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of a pool's node link: one pool CA, and per node a certificate it signed whose
 * subject CN is the node's id in {@code pool.nodes}. The link trusts only certificates the CA
 * signed and pins each one to the member id its Hello claims ({@link #memberId}), so a certificate
 * of dc1-a cannot speak as dc2-b. Written as PEM: {@code ca.crt}, and {@code <id>.crt},
 * {@code <id>.key} (PKCS#8, owner only) per node; the CA's key ({@code ca.key}, owner only) is what
 * signs a node added later: keep it offline.
 *
 * <p>EC P-256 keys, SHA-256 signatures, valid for {@link #VALIDITY}.
 */
public final class PoolCertificates {
    public static final Duration VALIDITY = Duration.ofDays(825);
    private static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PoolCertificates() {
    }

    /** Writes a new pool CA and a certificate per node into {@code dir}; returns the files written. */
    public static List<Path> write(Path dir, List<String> nodeIds) throws IOException {
        for (String id : nodeIds) {
            if (!MEMBER_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not a node id of pool.nodes: '" + id + "'");
            }
        }
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        try {
            KeyPair caKeys = newKeyPair();
            X500Name caName = new X500Name("CN=pchat pool CA");
            X509Certificate ca = sign(caName, caName, caKeys, caKeys.getPrivate(), true, null);
            written.add(writePem(dir.resolve("ca.crt"), "CERTIFICATE", ca.getEncoded(), false));
            written.add(writePem(dir.resolve("ca.key"), "PRIVATE KEY", caKeys.getPrivate().getEncoded(), true));
            for (String id : nodeIds) {
                KeyPair keys = newKeyPair();
                X509Certificate node = sign(caName, new X500Name("CN=" + Rdn.escapeValue(id)), keys,
                        caKeys.getPrivate(), false, id);
                written.add(writePem(dir.resolve(id + ".crt"), "CERTIFICATE", node.getEncoded(), false));
                written.add(writePem(dir.resolve(id + ".key"), "PRIVATE KEY", keys.getPrivate().getEncoded(), true));
            }
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the pool's certificates: " + e.getMessage(), e);
        }
        return written;
    }

    /** The pool member a link certificate speaks for: its subject's CN; empty when it has none. */
    public static Optional<String> memberId(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name issuer, X500Name subject, KeyPair subjectKeys, PrivateKey issuerKey,
            boolean ca, String dnsName) throws GeneralSecurityException, OperatorCreationException, IOException {
        return ca ? certificate(issuer, subject, subjectKeys, issuerKey, true, KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : certificate(issuer, subject, subjectKeys, issuerKey, false, KeyUsage.digitalSignature
                        | KeyUsage.keyAgreement, new GeneralName(GeneralName.dNSName, dnsName));
    }

    /**
     * A certificate of {@code subject} signed with {@code issuerKey}, valid for {@link #VALIDITY}:
     * a CA or not, with {@code keyUsage}; when it names hosts ({@code names}), for server and
     * client use (TLS on both ends).
     */
    static X509Certificate certificate(X500Name issuer, X500Name subject, KeyPair subjectKeys, PrivateKey issuerKey,
            boolean ca, int keyUsage, GeneralName... names) throws GeneralSecurityException, OperatorCreationException,
            IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(128, RANDOM).abs(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        if (names.length > 0) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    static Path writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        StringWriter pem = new StringWriter();
        pem.write("-----BEGIN " + type + "-----\n");
        pem.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der));
        pem.write("\n-----END " + type + "-----\n");
        Files.deleteIfExists(file);
        if (secret && Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, pem.toString());
        return file;
    }
}
