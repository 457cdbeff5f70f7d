package io.pchat.server.chat;

import java.util.concurrent.CompletionStage;

import io.pchat.protocol.xccos.Ftdb;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Token;
import io.pchat.server.room.Grant;
import io.pchat.storage.ChatStore;
import io.pchat.storage.file.FileDirection;
import io.pchat.storage.file.FileToken;

/**
 * {@code cmd:getfutok} (upload) and {@code cmd:getfdtok} (download), both answered
 * {@code rpl:getftok} with a token from the store valid for {@code fileTokenLifetime} and the
 * node's file server URI. Upload: the user may post files in the room (file upload on, may
 * post). Download: the user may join the room. Room errors as for join (404, 410, 403).
 */
final class FileTokenCommands {
    private final ChatSettings settings;
    private final ChatStore store;
    private final StorageExecutor storage;
    private final RoomLookup lookup;

    FileTokenCommands(ChatSettings settings, ChatStore store, StorageExecutor storage, RoomLookup lookup) {
        this.settings = settings;
        this.store = store;
        this.storage = storage;
        this.lookup = lookup;
    }

    CompletionStage<CommandResult> upload(CommandCall call) {
        return token(call, FileDirection.UPLOAD);
    }

    CompletionStage<CommandResult> download(CommandCall call) {
        return token(call, FileDirection.DOWNLOAD);
    }

    private CompletionStage<CommandResult> token(CommandCall call, FileDirection direction) {
        Ftdb ftdb = call.required(Ftdb.class, "ftdb");
        if (ftdb.fileUrl() == null || ftdb.fileUrl().isBlank()) {
            throw CommandFailure.badArgument("ftdb needs a fileUrl");
        }
        RoomUri uri = lookup.parse(ftdb.channelUri());
        return storage.call(() -> {
            Grant grant = lookup.joinable(call.user(), uri);
            if (direction == FileDirection.UPLOAD && !grant.decision().uploadFiles()) {
                throw CommandFailure.forbidden("may not post files in " + uri);
            }
            FileToken token = store.files().issue(direction, grant.room().id(), call.user(), ftdb.fileUrl(),
                    settings.fileTokenLifetime());
            return CommandResult.ok(new Token(token.token(), settings.fileServerUri().toString()));
        });
    }
}
