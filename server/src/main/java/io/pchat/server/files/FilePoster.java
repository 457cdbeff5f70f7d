package io.pchat.server.files;

import java.util.concurrent.CompletionStage;

import io.pchat.protocol.xccos.FileLink;

/** Posts the chat message that announces an uploaded file in its room, as its uploader. */
@FunctionalInterface
public interface FilePoster {

    /** Completes when the announcement is durably stored (and fanned out). */
    CompletionStage<?> postFile(String uploader, String roomId, String fileName, FileLink link);
}
