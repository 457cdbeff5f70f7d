package io.pchat.server.admin;

/**
 * A refusal the admin API answers with its own status and message (400 bad field, 404 unknown
 * path or object, 405 wrong method, 409 conflict). Nothing was changed.
 */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public AdminException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static AdminException badRequest(String message) {
        return new AdminException(400, message);
    }

    public static AdminException notFound(String message) {
        return new AdminException(404, message);
    }

    public static AdminException conflict(String message) {
        return new AdminException(409, message);
    }

    public int status() {
        return status;
    }
}
