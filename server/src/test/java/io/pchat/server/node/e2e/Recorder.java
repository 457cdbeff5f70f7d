package io.pchat.server.node.e2e;

import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatListener;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.RoomUri;

/** Everything one client heard, in arrival order, for assertions on order and exactly-once. */
final class Recorder implements ChatListener {
    final List<GroupChat> messages = new CopyOnWriteArrayList<>();
    final List<Notice> notices = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();

    static Recorder on(ChatClient client) {
        Recorder r = new Recorder();
        client.addListener(r);
        return r;
    }

    @Override
    public void onMessage(GroupChat message) {
        messages.add(message);
    }

    @Override
    public void onNotice(Notice notice) {
        notices.add(notice);
    }

    @Override
    public void onClosed(String reason) {
        closed.complete(reason);
    }

    List<GroupChat> in(RoomUri room) {
        return messages.stream().filter(m -> room.equals(RoomUri.parse(m.chanUri()).orElse(null))).toList();
    }

    List<Long> msgids(RoomUri room) {
        return in(room).stream().map(GroupChat::msgid).toList();
    }

    List<Notice> notices(String name) {
        return notices.stream().filter(n -> n.is(name)).toList();
    }

    /** Waits until at least {@code n} messages of {@code room} arrived. */
    List<GroupChat> awaitMessages(RoomUri room, int n) {
        await().atMost(TestNode.WAIT).until(() -> in(room).size() >= n);
        return in(room);
    }

    List<Notice> awaitNotices(String name, int n) {
        await().atMost(TestNode.WAIT).until(() -> notices(name).size() >= n);
        return notices(name);
    }
}
