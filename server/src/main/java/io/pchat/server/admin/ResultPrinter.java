package io.pchat.server.admin;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How {@code pchat admin} prints an admin call's answer, so that the console shows an action's
 * result exactly as the command line does. Written by the command line, handed to the admin
 * endpoint by the node (the admin API itself knows only JSON).
 */
@FunctionalInterface
public interface ResultPrinter {

    ResultPrinter NONE = (method, path, request, answer) -> Optional.empty();

    /**
     * @param path    the admin API path called ({@code /pool/failover})
     * @param request the call's JSON body (an empty object when it had none)
     * @return the text {@code pchat admin} prints for this answer, if it is a call it prints specially
     */
    Optional<String> printed(String method, String path, JsonNode request, JsonNode answer);
}
