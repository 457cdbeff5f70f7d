package io.pchat.server.chat;

import java.util.concurrent.CompletionStage;

/**
 * Handles one command. Called on the session's event loop; must not block it: storage work goes
 * to the {@link StorageExecutor}. The stage may complete on any thread (with a
 * {@link CommandFailure} for an answer other than 200); the reply is sent from the event loop.
 */
@FunctionalInterface
interface CommandHandler {
    CompletionStage<CommandResult> handle(CommandCall call);
}
