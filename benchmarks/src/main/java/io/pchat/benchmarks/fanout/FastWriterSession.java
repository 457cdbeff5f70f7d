package io.pchat.benchmarks.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.sip.DialogInfoWriter;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.server.session.ClientSession;

/**
 * A recipient dialog for the fan-out benchmark that does, per delivery, exactly what the node's
 * {@code io.pchat.server.sip.Dialog#sendShared} and {@code #flush} do on the wire: check the
 * dialog and channel are open, {@link DialogInfoWriter#write} (pre-encoded header bytes with the
 * next CSeq, then a retained duplicate of the shared body) and, once per partition,
 * {@code channel.flush()}.
 *
 * <p>Why not the real {@code Dialog}: it can only be built by the session layer from an accepted
 * INVITE (package-private constructor, a {@code SipConnection} with its listener context). What
 * {@code Dialog} also does per INFO and this class does not: record the INFO in the connection's
 * {@code NodeTransactions} (one small entry in a map and a deadline queue, removed when the
 * client's 200 arrives), which is not part of "bytes handed to the channel" and, since the far
 * side here never answers, would only pile up.
 *
 * <p>Confinement: {@link #sendShared} and {@link #flush} run on the channel's event loop, as the
 * writer's CSeq counter requires.
 */
final class FastWriterSession implements ClientSession {
    private final String id;
    private final String user;
    private final Channel channel;
    private final DialogInfoWriter writer;
    private volatile boolean open = true;

    FastWriterSession(String user, Channel channel, DialogInfoTemplate template) {
        this.id = template.callId();
        this.user = user;
        this.channel = channel;
        this.writer = DialogInfoWriter.create(template);
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
        return channel.eventLoop();
    }

    @Override
    public void send(Envelope envelope) {
        throw new UnsupportedOperationException("fan-out benchmark sessions only take shared deliveries");
    }

    @Override
    public void sendShared(ByteBuf body) {
        if (!open || !channel.isActive()) {
            return;
        }
        writer.write(channel, body);
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void end(String reason) {
        open = false;
    }
}
