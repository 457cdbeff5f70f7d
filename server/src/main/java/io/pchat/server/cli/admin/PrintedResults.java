package io.pchat.server.cli.admin;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.pchat.server.admin.ResultPrinter;

/** The pool commands' printing ({@link PoolCommand}), for the console to show an action's result as the shell does. */
public final class PrintedResults implements ResultPrinter {

    @Override
    public Optional<String> printed(String method, String path, JsonNode request, JsonNode answer) {
        String call = method + " " + path;
        return Optional.ofNullable(switch (call) {
            case "GET /pool" -> PoolCommand.show(answer);
            case "PUT /pool/active", "POST /pool/active/add", "POST /pool/active/remove", "POST /pool/swap" ->
                    PoolCommand.activeList(answer);
            case "POST /pool/failover" -> PoolCommand.failover(answer, request.path("waitSeconds").asInt(30));
            case "POST /pool/failback" -> PoolCommand.failback(answer);
            case "POST /pool/mirror/rebuild" -> PoolCommand.rebuilt(answer);
            default -> null;
        });
    }
}
