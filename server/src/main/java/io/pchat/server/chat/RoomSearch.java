package io.pchat.server.chat;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import io.pchat.protocol.xccos.Assoc;
import io.pchat.protocol.xccos.Catib;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Qib;
import io.pchat.storage.ChatStore;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;

/**
 * The room listings: {@code cmd:chansrch} (by name, or name and description), {@code
 * cmd:getassociations} (rooms the user is a member or manager of) and {@code
 * cmd:nodespermcreatechild} (categories the user may create rooms in). Listings hold only rooms
 * the user may see (the store filters), so secret rooms appear to their members only; at most
 * {@code searchLimit} rooms.
 */
final class RoomSearch {
    private final ChatSettings settings;
    private final ChatStore store;
    private final StorageExecutor storage;
    private final RoomForms forms;

    RoomSearch(ChatSettings settings, ChatStore store, StorageExecutor storage, RoomForms forms) {
        this.settings = settings;
        this.store = store;
        this.storage = storage;
        this.forms = forms;
    }

    CompletionStage<CommandResult> chansrch(CommandCall call) {
        Qib qib = call.required(Qib.class, "qib");
        if (qib.qtype() != null && !qib.qtype().equalsIgnoreCase(Qib.QTYPE_BYNAME)) {
            throw CommandFailure.badArgument("unknown qtype " + qib.qtype());
        }
        String criteria = qib.criteria() == null ? "" : qib.criteria();
        boolean extended = Boolean.TRUE.equals(qib.extended());
        return storage.call(() -> summaries(
                store.rooms().search(call.user(), criteria, extended, settings.searchLimit())));
    }

    CompletionStage<CommandResult> getAssociations(CommandCall call) {
        String type = call.first(Assoc.class).map(a -> a.type().toLowerCase(Locale.ROOT)).orElse(Assoc.MEMBER);
        RoomRole role;
        if (type.equals(Assoc.MEMBER)) {
            role = RoomRole.MEMBER;
        } else if (type.equals(Assoc.MANAGER)) {
            role = RoomRole.MANAGER;
        } else {
            throw CommandFailure.badArgument("unknown assoc type " + type);
        }
        return storage.call(() -> {
            List<Room> rooms = store.rooms().associations(call.user(), role);
            return summaries(rooms.size() > settings.searchLimit() ? rooms.subList(0, settings.searchLimit()) : rooms);
        });
    }

    CompletionStage<CommandResult> nodesPermCreateChild(CommandCall call) {
        return storage.call(() -> CommandResult.ok(store.access().categoriesWhereCanCreate(call.user()).stream()
                .map(c -> new Catib(forms.categoryUri(c.id()), c.name())).toList()));
    }

    /** Blocking: the summary forms (each needs its category's settings). */
    private CommandResult summaries(List<Room> rooms) {
        List<Chanib> out = rooms.stream().map(r -> forms.summary(r, store.rooms().effectiveSettings(r))).toList();
        return CommandResult.ok(out);
    }
}
