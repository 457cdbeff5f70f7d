package io.pchat.server.console;

import java.time.Instant;
import java.util.Objects;

/**
 * One signed-in browser: its cookie value ({@code id}), the token its state-changing calls must
 * echo ({@code csrf}), who signed in and as what, and when the session ends unless used again.
 *
 * @param user       the operator's name ({@code admin}) or the user's SIP URI
 * @param credential a fingerprint of what they signed in with (a user's stored password hash):
 *                   when it changes, the session ends
 */
public record ConsoleSession(String id, String csrf, Role role, String user, String credential, Instant signedInAt,
        Instant expiresAt) {

    /** An operator holds the admin token and may do what the admin API does; a user manages their rooms. */
    public enum Role {
        OPERATOR, USER
    }

    public ConsoleSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(signedInAt, "signedInAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    ConsoleSession until(Instant value) {
        return new ConsoleSession(id, csrf, role, user, credential, signedInAt, value);
    }
}
