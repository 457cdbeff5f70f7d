package io.pchat.benchmarks.fanout;

import gov.nist.javax.sip.message.SIPRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.sip.JainSipInfoFactory;
import io.pchat.protocol.sip.SipMessageEncoder;
import io.pchat.protocol.xccos.Envelope;
import io.pchat.server.session.ClientSession;

/**
 * The same recipient dialog as {@link FastWriterSession}, built the way a JAIN-SIP stack would:
 * per delivery, one {@link SIPRequest} from the dialog's values (new Via branch, CSeq, the body),
 * encoded into a pooled buffer and written to the channel.
 *
 * <p>Fairness: the shared body is copied to a {@code byte[]} once per event loop and message
 * (the {@link BodyBytes} of the loop), not once per recipient, since JAIN-SIP wants an array;
 * everything else JAIN-SIP does per request is measured.
 *
 * <p>Confinement: event loop only, like the node's dialogs.
 */
final class JainSipSession implements ClientSession {
    private static final JainSipInfoFactory FACTORY = new JainSipInfoFactory();

    private final String id;
    private final String user;
    private final Channel channel;
    private final DialogInfoTemplate template;
    private final BodyBytes bodyBytes;
    private final String branchPrefix;
    private long nextCSeq = 1;
    private volatile boolean open = true;

    JainSipSession(String user, Channel channel, DialogInfoTemplate template, BodyBytes bodyBytes, String branchPrefix) {
        this.id = template.callId();
        this.user = user;
        this.channel = channel;
        this.template = template;
        this.bodyBytes = bodyBytes;
        this.branchPrefix = "z9hG4bK" + branchPrefix + "-";
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
        byte[] bytes = bodyBytes.of(body);
        long cseq = nextCSeq++;
        SIPRequest request = FACTORY.create(template, branchPrefix + cseq, cseq, bytes);
        ByteBuf out = channel.alloc().buffer(bytes.length + 512);
        SipMessageEncoder.encode(request, out);
        channel.write(out, channel.voidPromise());
    }

    @Override
    public void flush() {
        bodyBytes.forget();
        channel.flush();
    }

    @Override
    public void end(String reason) {
        open = false;
    }

    /**
     * The current message's body as an array, copied once per event loop and message. Valid
     * because a fan-out task writes the body to every dialog of its partition before flushing any
     * of them: the first flush forgets it. Event loop only.
     */
    static final class BodyBytes {
        private ByteBuf body;
        private byte[] bytes;

        byte[] of(ByteBuf shared) {
            if (shared != body) {
                body = shared;
                bytes = ByteBufUtil.getBytes(shared);
            }
            return bytes;
        }

        void forget() {
            body = null;
            bytes = null;
        }
    }
}
