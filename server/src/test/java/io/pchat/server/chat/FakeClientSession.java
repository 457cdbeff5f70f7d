package io.pchat.server.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.protocol.xccos.EnvelopeItem;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Notice;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.XccosDecodeResult;
import io.pchat.protocol.xccos.XccosReader;
import io.pchat.protocol.xccos.XccosWriter;
import io.pchat.server.session.ClientSession;

/**
 * A dialog as the command layer sees it, without SIP: everything sent to it goes through the
 * real XCCOS writer and reader (so only valid wire output is recorded), shared bodies are read
 * as the client would read them, and calls that must come on the dialog's event loop are
 * checked to do so.
 */
final class FakeClientSession implements ClientSession {
    private static final XccosWriter WRITER = new XccosWriter();
    private static final XccosReader READER = new XccosReader();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "dialog-" + IDS.incrementAndGet();
    private final String user;
    private final EventLoop loop;
    private final List<Envelope> received = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private volatile boolean open = true;
    private volatile String endedReason;

    FakeClientSession(String user, EventLoop loop) {
        this.user = user;
        this.loop = loop;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public void send(Envelope envelope) {
        if (open) {
            received.add(decode(WRITER.encode(envelope)));
        }
    }

    @Override
    public void sendShared(ByteBuf body) {
        if (!loop.inEventLoop()) {
            problems.add("sendShared off the event loop");
        }
        if (body.refCnt() < 1) {
            problems.add("sendShared with a released body");
        }
        if (open) {
            received.add(decode(ByteBufUtil.getBytes(body)));
        }
    }

    @Override
    public void flush() {
        if (!loop.inEventLoop()) {
            problems.add("flush off the event loop");
        }
        flushes.incrementAndGet();
    }

    @Override
    public void end(String reason) {
        endedReason = reason;
        open = false;
    }

    /** The reason given to {@link #end}, or null while the dialog is up. */
    String endedReason() {
        return endedReason;
    }

    List<String> problems() {
        return problems;
    }

    int flushes() {
        return flushes.get();
    }

    List<Envelope> envelopes() {
        return List.copyOf(received);
    }

    List<EnvelopeItem> items() {
        List<EnvelopeItem> items = new ArrayList<>();
        for (Envelope e : received) {
            items.addAll(e.items());
        }
        return items;
    }

    List<Reply> replies() {
        return items().stream().filter(Reply.class::isInstance).map(Reply.class::cast).toList();
    }

    Optional<Reply> reply(long commandSeqid, long commandEnvid) {
        return replies().stream()
                .filter(r -> r.commandId().seqid() == commandSeqid && r.commandId().envid() == commandEnvid)
                .findFirst();
    }

    List<Notice> notices(String name) {
        return items().stream().filter(Notice.class::isInstance).map(Notice.class::cast).filter(n -> n.is(name))
                .toList();
    }

    List<GroupChat> chats() {
        return items().stream().filter(GroupChat.class::isInstance).map(GroupChat.class::cast).toList();
    }

    void forget() {
        received.clear();
    }

    private static Envelope decode(byte[] body) {
        XccosDecodeResult result = READER.read(body);
        if (result instanceof XccosDecodeResult.Decoded d) {
            return d.envelope();
        }
        throw new AssertionError("the node sent an invalid body: " + result + "\n" + new String(body,
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return id + "(" + user + ")";
    }
}
