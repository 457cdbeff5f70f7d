package io.pchat.server.chat;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufAllocator;
import io.pchat.protocol.concurrent.AsyncCause;
import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.CommandNames;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.EnvelopeItem;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.ResultCode;
import io.pchat.server.fanout.EnvelopeIds;
import io.pchat.server.fanout.FanOut;
import io.pchat.server.room.ConnectedUsers;
import io.pchat.server.room.Grant;
import io.pchat.server.room.LiveRoom;
import io.pchat.server.room.LiveRooms;
import io.pchat.server.room.Participant;
import io.pchat.server.session.ClientSession;
import io.pchat.server.session.InfoVerdict;
import io.pchat.server.session.XccosService;
import io.pchat.storage.ChatStore;
import io.pchat.storage.invitation.Invitation;
import io.pchat.storage.log.MessageHistory;
import io.pchat.storage.log.MessageLog;
import io.pchat.storage.room.AccessDecision;
import io.pchat.storage.room.Room;

/**
 * The command layer: what the session layer hands every XCCOS envelope to. Commands go by name
 * (case-insensitive) to one handler per command group and are answered {@code rpl:<name>} with
 * {@code commandid} = the command's seqid and its envelope's envid (the reply's own seqid echoes
 * the command's); unknown commands get 501. {@code grpchat} items go to {@link Posts}.
 *
 * <p>Threading: every entry point of {@link XccosService} runs on the dialog's event loop and
 * returns without blocking; storage work runs on the {@link StorageExecutor} and replies are
 * sent from the event loop. A dialog's items run one after another in arrival order
 * ({@link SessionState}).
 *
 * <p>Users: a user the store lists as disabled gets its first command answered 403 and then
 * {@code end("not enabled")}; a user the store does not know is enabled (development mode,
 * auth:none), and so is everyone while the store cannot be read.
 */
public final class ChatService implements XccosService {
    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final ChatStore store;
    private final StorageExecutor storage;
    private final EnvelopeIds ids;
    private final LiveRooms live = new LiveRooms();
    private final ConnectedUsers users = new ConnectedUsers();
    private final ConcurrentHashMap<String, SessionState> sessions = new ConcurrentHashMap<>();
    private final Map<String, CommandHandler> handlers = new HashMap<>();
    private final RoomForms forms;
    private final RoomNotices notices;
    private final JoinCommands joins;
    private final InvitationCommands invitations;
    private final Posts posts;
    private final FanOut fanOut;

    public ChatService(ChatSettings settings, ChatStore store, MessageLog messageLog, MessageHistory history,
            StorageExecutor storage, Supplier<String> nodeUri, Clock clock, EnvelopeIds ids, ByteBufAllocator allocator) {
        this(settings, store, messageLog, history, storage, NodePlacement.thisNode(nodeUri), clock, ids, allocator);
    }

    /** With a placement of one's own: where {@code cmd:requri} sends a client (a pool's rule). */
    public ChatService(ChatSettings settings, ChatStore store, MessageLog messageLog, MessageHistory history,
            StorageExecutor storage, NodePlacement placement, Clock clock, EnvelopeIds ids, ByteBufAllocator allocator) {
        this(settings, store, messageLog, MessageSequencer.local(messageLog), history, storage, placement, clock, ids,
                allocator);
    }

