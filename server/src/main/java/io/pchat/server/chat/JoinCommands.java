package io.pchat.server.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Chanid;
import io.pchat.protocol.xccos.ResultCode;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.room.Grant;
import io.pchat.server.room.LiveRooms;
import io.pchat.server.room.Participant;
import io.pchat.storage.ChatStore;
import io.pchat.storage.compliance.ComplianceEvent;
import io.pchat.storage.compliance.ComplianceKind;

/**
 * {@code cmd:join}, {@code cmd:bjoin} and {@code cmd:part}, and leaving every room when a
 * dialog ends.
 *
 * <p>Access is decided on a storage thread ({@link RoomLookup#joinable}); the dialog then enters
 * the live room on its own event loop, and only then is the reply (with the participants,
 * the joiner included) sent and the other dialogs told ({@code ntc:join} / {@code ntc:bjoin}).
 * Joining a room the dialog is already in refreshes its grant and answers again, without a
 * second notice. Every join and leave is a compliance event (JOIN, PART).
 */
final class JoinCommands {
    /** A bjoin's outcome for one room: the grant, or the room as the client named it. */
    private record Attempt(Chanid named, Grant grant) {
    }

    private final ChatStore store;
    private final StorageExecutor storage;
    private final RoomLookup lookup;
    private final LiveRooms live;
    private final RoomForms forms;
    private final RoomNotices notices;
    private final Clock clock;

    JoinCommands(ChatStore store, StorageExecutor storage, RoomLookup lookup, LiveRooms live, RoomForms forms,
            RoomNotices notices, Clock clock) {
        this.store = store;
        this.storage = storage;
        this.lookup = lookup;
        this.live = live;
        this.forms = forms;
        this.notices = notices;
        this.clock = clock;
    }

    CompletionStage<CommandResult> join(CommandCall call) {
        RoomUri uri = namedRoom(call);
        return storage.call(() -> lookup.joinable(call.user(), uri)).thenApplyAsync(grant -> {
            checkOpen(call);
            JoinReply reply = new JoinReply(forms);
            enter(call, grant, false);
            reply.joined(grant.room(), live.room(grant.room().id()), live.remoteUsers(grant.room().id()));
            return CommandResult.ok(reply.data());
        }, call.session().eventLoop());
    }

    CompletionStage<CommandResult> bjoin(CommandCall call) {
        List<Chanid> named = call.all(Chanid.class);
        if (named.isEmpty()) {
            throw CommandFailure.badArgument("cmd:bjoin needs at least one <chanid>");
        }
        return storage.call(() -> {
            List<Attempt> attempts = new ArrayList<>(named.size());
            for (Chanid chanid : named) {
                attempts.add(new Attempt(chanid, tryJoinable(call.user(), chanid.roomUri())));
            }
            return attempts;
        }).thenApplyAsync(attempts -> {
            checkOpen(call);
            JoinReply reply = new JoinReply(forms);
            for (Attempt a : attempts) {
                if (a.grant() != null) {
                    enter(call, a.grant(), true);
                }
            }
            for (Attempt a : attempts) {
                if (a.grant() == null) {
                    reply.failed(a.named().domain(), a.named().value());
                } else {
                    reply.joined(a.grant().room(), live.room(a.grant().room().id()), live.remoteUsers(a.grant().room().id()));
                }
            }
            return CommandResult.ok(reply.data());
        }, call.session().eventLoop());
    }

    CompletionStage<CommandResult> part(CommandCall call) {
        Chanib chanib = call.required(Chanib.class, "chanib");
        RoomUri uri = lookup.parse(chanib.uri());
        Participant p = call.state().removeJoined(uri.id());
        if (p == null) {
            throw new CommandFailure(ResultCode.USER_NOT_JOINED, "not joined to " + uri);
        }
        leave(p);
        return CompletableFuture.completedFuture(CommandResult.ok(Chanib.of(chanib.uri())));
    }

    /** The dialog ended: it leaves every room it was in (on its event loop). */
    void sessionEnded(SessionState state) {
        for (Participant p : state.takeAllJoined()) {
            leave(p);
        }
    }

    private RoomUri namedRoom(CommandCall call) {
        Optional<Chanid> chanid = call.first(Chanid.class);
        if (chanid.isPresent()) {
            return lookup.ours(chanid.get().roomUri()
                    .orElseThrow(() -> CommandFailure.badArgument("not a room: " + chanid.get().value())));
        }
        Optional<Chanib> chanib = call.first(Chanib.class); // liberal: a room given whole
        if (chanib.isPresent()) {
            return lookup.parse(chanib.get().uri());
        }
        throw CommandFailure.badArgument("cmd:" + call.command().name() + " needs a <chanid>");
    }

    /** Blocking: the grant, or null when this room cannot be joined (storage outages still fail the whole bjoin). */
    private Grant tryJoinable(String user, Optional<RoomUri> uri) {
        if (uri.isEmpty()) {
            return null;
        }
        try {
            return lookup.joinable(user, uri.get());
        } catch (CommandFailure e) {
            return null;
        }
    }

    private static void checkOpen(CommandCall call) {
        if (call.state().isEnded()) {
            throw new CommandFailure(ResultCode.SERVER_ERROR, "dialog ended while joining");
        }
    }

    /** On the event loop: the dialog enters the room (or refreshes its grant if it is in already). */
    private void enter(CommandCall call, Grant grant, boolean viaBjoin) {
        String roomId = grant.room().id();
        Participant existing = call.state().joined(roomId);
        if (existing != null) {
            existing.regrant(grant);
            return;
        }
        Participant p = new Participant(call.session(), roomId, grant, viaBjoin);
        if (live.join(p)) {
            call.state().addJoined(p);
            notices.joined(live.room(roomId), p);
            record(ComplianceKind.JOIN, p);
        }
    }

    private void leave(Participant p) {
        if (live.leave(p.roomId(), p.session()) != null) {
            notices.parted(live.room(p.roomId()), p);
            record(ComplianceKind.PART, p);
        }
    }

    private void record(ComplianceKind kind, Participant p) {
        ComplianceEvent event = ComplianceEvent.inRoom(clock.instant(), kind, p.user(), p.roomId());
        storage.execute("compliance " + kind, () -> store.compliance().record(event));
    }
}
