package io.pchat.server.chat;

import java.util.List;
import java.util.Optional;

import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.DataBlock;
import io.pchat.server.session.ClientSession;

/**
 * One command being handled: who sent it, in which envelope, and its data.
 *
 * <p>Invariant: immutable; created and handed to the handler on the session's event loop.
 *
 * @param envid the envid of the envelope that carried the command (echoed as the reply's command id)
 */
record CommandCall(ClientSession session, SessionState state, long envid, Command command) {

    /** The authenticated user. */
    String user() {
        return session.user();
    }

    /** The first data block of this type, if any. */
    <T extends DataBlock> Optional<T> first(Class<T> type) {
        for (DataBlock block : command.data()) {
            if (type.isInstance(block)) {
                return Optional.of(type.cast(block));
            }
        }
        return Optional.empty();
    }

    /** The first data block of this type, or a 400 naming what is missing. */
    <T extends DataBlock> T required(Class<T> type, String element) {
        return first(type).orElseThrow(() -> CommandFailure.badArgument("cmd:" + command.name() + " needs <" + element + ">"));
    }

    /** Every data block of this type, in order. */
    <T extends DataBlock> List<T> all(Class<T> type) {
        return command.data().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