    /**
     * A pool's node: posts go to {@code sequencer} (the room's owner), {@code cmd:requri} follows
     * {@code placement}; this node's own durable messages ({@code messageLog}) are fanned out here.
     */
    public ChatService(ChatSettings settings, ChatStore store, MessageLog messageLog, MessageSequencer sequencer,
            MessageHistory history, StorageExecutor storage, NodePlacement placement, Clock clock, EnvelopeIds ids,
            ByteBufAllocator allocator) {
        this.store = store;
        this.storage = storage;
        this.ids = ids;
        this.forms = new RoomForms(settings, live);
        this.notices = new RoomNotices(ids, settings);
        RoomLookup lookup = new RoomLookup(store, settings);
        this.joins = new JoinCommands(store, storage, lookup, live, forms, notices, clock);
        this.invitations = new InvitationCommands(settings, store, storage, forms);
        this.fanOut = new FanOut(live, ids, settings.domain(), allocator);
        messageLog.addDurableListener(fanOut); // this node's dialogs are told first
        this.posts = new Posts(settings, sequencer);

        ServerInfoCommands server = new ServerInfoCommands(settings, store, storage, placement, clock);
        RoomSearch search = new RoomSearch(settings, store, storage, forms);
        HistoryCommands historyCommands = new HistoryCommands(settings, store, storage, history, lookup, forms, clock);
        PreferenceCommands preferences = new PreferenceCommands(store, storage);
        FileTokenCommands files = new FileTokenCommands(settings, store, storage, lookup);
        handlers.put(CommandNames.REQURI, server::requri);
        handlers.put(CommandNames.GETSERVERINFO, server::getServerInfo);
        handlers.put(CommandNames.GETASSOCIATIONS, search::getAssociations);
        handlers.put(CommandNames.CHANSRCH, search::chansrch);
        handlers.put(CommandNames.NODESPERMCREATECHILD, search::nodesPermCreateChild);
        handlers.put(CommandNames.JOIN, joins::join);
        handlers.put(CommandNames.BJOIN, joins::bjoin);
        handlers.put(CommandNames.PART, joins::part);
        handlers.put(CommandNames.BCCONTEXT, historyCommands::bccontext);
        handlers.put(CommandNames.CHATSRCH, historyCommands::chatsrch);
        handlers.put(CommandNames.GETINV, invitations::getinv);
        handlers.put(CommandNames.GETPREF, preferences::getpref);
        handlers.put(CommandNames.SETPREF, preferences::setpref);
        handlers.put(CommandNames.GETFUTOK, files::upload);
        handlers.put(CommandNames.GETFDTOK, files::download);
    }

    /** The fan-out of durable messages to this node's dialogs (metrics attach an observer). */
    public FanOut fanOut() {
        return fanOut;
    }

    /**
     * A user joined or left a room on another node of the pool: the room's dialogs here get the
     * notice (ntc:join / ntc:bjoin / ntc:part), as for a local join. Any thread.
     */
    public void joinedElsewhere(String roomId, String user, boolean joined, boolean viaBjoin) {
        notices.elsewhere(live.room(roomId), roomId, user, joined, viaBjoin);
    }

    /** The rooms with dialogs joined on this node (read-only use: admin, metrics, tests). */
    public LiveRooms liveRooms() {
        return live;
    }

    @Override
    public void onSessionStarted(ClientSession session) {
        SessionState state = sessions.computeIfAbsent(session.id(), id -> new SessionState(session));
        users.add(session);
        // The first command waits for this lookup, so a disabled user is known by then.
        state.enqueue(() -> storage.call(() -> store.users().get(session.user()))
                .handleAsync((user, error) -> {
                    if (error != null) {
                        log.warn("cannot read user {}; treating as enabled: {}", session.user(), error.toString());
                    } else if (user.filter(u -> !u.enabled()).isPresent()) {
                        state.disable();
                    }
                    return null;
                }, session.eventLoop()));
    }

    @Override
    public CompletionStage<InfoVerdict> onEnvelope(ClientSession session, Envelope envelope) {
        SessionState state = sessions.get(session.id());
        if (state == null) {
            onSessionStarted(session); // liberal: the session layer skipped the start
            state = sessions.get(session.id());
        }
        SessionState s = state;
        CompletableFuture<InfoVerdict> verdict = CompletableFuture.completedFuture(InfoVerdict.OK);
        for (EnvelopeItem item : envelope.items()) {
            if (item instanceof Command command) {
                s.enqueue(() -> run(s, envelope.envid(), command));
            } else if (item instanceof GroupChat chat) {
                CompletableFuture<InfoVerdict> posted = new CompletableFuture<>();
                s.enqueue(() -> {
                    // The queue moves on once the post is taken; its verdict waits for durability.
                    posts.post(s, chat).whenComplete((v, e) -> posted.complete(e == null ? v : Failures.verdict(e)));
                    return CompletableFuture.completedFuture(null);
                });
                verdict = verdict.thenCombine(posted, (a, b) -> a.status() != 200 ? a : b);
            } else {
                log.debug("{}: ignoring a {} from the client", session.id(), item.getClass().getSimpleName());
            }
        }
        return verdict;
    }

