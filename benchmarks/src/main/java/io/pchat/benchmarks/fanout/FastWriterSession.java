package io.pchat.benchmarks.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.sip.DialogInfoWriter;

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
final class FastWriterSession extends BenchmarkSession {
    private final DialogInfoWriter writer;

    FastWriterSession(String user, Channel channel, DialogInfoTemplate template) {
        super(template.callId(), user, channel);
        this.writer = DialogInfoWriter.create(template);
    }

    @Override
    protected void write(ByteBuf body) {
        writer.write(channel, body);
    }
}
