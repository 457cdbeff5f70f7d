package io.pchat.server.chat;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import io.pchat.protocol.xccos.CategoryUri;
import io.pchat.protocol.xccos.Sib;
import io.pchat.protocol.xccos.Uib;
import io.pchat.storage.ChatStore;
import io.pchat.storage.room.Category;

/**
 * {@code cmd:requri} (which node URI the client should use, as the {@link NodePlacement} decides)
 * and {@code cmd:getserverinfo} (the node's limits, time and root category).
 *
 * <p>{@code dbVersion} is the root category's id (ours): it names the database a pool runs on
 * and changes only with a new database. The root is read once (created if the store has none)
 * and then kept: it never changes for a database.
 */
final class ServerInfoCommands {
    private final ChatSettings settings;
    private final ChatStore store;
    private final StorageExecutor storage;
    private final NodePlacement placement;
    private final Clock clock;
    private final AtomicReference<Category> root = new AtomicReference<>();

    ServerInfoCommands(ChatSettings settings, ChatStore store, StorageExecutor storage, NodePlacement placement,
            Clock clock) {
        this.settings = settings;
        this.store = store;
        this.storage = storage;
        this.placement = placement;
        this.clock = clock;
    }

    CompletionStage<CommandResult> requri(CommandCall call) {
        return placement.place(call.user()).thenApply(uri -> CommandResult.ok(Uib.of(uri)));
    }

    CompletionStage<CommandResult> getServerInfo(CommandCall call) {
        String infoType = call.first(Sib.class).map(Sib::infoType).orElse(null);
        Category known = root.get();
        CompletableFuture<Category> category = known != null ? CompletableFuture.completedFuture(known)
                : storage.call(() -> store.categories().root().orElseGet(() -> store.categories().ensureRoot(settings.domain())));
        return category.thenApply(c -> {
            root.compareAndSet(null, c);
            String rootUri = CategoryUri.of(settings.domain(), c.id()).toString();
            return CommandResult.ok(new Sib(null, infoType, clock.instant(), settings.searchLimit(),
                    settings.messageSizeLimit(), settings.storySizeLimit(), rootUri, c.id(),
                    settings.serverDisplayName(), settings.roomManagementUrl()));
        });
    }
}
