package io.pchat.benchmarks.fanout;

import gov.nist.javax.sip.message.SIPRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.pchat.protocol.sip.DialogInfoTemplate;
import io.pchat.protocol.sip.JainSipInfoFactory;
import io.pchat.protocol.sip.SipMessageEncoder;

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
@SuppressWarnings("ReferenceEquality") // the shared body is recognised by identity: one copy per message
final class JainSipSession extends BenchmarkSession {
    private static final JainSipInfoFactory FACTORY = new JainSipInfoFactory();

    private final DialogInfoTemplate template;
    private final BodyBytes bodyBytes;
    private final String branchPrefix;
    private long nextCSeq = 1;

    JainSipSession(String user, Channel channel, DialogInfoTemplate template, BodyBytes bodyBytes, String branchPrefix) {
        super(template.callId(), user, channel);
        this.template = template;
        this.bodyBytes = bodyBytes;
        this.branchPrefix = "z9hG4bK" + branchPrefix + "-";
    }

    @Override
    protected void write(ByteBuf body) {
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
        super.flush();
    }

    /**
     * The current message's body as an array, copied once per event loop and message (again after
     * each flush, which the fan-out does every 1,024 dialogs: a small share of the JAIN-SIP path's
     * cost). A flush forgets it. Event loop only.
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
