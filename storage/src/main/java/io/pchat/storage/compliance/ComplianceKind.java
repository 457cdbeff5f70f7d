package io.pchat.storage.compliance;

/**
 * What a compliance event records. {@code CHAT} is not among them: every chat message is already
 * recorded in the message log ({@code chat_message}), which the export merges in.
 */
public enum ComplianceKind {
    JOIN,
    PART,
    /** Chat history read ({@code bccontext}, {@code chatsrch}). */
    BACKCHAT,
    FILEUPLOAD,
    FILEDOWNLOAD,
    /** An administrator removed chat history. */
    PURGE,
    /** Another administrative change; {@code detail} says what. */
    ADMIN
}
