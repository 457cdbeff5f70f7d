package io.pchat.server.cli.admin;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.server.cli.admin.AdminClient.Reply;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pchat admin health}: whether the node is live and ready, its role, the pool's state and
 * epoch, the database endpoint in use. Exit 0 when ready, 5 when not (the answer is printed
 * either way), 4 when the node does not answer.
 */
@Command(name = "health", mixinStandardHelpOptions = true, description = "Show the node's health (exit 0 when ready).")
public final class HealthCommand implements Callable<Integer> {

    @ParentCommand
    AdminSession admin;

    @Override
    public Integer call() {
        return admin.run(client -> {
            Reply reply = client.getAnyStatus("/health");
            admin.print(reply, r -> {
                JsonNode h = r.json();
                JsonNode db = h.path("database");
                return Forms.lines(new String[][] {
                    {"live", Forms.yesNo(h, "live")}, {"ready", Forms.yesNo(h, "ready")},
                    {"role", Forms.text(h, "role")}, {"pool state", Forms.text(h, "poolState")},
                    {"epoch", Forms.text(h, "epoch")},
                    {"database", Forms.text(db, "endpoint") + " (" + Forms.text(db, "dialect") + ", "
                            + (db.path("reachable").asBoolean() ? "reachable" : "unreachable: " + Forms.text(db, "problem")) + ")"},
                    {"node", Forms.text(h, "node") + " " + Forms.text(h, "nodeUri")}, {"domain", Forms.text(h, "domain")},
                });
            });
            return reply.status() == 200 ? AdminExit.OK : AdminExit.SERVER_ERROR;
        });
    }
}
