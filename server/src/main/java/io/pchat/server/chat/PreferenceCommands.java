package io.pchat.server.chat;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.pchat.protocol.xccos.Pref;
import io.pchat.protocol.xccos.ResultCode;
import io.pchat.storage.ChatStore;
import io.pchat.storage.preference.Preference;
import io.pchat.storage.preference.PreferenceWrite;

/**
 * {@code cmd:getpref} and {@code cmd:setpref}: per-user preferences, versioned by the wire's
 * {@code seqid} (the store's revision; 0 means none stored).
 *
 * <ul>
 * <li>getpref answers nothing when the client's seqid is the stored revision; otherwise the
 *     stored content, or {@code <pref label seqid="0"/>} when there is none. With
 *     {@code createdefault="true"} a missing preference is first created empty (revision 1).</li>
 * <li>setpref stores the content if the client's seqid is the stored revision and answers the
 *     new one; a stale seqid is 409 {@code DATA_COLLISION} and nothing is stored.</li>
 * </ul>
 */
final class PreferenceCommands {
    private static final byte[] EMPTY = {};

    private final ChatStore store;
    private final StorageExecutor storage;

    PreferenceCommands(ChatStore store, StorageExecutor storage) {
        this.store = store;
        this.storage = storage;
    }

    CompletionStage<CommandResult> getpref(CommandCall call) {
        Pref asked = call.required(Pref.class, "pref");
        long known = asked.seqid() == null ? 0 : asked.seqid();
        boolean createDefault = Boolean.TRUE.equals(asked.createdefault());
        return storage.call(() -> {
            Optional<Preference> stored = store.preferences().get(call.user(), asked.label());
            if (stored.isEmpty() && createDefault) {
                store.preferences().put(call.user(), asked.label(), 0, EMPTY); // a lost race leaves the winner's
                stored = store.preferences().get(call.user(), asked.label());
            }
            long revision = stored.map(Preference::revision).orElse(0L);
            if (revision == known) {
                return CommandResult.ok();
            }
            if (stored.isEmpty()) {
                return CommandResult.ok(new Pref(asked.label(), 0L, null, null));
            }
            return CommandResult.ok(Pref.withContent(asked.label(), revision, null, stored.get().content()));
        });
    }

    CompletionStage<CommandResult> setpref(CommandCall call) {
        Pref pref = call.required(Pref.class, "pref");
        if (pref.seqid() == null) {
            throw CommandFailure.badArgument("setpref needs the seqid it replaces");
        }
        byte[] content = pref.content() == null ? EMPTY : pref.decodedContent()
                .orElseThrow(() -> CommandFailure.badArgument("pref content is not base64"));
        return storage.call(() -> {
            PreferenceWrite write = store.preferences().put(call.user(), pref.label(), pref.seqid(), content);
            if (write instanceof PreferenceWrite.Stored stored) {
                return CommandResult.ok(new Pref(pref.label(), stored.revision(), null, null));
            }
            throw new CommandFailure(ResultCode.DATA_COLLISION, "stale preference revision " + pref.seqid());
        });
    }
}
