package io.pchat.server.cli.admin;

/**
 * Exit statuses of {@code pchat admin}: 0 done; 2 usage (bad options, picocli's own); 3 refused
 * by the server (a 4xx answer, or a failed test-message); 4 no connection to the server; 5 the
 * server failed (a 5xx answer, or a health check that is not ready).
 */
public final class AdminExit {
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int NO_CONNECTION = 4;
    public static final int SERVER_ERROR = 5;

    private AdminExit() {
    }

    /** The exit status for an HTTP status. */
    public static int forStatus(int status) {
        if (status < 400) {
            return OK;
        }
        return status < 500 ? REFUSED : SERVER_ERROR;
    }
}
