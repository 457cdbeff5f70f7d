package io.pchat.client;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.EventLoopGroup;
import io.pchat.protocol.sip.InfoRequest;
import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.CommandRef;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.EnvelopeItem;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.Pref;
import io.pchat.protocol.xccos.Qib;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.protocol.xccos.Sib;
import io.pchat.protocol.xccos.Token;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.protocol.xccos.XccosWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * One client session with a chat node: an established INVITE dialog over one TCP connection,
 * through which it sends XCCOS commands and chat messages and hears replies, messages and notices.
 *
 * <p>Threading: all SIP and dialog state lives on the connection's event loop; every public method
 * may be called from any thread and returns at once with a future, except {@link #open} and
 * {@link #close}, which wait (bounded) in the caller's thread. Listeners are called on the event
 * loop and must not block.
 *
 * <p>Invariants: envids count up by one from a random start, so {@code (seqid, envid)} is unique
 * per dialog and correlates each reply with its command; every returned future completes: with
 * the reply (any result code), a {@link TimeoutException} after the command timeout, an
 * {@link InfoRefusedException}, or a {@link ConnectionLostException} once the dialog has ended.
 * Listeners hear {@code onClosed} exactly once.
 */
public final class ChatClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatClient.class);
    /** How long {@link #close()} waits for the BYE's answer and for the connection to close. */
    private static final Duration BYE_WAIT = Duration.ofSeconds(2);

    private final ClientOptions options;
    private final SipConnection connection;
    private final ClientDialog dialog;
    private final EventLoopGroup ownedGroup;
    private final PendingCommands pending;
    private final XccosWriter writer = new XccosWriter();
    private final XccosReader reader = new XccosReader();
    private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private volatile ChatEvents events;
    private final SessionRefresh refresh;
    // event loop only:
    private long nextEnvid = 1 + ThreadLocalRandom.current().nextLong(Integer.MAX_VALUE);

    private ChatClient(ClientOptions options, SessionSetup.Established session, EventLoopGroup ownedGroup) {
        this.options = options;
        this.connection = session.connection();
        this.dialog = session.dialog();
        this.ownedGroup = ownedGroup;
        this.pending = new PendingCommands(connection.eventLoop());
        this.refresh = new SessionRefresh(connection, dialog, options.sessionExpires().toSeconds(),
                session.grantedExpiresSeconds(), options.commandTimeout());
        connection.closed().thenAccept(this::onConnectionClosed);
        connection.onRequest(this::onRequest);
        connection.onInfo(this::onInfo);
        connection.execute(refresh::start);
    }

    /**
     * Connects, INVITEs the service URI (answering one Digest challenge, following 302s) and ACKs.
     * Fails with {@link SessionRefusedException}, a connect error or a {@link TimeoutException}.
     */
    public static CompletableFuture<ChatClient> connect(ClientOptions options) {
        EventLoopGroup group = options.eventLoopGroup();
        EventLoopGroup owned = group == null ? NettyTransport.best().newGroup(1, "pchat-client") : null;
        return new SessionSetup(options, group == null ? owned : group).run()
                .thenApply(session -> new ChatClient(options, session, owned))
                .whenComplete((client, error) -> {
                    if (error != null && owned != null) {
                        owned.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                    }
                });
    }

    /**
     * {@link #connect}, waiting at most the connect timeout per redirect hop. A refusal is rethrown
     * as {@link SessionRefusedException}; every other failure as an {@link IOException}.
     */
    public static ChatClient open(ClientOptions options) throws IOException, InterruptedException {
        long waitNanos = options.connectTimeout().toNanos() * (options.maxRedirects() + 1) * 2;
        CompletableFuture<ChatClient> connecting = connect(options);
        try {
            return connecting.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SessionRefusedException refused) {
                throw refused;
            }
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            connecting.thenAccept(ChatClient::close);
            throw new IOException("no session with " + options.host() + ":" + options.port() + " in time", e);
        }
    }

    public ClientOptions options() {
        return options;
    }

    /** Our identity, the From URI. */
    public String user() {
        return options.user();
    }

    public String callId() {
        return dialog.callId();
    }

    public InetSocketAddress localAddress() {
        return connection.localAddress();
    }

    /** The node's end of the connection: after a 302, the node the redirect led to. */
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    /** Whether the dialog is still up. */
    public boolean isOpen() {
        return !ended.isDone() && connection.isOpen();
    }

    /** Completes with the reason once the dialog has ended. */
    public CompletableFuture<String> closed() {
        return ended.thenApply(Function.identity());
    }

    public void addListener(ChatListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ChatListener listener) {
        listeners.remove(listener);
    }

    /**
     * A queue of everything heard from the first call on (created and registered then): for tests
     * and the command line. High-volume users should add a listener instead.
     */
    public synchronized ChatEvents events() {
        if (events == null) {
            events = new ChatEvents();
            listeners.add(events);
            if (ended.isDone()) {
                events.onClosed(ended.join());
            }
        }
        return events;
    }

    /**
     * Sends one command in its own envelope and completes with the reply whose commandid names
     * it, whatever its result code.
     */
    public CompletableFuture<Reply> send(Command command) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        onEventLoop(result, () -> {
            long envid = nextEnvid++;
            CommandRef ref = new CommandRef(command.seqid(), envid);
            pending.register(ref, command.replyName(), options.commandTimeout()).whenComplete((reply, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(reply);
                }
            });
            if (result.isDone()) {
                return;
            }
            OutgoingRequest info = dialog.info(writer.encode(Envelope.of(envid, command)));
            connection.send(info, options.commandTimeout()).whenComplete((response, error) -> {
                if (error != null) {
                    pending.fail(ref, error);
                } else if (response.getStatusCode() / 100 != 2) {
                    pending.fail(ref, new InfoRefusedException(PostResult.of(response)));
                }
            });
        });
        return result;
    }

    public CompletableFuture<CommandResult<Optional<String>>> requri() {
        return ask(Commands.requri(), ReplyData::requri);
    }

    /** Server information for the options' domain. */
    public CompletableFuture<CommandResult<Optional<Sib>>> getServerInfo() {
        return getServerInfo(options.domain());
    }

    public CompletableFuture<CommandResult<Optional<Sib>>> getServerInfo(String domain) {
        return ask(Commands.getServerInfo(domain), ReplyData::serverInfo);
    }

    /** Rooms we are a {@code member} of, or ({@code manager}, ours) manage. */
    public CompletableFuture<CommandResult<List<RoomSummary>>> getAssociations(String type) {
        return ask(Commands.getAssociations(type), ReplyData::rooms);
    }

    /** Joins a room: its form, participants and recent history; empty when refused. */
    public CompletableFuture<CommandResult<Optional<JoinedRoom>>> join(RoomUri room) {
        return ask(Commands.join(room), reply -> ReplyData.joined(reply).joined().stream().findFirst());
    }

    public CompletableFuture<CommandResult<BatchJoin>> bjoin(List<RoomUri> rooms) {
        return ask(Commands.bjoin(rooms), ReplyData::joined);
    }

    /** Leaves a room; the value is the room asked about. */
    public CompletableFuture<CommandResult<RoomUri>> part(RoomUri room) {
        return ask(Commands.part(room), reply -> room);
    }

    /** The last {@code lastN} messages, oldest first. */
    public CompletableFuture<CommandResult<List<ChatMessage>>> history(RoomUri room, int lastN) {
        return ask(Commands.history(room, lastN), ReplyData::messages);
    }

    /** Up to {@code count} messages before message {@code msgid}, oldest first (ours). */
    public CompletableFuture<CommandResult<List<ChatMessage>>> historyBefore(RoomUri room, long msgid, int count) {
        return ask(Commands.historyBefore(room, msgid, count), ReplyData::messages);
    }

    /** As {@link #history}, with the gaps the page spans (msgids that name no message). */
    public CompletableFuture<CommandResult<HistoryPage>> historyPage(RoomUri room, int lastN) {
        return ask(Commands.history(room, lastN), ReplyData::page);
    }

    /** As {@link #historyBefore}, with the gaps the page spans (msgids that name no message). */
    public CompletableFuture<CommandResult<HistoryPage>> historyPageBefore(RoomUri room, long msgid, int count) {
        return ask(Commands.historyBefore(room, msgid, count), ReplyData::page);
    }

    /** Rooms by name ({@code extended}: description too); empty criteria lists every visible room. */
    public CompletableFuture<CommandResult<List<RoomSummary>>> searchRooms(String criteria, boolean extended) {
        return ask(Commands.searchRooms(criteria, extended), ReplyData::rooms);
    }

    /** Chat history search (ours); build the query with {@link Qib#chatSearch}. */
    public CompletableFuture<CommandResult<List<ChatMessage>>> searchChat(Qib query) {
        return ask(Commands.searchChat(query), ReplyData::messages);
    }

    /** Messages of {@code room} containing {@code text}. */
    public CompletableFuture<CommandResult<List<ChatMessage>>> searchChat(RoomUri room, String text) {
        return searchChat(Qib.chatSearch(room.toString(), text, null, null, null, null));
    }

    /** Invitations newer than {@code sinceId} ({@code "0"} for all). */
    public CompletableFuture<CommandResult<List<Invitation>>> getInvitations(String sinceId) {
        return ask(Commands.getInvitations(sinceId, options.domain()), ReplyData::invitations);
    }

    /** A preference; empty when our {@code seqid} is current. */
    public CompletableFuture<CommandResult<Optional<Pref>>> getPref(String label, long seqid) {
        return ask(Commands.getPref(label, seqid), ReplyData::pref);
    }

    /** Stores a preference over version {@code seqid}; 409 when that version is stale. */
    public CompletableFuture<CommandResult<Optional<Pref>>> setPref(String label, long seqid, byte[] content) {
        return ask(Commands.setPref(label, seqid, content), ReplyData::pref);
    }

    public CompletableFuture<CommandResult<Optional<Token>>> fileUploadToken(RoomUri room, String fileName) {
        return ask(Commands.fileUploadToken(room, fileName), ReplyData::token);
    }

    public CompletableFuture<CommandResult<Optional<Token>>> fileDownloadToken(RoomUri room, String fileName) {
        return ask(Commands.fileDownloadToken(room, fileName), ReplyData::token);
    }

    /** Posts a plain message; completes with the SIP answer (200 once stored durably). */
    public CompletableFuture<PostResult> post(RoomUri room, String text) {
        return post(new GroupChat(Commands.SEQID, room.toString(), options.user(), Instant.now(), null, text, false, null));
    }

    /** Posts an alert (ours: {@code alert="true"}). */
    public CompletableFuture<PostResult> postAlert(RoomUri room, String text) {
        return post(new GroupChat(Commands.SEQID, room.toString(), options.user(), Instant.now(), null, text, true, null));
    }

    /** Posts a story with a title (ours). */
    public CompletableFuture<PostResult> postStory(RoomUri room, String title, String text) {
        return post(new GroupChat(Commands.SEQID, room.toString(), options.user(), Instant.now(), null, text, false, title));
    }

    /** Posts any grpchat as a top-level envelope item; completes with the INFO's SIP answer. */
    public CompletableFuture<PostResult> post(GroupChat chat) {
        CompletableFuture<PostResult> result = new CompletableFuture<>();
        onEventLoop(result, () -> {
            OutgoingRequest info = dialog.info(writer.encode(Envelope.of(nextEnvid++, chat)));
            connection.send(info, options.commandTimeout()).whenComplete((response, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(PostResult.of(response));
                }
            });
        });
        return result;
    }

    /**
     * Ends the session: BYE (waiting up to 2 s for its answer), then closes the connection and, if
     * the client made its own event loop group, shuts it down. Idempotent.
     */
    @Override
    public void close() {
        boolean waitHere = !connection.eventLoop().inEventLoop();
        if (closing.compareAndSet(false, true) && isOpen()) {
            CompletableFuture<SIPResponse> bye = new CompletableFuture<>();
            connection.execute(() -> connection.send(dialog.bye(), BYE_WAIT).whenComplete((r, e) -> bye.complete(r)));
            if (waitHere) {
                awaitQuietly(bye, BYE_WAIT.plusMillis(200));
            }
        }
        connection.close("closed by the client");
        if (waitHere) {
            awaitQuietly(ended, BYE_WAIT);
        }
    }

    /**
     * Runs {@code task} on the event loop unless the dialog has ended, in which case (or if the
     * loop is gone with it) {@code result} fails at once.
     */
    private void onEventLoop(CompletableFuture<?> result, Runnable task) {
        if (ended.isDone()) {
            result.completeExceptionally(new ConnectionLostException(ended.join()));
            return;
        }
        try {
            connection.execute(() -> {
                if (ended.isDone()) {
                    result.completeExceptionally(new ConnectionLostException(ended.join()));
                } else {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ConnectionLostException("the client's event loop has stopped"));
        }
    }

    private <T> CompletableFuture<CommandResult<T>> ask(Command command, Function<Reply, T> read) {
        return send(command).thenApply(reply -> CommandResult.of(reply, read));
    }

    private void onRequest(SIPRequest request) {
        String method = request.getMethod();
        if (method.equals("ACK")) {
            return;
        }
        if (method.equals("OPTIONS")) {
            connection.respond(request, 200);
            return;
        }
        if (!dialog.callId().equals(request.getCallId().getCallId())) {
            connection.respond(request, 481);
            return;
        }
        switch (method) {
            case "INFO" -> onInfo(request);
            case "BYE" -> {
                connection.respond(request, 200);
                connection.close("BYE from the node");
            }
            case "UPDATE" -> connection.respond(request, 200);
            default -> connection.respond(request, 501);
        }
    }

    private void onInfo(SIPRequest request) {
        onInfo(request.getRawContent(), status -> connection.respond(request, status));
    }

    /** An INFO read by the delivery path's scan: the same as through the full parser, answered from its own lines. */
    private void onInfo(InfoRequest request, byte[] body) {
        if (!dialog.callId().equals(request.callId())) {
            connection.respond(request, 481, "Call/Transaction Does Not Exist");
            return;
        }
        onInfo(body, status -> connection.respond(request, status, status == 200 ? "OK"
                : status == 413 ? "Request Entity Too Large" : "Bad Request"));
    }

    /** Answers the INFO (200, or 400/413 for a body that is no envelope), then dispatches its items in order. */
    private void onInfo(byte[] body, IntConsumer respond) {
        if (body == null || body.length == 0) {
            respond.accept(200);
            return;
        }
        XccosDecodeResult decoded = reader.read(body);
        if (decoded instanceof XccosDecodeResult.Failed failed) {
            log.warn("node INFO with a bad envelope: {}", failed);
            respond.accept(failed.kind() == XccosDecodeResult.Kind.LIMIT_EXCEEDED ? 413 : 400);
            return;
        }
        respond.accept(200);
        for (EnvelopeItem item : ((XccosDecodeResult.Decoded) decoded).envelope().items()) {
            if (item instanceof Reply reply) {
                if (!pending.complete(reply)) {
                    log.debug("reply to no waiting command: {}", reply.commandId());
                }
            } else if (item instanceof GroupChat chat) {
                tellListeners(l -> l.onMessage(chat));
            } else if (item instanceof Notice notice) {
                tellListeners(l -> l.onNotice(notice));
            }
        }
    }

    private void onConnectionClosed(String reason) {
        connection.execute(() -> {
            if (ended.isDone()) {
                return;
            }
            refresh.stop();
            pending.failAll(new ConnectionLostException(reason));
            ended.complete(reason);
            tellListeners(l -> l.onClosed(reason));
            if (ownedGroup != null) {
                ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        });
    }

    private void tellListeners(Consumer<ChatListener> call) {
        for (ChatListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("listener {} failed", listener, e);
            }
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "ChatClient[" + options.user() + " " + dialog.callId() + (isOpen() ? "" : " closed") + "]";
    }
}
