package io.pchat.server.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.pchat.protocol.xccos.Inv;
import io.pchat.storage.ChatStore;
import io.pchat.storage.invitation.Invitation;
import io.pchat.storage.room.Room;

/**
 * {@code cmd:getinv}: the user's invitations newer than the {@code inviteId} the client last saw
 * (a decimal number; absent means all), oldest first, at most {@code searchLimit}, each as
 * {@code <inv inviteId ts><chanib summary/></inv>}. Invitations to rooms the user can no longer
 * see are left out. The same form is pushed as {@code ntc:inv} ({@link #wireForm}).
 */
final class InvitationCommands {
    private final ChatSettings settings;
    private final ChatStore store;
    private final StorageExecutor storage;
    private final RoomForms forms;

    InvitationCommands(ChatSettings settings, ChatStore store, StorageExecutor storage, RoomForms forms) {
        this.settings = settings;
        this.store = store;
        this.storage = storage;
        this.forms = forms;
    }

    CompletionStage<CommandResult> getinv(CommandCall call) {
        long after = inviteId(call.first(Inv.class).map(Inv::inviteId).orElse(null));
        return storage.call(() -> {
            List<Inv> out = new ArrayList<>();
            for (Invitation invitation : store.invitations().newerThan(call.user(), after, settings.searchLimit())) {
                wireForm(invitation).ifPresent(out::add);
            }
            return CommandResult.ok(out);
        });
    }

    /** Blocking: the invitation as the wire gives it, if its room exists and the user may see it. */
    Optional<Inv> wireForm(Invitation invitation) {
        Optional<Room> room = store.rooms().get(invitation.roomId());
        if (room.isEmpty() || !store.access().canSee(invitation.userUri(), room.get().id())) {
            return Optional.empty();
        }
        return Optional.of(Inv.invitation(Long.toString(invitation.inviteId()), invitation.createdAt(),
                forms.summary(room.get(), store.rooms().effectiveSettings(room.get()))));
    }

    private static long inviteId(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(text.strip());
            if (id < 0) {
                throw CommandFailure.badArgument("inviteId must not be negative");
            }
            return id;
        } catch (NumberFormatException e) {
            throw CommandFailure.badArgument("inviteId must be a number: " + text);
        }
    }
}
