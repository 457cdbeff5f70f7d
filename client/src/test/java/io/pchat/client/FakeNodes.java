package io.pchat.client;

import io.pchat.protocol.xccos.Command;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Reply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.awaitility.Awaitility.await;

/** The fake node for tests outside this package (the command line's). */
public final class FakeNodes {

    private FakeNodes() {
    }

    /** Starts a node that answers each command with {@code script}. */
    public static Handle start(BiFunction<Command, Long, List<Reply>> script) throws InterruptedException {
        FakeChatNode node = new FakeChatNode();
        node.replies = script::apply;
        return new Handle(node);
    }

    /** A running fake node. */
    public static final class Handle implements AutoCloseable {
        private final FakeChatNode node;

        Handle(FakeChatNode node) {
            this.node = node;
        }

        public int port() {
            return node.port();
        }

        /** The names of the commands received so far, in order. */
        public List<String> commandNames() {
            return node.commands().stream().map(Map.Entry::getValue).map(Command::name).toList();
        }

        /** Answers every later post with {@code status}. */
        public void refusePosts(int status) {
            node.posts = chat -> new FakeChatNode.PostAnswer(status, 0);
        }

        /** Waits (at most 5 s) until a command of that name has come. */
        public void awaitCommand(String name) {
            await().atMost(Duration.ofSeconds(5)).until(() -> commandNames().contains(name));
        }

        /** Delivers a message to the client and waits for its 200. */
        public void deliver(String room, String author, long msgid, String text) throws Exception {
            node.push(new GroupChat(1, room, author, Instant.now(), msgid, text, false, null)).get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            node.close();
        }
    }
}
