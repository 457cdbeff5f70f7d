package io.pchat.client.pool;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatListener;
import io.pchat.client.ChatMessage;
import io.pchat.client.ClientOptions;
import io.pchat.client.CommandResult;
import io.pchat.client.HistoryPage;
import io.pchat.client.PostResult;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;

/** A {@link NodeSession} on one {@link ChatClient} (which follows 302 redirects itself). */
final class ChatClientSession implements NodeSession {

    private static final Logger log = LoggerFactory.getLogger(ChatClientSession.class);

    private final ChatClient client;
    private final NodeAddress address;

    private ChatClientSession(ChatClient client) {
        this.client = client;
        this.address = NodeAddress.of(client.remoteAddress());
    }

    /** The connector of real sessions. */
    static CompletableFuture<NodeSession> connect(ClientOptions options, Consumer<ChatMessage> messages) {
        return ChatClient.connect(options).thenApply(client -> {
            client.addListener(new ChatListener() {
                @Override
                public void onMessage(GroupChat chat) {
                    if (chat.msgid() == null) {
                        log.warn("a delivered message without msgid in {} is ignored", chat.chanUri());
                        return;
                    }
                    messages.accept(ChatMessage.of(chat));
                }
            });
            return new ChatClientSession(client);
        });
    }

    @Override
    public NodeAddress address() {
        return address;
    }

    @Override
    public CompletableFuture<Answer<Void>> join(RoomUri room) {
        return client.join(room).thenApply(r -> answer(r, v -> null));
    }

    @Override
    public CompletableFuture<Answer<Void>> part(RoomUri room) {
        return client.part(room).thenApply(r -> answer(r, v -> null));
    }

    @Override
    public CompletableFuture<Answer<HistoryPage>> history(RoomUri room, int count) {
        return client.historyPage(room, count).thenApply(r -> answer(r, Function.identity()));
    }

    @Override
    public CompletableFuture<Answer<HistoryPage>> historyBefore(RoomUri room, long msgid, int count) {
        return client.historyPageBefore(room, msgid, count).thenApply(r -> answer(r, Function.identity()));
    }

    @Override
    public CompletableFuture<PostResult> post(RoomUri room, String text) {
        return client.post(room, text);
    }

    @Override
    public CompletableFuture<?> probe() {
        return client.requri();
    }

    @Override
    public CompletableFuture<String> closed() {
        return client.closed();
    }

    @Override
    public void close() {
        client.close();
    }

    private static <T, V> Answer<V> answer(CommandResult<T> result, Function<T, V> value) {
        return new Answer<>(result.code(), result.resp().text(), value.apply(result.value()));
    }

    @Override
    public String toString() {
        return "session " + client.callId() + " with " + address;
    }
}