    @Override
    public void onSessionEnded(ClientSession session, String reason) {
        SessionState state = sessions.remove(session.id());
        if (state == null) {
            return;
        }
        state.end();
        users.remove(session);
        joins.sessionEnded(state);
    }

    /**
     * Hook for whoever changes a room (admin API, peers): re-decides access for its joined
     * dialogs (so later posts are judged by the new rules) and sends them {@code ntc:roomchanged}
     * with the new summary form. A deleted room sends nothing.
     */
    public CompletableFuture<Void> roomChanged(String roomId) {
        LiveRoom room = live.room(roomId);
        if (room == null) {
            return CompletableFuture.completedFuture(null);
        }
        return storage.call(() -> {
            Optional<Room> changed = store.rooms().get(roomId);
            if (changed.isEmpty()) {
                return null;
            }
            Map<String, AccessDecision> decisions = new HashMap<>();
            List<Participant> participants = room.participants();
            for (Participant p : participants) {
                AccessDecision d = decisions.computeIfAbsent(p.user(), u -> store.access().decide(u, changed.get().id()));
                p.regrant(new Grant(changed.get(), d));
            }
            List<Participant> seeing = participants.stream().filter(p -> p.grant().decision().see()).toList();
            notices.roomChanged(seeing, forms.summary(changed.get(), store.rooms().effectiveSettings(changed.get())));
            return null;
        });
    }

    /** Hook for whoever invites (admin API, role changes): pushes {@code ntc:inv} to the user's dialogs here. */
    public CompletableFuture<Void> invited(Invitation invitation) {
        if (users.sessions(invitation.userUri()).isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return storage.call(() -> invitations.wireForm(invitation)).thenAccept(inv -> inv
                .ifPresent(i -> notices.invited(users.sessions(invitation.userUri()), i)));
    }

    /** One command, on the event loop; completes once its reply was sent. */
    private CompletionStage<Void> run(SessionState state, long envid, Command command) {
        ClientSession session = state.session();
        if (state.isEnded()) {
            return CompletableFuture.completedFuture(null);
        }
        state.markFirstCommand();
        if (!state.isEnabled()) {
            reply(session, envid, command, CommandResult.failed(ResultCode.ERROR_PERMISSION));
            state.end();
            session.end("not enabled");
            return CompletableFuture.completedFuture(null);
        }
        CommandHandler handler = handlers.get(command.name());
        CompletionStage<CommandResult> result;
        if (handler == null) {
            result = CompletableFuture.completedFuture(CommandResult.failed(ResultCode.MSG_NOT_SUPPORTED));
        } else {
            try {
                result = handler.handle(new CommandCall(session, state, envid, command));
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
        }
        return result.handle((r, e) -> r != null ? r : failure(session, command, e))
                .thenAcceptAsync(r -> reply(session, envid, command, r), session.eventLoop());
    }

    private CommandResult failure(ClientSession session, Command command, Throwable e) {
        ResultCode code = Failures.resultCode(e);
        if (code == ResultCode.SERVER_ERROR) {
            log.error("{}: cmd:{} failed", session.id(), command.name(), AsyncCause.of(e));
        } else {
            log.debug("{}: cmd:{} answered {}: {}", session.id(), command.name(), code, AsyncCause.of(e).getMessage());
        }
        return CommandResult.failed(code);
    }

    private void reply(ClientSession session, long envid, Command command, CommandResult result) {
        if (session.isOpen()) {
            session.send(Envelope.of(ids.next(), Reply.to(command, envid, command.seqid(), result.resp(), result.data())));
        }
    }
}
