package io.pchat.server.cli.admin;

import java.io.PrintWriter;

import io.pchat.server.cli.admin.AdminClient.Reply;

/**
 * What every {@code pchat admin} sub-command gets from the {@code admin} command: the client for
 * the node's API (from {@code --url} and the token options), the output streams, and whether
 * {@code --json} was asked for. {@link #run} maps every failure to its exit status.
 */
public interface AdminSession {

    /** One sub-command's work; returns the exit status. */
    @FunctionalInterface
    interface Action {
        int run(AdminClient client) throws Exception;
    }

    AdminClient client() throws AdminFailure;

    boolean json();

    PrintWriter out();

    PrintWriter err();

    /**
     * Runs {@code action} with a client; a failure prints one line on stderr and gives its status
     * (with {@code --json} that line is a JSON object: {@code {"error": "...", "exit": N}}).
     */
    default int run(Action action) {
        try {
            int status = action.run(client());
            out().flush();
            return status;
        } catch (AdminFailure f) {
            return failed(f.getMessage(), f.exitCode());
        } catch (Exception e) {
            return failed("failed: " + e, AdminExit.SERVER_ERROR);
        }
    }

    private int failed(String message, int exit) {
        out().flush();
        if (json()) {
            err().println(AdminClient.JSON.createObjectNode().put("error", message).put("exit", exit));
        } else {
            err().println("pchat admin: " + message);
        }
        err().flush();
        return exit;
    }

    /** Prints the answer: its JSON as it came with {@code --json}, else {@code readable}. */
    default int print(Reply reply, ReadableForm readable) throws AdminFailure {
        if (json()) {
            if (!reply.body().isBlank()) { // 204 has no body
                out().println(reply.body().strip());
            }
        } else {
            out().print(readable.text(reply));
        }
        return AdminExit.OK;
    }

    /** The readable form of an answer (a table, a few lines), ending with a line break. */
    @FunctionalInterface
    interface ReadableForm {
        String text(Reply reply) throws AdminFailure;
    }
}
