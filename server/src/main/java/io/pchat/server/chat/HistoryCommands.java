package io.pchat.server.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.pchat.protocol.xccos.Bcq;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Gap;
import io.pchat.protocol.xccos.Msg;
import io.pchat.protocol.xccos.Qib;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.storage.ChatStore;
import io.pchat.storage.Principals;
import io.pchat.storage.compliance.ComplianceEvent;
import io.pchat.storage.compliance.ComplianceKind;
import io.pchat.storage.log.HistorySearch;
import io.pchat.storage.log.MessageHistory;
import io.pchat.storage.log.StoredMessage;

/**
 * Chat history: {@code cmd:bccontext} ({@code last cnt}, or ours {@code before msgid cnt} for
 * paging back) and ours {@code cmd:chatsrch}. Only in logged rooms and only for users who may
 * join ({@link RoomLookup#readable}); the user need not be joined. Messages come oldest first
 * (the history form), at most {@code defaultChatHistory} per bccontext and {@code searchLimit}
 * per search (default 50). Every read is a BACKCHAT compliance event carrying the newest msgid
 * returned.
 */
final class HistoryCommands {
    private static final int DEFAULT_SEARCH_RESULTS = 50;

    private final ChatSettings settings;
    private final ChatStore store;
    private final StorageExecutor storage;
    private final MessageHistory history;
    private final RoomLookup lookup;
    private final RoomForms forms;
    private final Clock clock;

    HistoryCommands(ChatSettings settings, ChatStore store, StorageExecutor storage, MessageHistory history,
            RoomLookup lookup, RoomForms forms, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.storage = storage;
        this.history = history;
        this.lookup = lookup;
        this.forms = forms;
        this.clock = clock;
    }

    CompletionStage<CommandResult> bccontext(CommandCall call) {
        RoomUri uri = lookup.parse(call.required(Chanib.class, "chanib").uri());
        Bcq bcq = call.required(Bcq.class, "bcq");
        int count = Math.min(bcq.cnt(), settings.defaultChatHistory());
        return storage.call(() -> lookup.readable(call.user(), uri).room().id()).thenCompose(roomId -> {
            CompletableFuture<List<StoredMessage>> read;
            long below = bcq instanceof Bcq.Before before ? before.msgid() : Long.MAX_VALUE;
            if (count == 0) {
                read = CompletableFuture.completedFuture(List.of());
            } else if (bcq instanceof Bcq.Before before) {
                read = before.msgid() <= 1 ? CompletableFuture.completedFuture(List.of())
                        : history.before(roomId, before.msgid(), count);
            } else {
                read = history.last(roomId, count);
            }
            return read.thenCompose(messages -> gapsAmong(roomId, messages, count, below)
                    .thenApply(gaps -> answer(call, roomId, messages, gaps, "bccontext")));
        });
    }

    /**
     * The recorded gaps a history page spans: from its oldest message (or msgid 1 when the page
     * is short, so everything below it was read) up to the msgid it was asked below. A client
     * paging back then knows these msgids do not exist instead of waiting for them.
     */
    private CompletableFuture<List<Gap>> gapsAmong(String roomId, List<StoredMessage> messages, int count, long below) {
        if (count == 0 || below <= 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        long from = messages.size() < count ? 1 : messages.get(0).msgid();
        return history.gaps(roomId, from, below - 1)
                .thenApply(gaps -> gaps.stream().map(g -> new Gap(g.first(), g.last())).toList());
    }

    CompletionStage<CommandResult> chatsrch(CommandCall call) {
        Qib qib = call.required(Qib.class, "qib");
        if (qib.chanUri() == null) {
            throw CommandFailure.badArgument("cmd:chatsrch needs qib chanUri");
        }
        RoomUri uri = lookup.parse(qib.chanUri());
        String author = author(qib.author());
        String text = qib.criteria() == null || qib.criteria().isBlank() ? null : qib.criteria().strip();
        int limit = qib.limit() == null || qib.limit() == 0 ? Math.min(DEFAULT_SEARCH_RESULTS, settings.searchLimit())
                : Math.min(qib.limit(), settings.searchLimit());
        return storage.call(() -> lookup.readable(call.user(), uri).room().id()).thenCompose(roomId -> history
                .search(new HistorySearch(roomId, text, author, qib.from(), qib.to(), limit))
                .thenApply(newestFirst -> {
                    List<StoredMessage> oldestFirst = new ArrayList<>(newestFirst);
                    Collections.reverse(oldestFirst);
                    return answer(call, roomId, oldestFirst, List.of(), "chatsrch");
                }));
    }

    private CommandResult answer(CommandCall call, String roomId, List<StoredMessage> messages, List<Gap> gaps,
            String what) {
        List<Msg> msgs = messages.stream().map(forms::msg).toList();
        ComplianceEvent event = ComplianceEvent.inRoom(clock.instant(), ComplianceKind.BACKCHAT, call.user(), roomId)
                .withDetail(what);
        ComplianceEvent recorded = messages.isEmpty() ? event
                : event.withMsgid(messages.get(messages.size() - 1).msgid());
        storage.execute("compliance BACKCHAT", () -> store.compliance().record(recorded));
        return CommandResult.ok(Chanib.history(forms.roomUri(roomId), msgs, gaps));
    }

    private static String author(String author) {
        if (author == null || author.isBlank()) {
            return null;
        }
        try {
            return Principals.user(author);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badArgument("not a user: " + author);
        }
    }
}
