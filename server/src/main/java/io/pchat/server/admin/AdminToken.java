package io.pchat.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.config.InvalidConfigurationException;

/**
 * The bearer token every admin call but {@code GET /health} must carry. Taken from the
 * configuration, else read from {@code <data dir>/admin.token}, else generated (32 random bytes,
 * base64url) and written there readable by the owner only. The token itself is never logged.
 *
 * <p>Invariant: {@link #accepts} compares in constant time (no early exit on the first
 * differing byte), so response times tell nothing about the token.
 */
public final class AdminToken {
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    public static final String FILE_NAME = "admin.token";
    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    private AdminToken(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The configured token, or the data directory's, generating it on first start. */
    public static AdminToken resolve(Optional<String> configured, Path dataDirectory) throws IOException {
        if (configured.isPresent()) {
            return new AdminToken(configured.get());
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            try {
                write(file, generate());
                log.info("admin token written to {}", file.toAbsolutePath().normalize());
            } catch (FileAlreadyExistsException e) {
                // another process wrote it first: read theirs
            }
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < AdminSettings.MIN_TOKEN_LENGTH) {
            throw new InvalidConfigurationException("admin.token", file + " holds fewer than "
                    + AdminSettings.MIN_TOKEN_LENGTH + " characters: delete it to have a new token generated");
        }
        return new AdminToken(token);
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void write(Path file, String token) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
        if (posix) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Whether an {@code Authorization} header value carries this token. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return matches(authorization.substring(BEARER.length()));
    }

    /** Whether {@code token} (surrounding whitespace ignored) is this token: constant time. */
    public boolean matches(String token) {
        return MessageDigest.isEqual(expected, token.strip().getBytes(StandardCharsets.UTF_8));
    }
}
