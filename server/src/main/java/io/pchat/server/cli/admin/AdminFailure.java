package io.pchat.server.cli.admin;

/** Ends an admin command with one line on stderr and an exit status ({@link AdminExit}). */
public final class AdminFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public AdminFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
